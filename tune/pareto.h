#pragma once

#include <cstddef>
#include <vector>

namespace shadowscale {

// One point of a two-objective search: both objectives are to be minimised.
struct Objectives {
  double cost = 0;
  double violations = 0;
};

// Positions of the points no other point dominates (no worse in both objectives and better in
// one), ordered by cost, then violations, then position. Equal points are all kept.
std::vector<std::size_t> paretoFront(const std::vector<Objectives>& points);

// The points in successive fronts: the front, then the front of what remains, and so on.
std::vector<std::vector<std::size_t>> paretoLayers(const std::vector<Objectives>& points);

// Spearman's rank correlation of two equally long samples (average ranks for ties); NaN when
// fewer than two values or when one sample is constant.
double spearman(const std::vector<double>& a, const std::vector<double>& b);

}  // namespace shadowscale
