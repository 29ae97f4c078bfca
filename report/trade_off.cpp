#include "report/trade_off.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace shadowscale {

std::vector<std::size_t> paretoFront(const std::vector<TradeOffPoint>& points) {
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < points.size(); ++i) {
    if (std::isfinite(points[i].cost) && std::isfinite(points[i].slo_violation_minutes)) {
      order.push_back(i);
    }
  }
  // By cost, then violations: sweeping left to right, a point is on the front when it breaks the
  // SLO for less time than every cheaper point.
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (points[a].cost != points[b].cost) {
      return points[a].cost < points[b].cost;
    }
    return points[a].slo_violation_minutes < points[b].slo_violation_minutes;
  });
  std::vector<std::size_t> front;
  double best = std::numeric_limits<double>::infinity();
  for (std::size_t i : order) {
    if (points[i].slo_violation_minutes < best) {
      front.push_back(i);
      best = points[i].slo_violation_minutes;
    }
  }
  return front;
}

}  // namespace shadowscale
