#include "tune/pareto.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace shadowscale {

namespace {

// Positions among `subset` that no other member of it dominates, in front order.
std::vector<std::size_t> frontOf(const std::vector<Objectives>& p,
                                 const std::vector<std::size_t>& subset) {
  std::vector<std::size_t> order = subset;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (p[a].cost != p[b].cost) {
      return p[a].cost < p[b].cost;
    }
    if (p[a].violations != p[b].violations) {
      return p[a].violations < p[b].violations;
    }
    return a < b;
  });
  // In cost order a point is on the front when its violations are below every cheaper point's
  // (or equal to the best so far at the same cost).
  std::vector<std::size_t> front;
  double best = std::numeric_limits<double>::infinity();
  double best_cost = std::numeric_limits<double>::quiet_NaN();
  for (std::size_t i : order) {
    const bool tie = !front.empty() && p[i].cost == best_cost && p[i].violations == best;
    if (p[i].violations < best || tie) {
      front.push_back(i);
      best = p[i].violations;
      best_cost = p[i].cost;
    }
  }
  return front;
}

std::vector<double> ranks(const std::vector<double>& v) {
  std::vector<std::size_t> order(v.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return v[a] < v[b]; });
  std::vector<double> r(v.size());
  for (std::size_t i = 0; i < order.size();) {
    std::size_t j = i;
    while (j + 1 < order.size() && v[order[j + 1]] == v[order[i]]) {
      ++j;
    }
    const double mean_rank = (static_cast<double>(i) + static_cast<double>(j)) / 2.0 + 1.0;
    for (std::size_t k = i; k <= j; ++k) {
      r[order[k]] = mean_rank;
    }
    i = j + 1;
  }
  return r;
}

}  // namespace

std::vector<std::size_t> paretoFront(const std::vector<Objectives>& points) {
  std::vector<std::size_t> all(points.size());
  std::iota(all.begin(), all.end(), 0);
  return frontOf(points, all);
}

std::vector<std::vector<std::size_t>> paretoLayers(const std::vector<Objectives>& points) {
  std::vector<std::size_t> rest(points.size());
  std::iota(rest.begin(), rest.end(), 0);
  std::vector<std::vector<std::size_t>> layers;
  while (!rest.empty()) {
    std::vector<std::size_t> front = frontOf(points, rest);
    std::vector<std::size_t> sorted = front;
    std::sort(sorted.begin(), sorted.end());
    std::vector<std::size_t> next;
    std::set_difference(rest.begin(), rest.end(), sorted.begin(), sorted.end(),
                        std::back_inserter(next));
    rest = std::move(next);
    layers.push_back(std::move(front));
  }
  return layers;
}

double spearman(const std::vector<double>& a, const std::vector<double>& b) {
  const std::size_t n = std::min(a.size(), b.size());
  if (n < 2) {
    return std::numeric_limits<double>::quiet_NaN();
  }
  const std::vector<double> ra = ranks({a.begin(), a.begin() + static_cast<std::ptrdiff_t>(n)});
  const std::vector<double> rb = ranks({b.begin(), b.begin() + static_cast<std::ptrdiff_t>(n)});
  const double mean = (static_cast<double>(n) + 1.0) / 2.0;
  double sab = 0, saa = 0, sbb = 0;
  for (std::size_t i = 0; i < n; ++i) {
    sab += (ra[i] - mean) * (rb[i] - mean);
    saa += (ra[i] - mean) * (ra[i] - mean);
    sbb += (rb[i] - mean) * (rb[i] - mean);
  }
  if (saa == 0 || sbb == 0) {
    return std::numeric_limits<double>::quiet_NaN();
  }
  return sab / std::sqrt(saa * sbb);
}

}  // namespace shadowscale
