#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace shadowscale {

// One setup of one run on the trade-off chart: what it cost against how long it broke the SLO.
struct TradeOffPoint {
  std::string label;  // "setup" or "run: setup"
  double cost = 0;
  double slo_violation_minutes = 0;
};

// The points no other point beats on both cost and SLO-violation minutes (lower is better on
// both; a point equal to another on both is kept once), in order of rising cost: the front a
// planner chooses from. Points with a NaN coordinate are never on it.
std::vector<std::size_t> paretoFront(const std::vector<TradeOffPoint>& points);

}  // namespace shadowscale
