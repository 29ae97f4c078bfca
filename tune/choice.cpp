#include "tune/choice.h"

#include <cmath>
#include <cstdio>
#include <optional>

namespace shadowscale {

namespace {

std::string fmt(const char* format, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

// Instance-hours of the last training part, 0 when the setup has no parts.
double lastPartHours(const Confirmed& c) {
  return c.sim_train_parts.empty() ? 0.0 : c.sim_train_parts.back().instance_hours;
}

// Within `budget` times the baseline's instance-hours on the whole training window and on its
// last part: a setup whose cost grows faster than the baseline's shows it there first.
bool withinBudget(const Confirmed& c, const Confirmed& baseline, double budget) {
  if (c.sim_train.instance_hours > budget * baseline.sim_train.instance_hours) {
    return false;
  }
  return c.sim_train_parts.empty() || baseline.sim_train_parts.empty() ||
         lastPartHours(c) <= budget * lastPartHours(baseline);
}

// The setup with the fewest violation minutes among `eligible`, the cheaper on a tie.
std::size_t fewestViolations(const std::vector<Confirmed>& all,
                             const std::vector<std::size_t>& eligible) {
  std::size_t best = eligible.front();
  for (std::size_t i : eligible) {
    const WindowMetrics& m = all[i].sim_train;
    const WindowMetrics& b = all[best].sim_train;
    if (m.violation_minutes < b.violation_minutes ||
        (m.violation_minutes == b.violation_minutes && m.instance_hours < b.instance_hours)) {
      best = i;
    }
  }
  return best;
}

// The cheapest of `eligible` whose violation minutes are not clearly more than `minutes`, the
// one with fewer minutes on equal cost; none when every one is clearly more.
std::optional<std::size_t> cheapestNotClearlyMore(const std::vector<Confirmed>& all,
                                                  const std::vector<std::size_t>& eligible,
                                                  double minutes) {
  std::optional<std::size_t> pick;
  for (std::size_t i : eligible) {
    const WindowMetrics& m = all[i].sim_train;
    if (chanceOfAtLeast(m.violation_minutes, minutes) <= kClearlyMoreLevel) {
      continue;
    }
    if (!pick || m.instance_hours < all[*pick].sim_train.instance_hours ||
        (m.instance_hours == all[*pick].sim_train.instance_hours &&
         m.violation_minutes < all[*pick].sim_train.violation_minutes)) {
      pick = i;
    }
  }
  return pick;
}

std::string ratioText(double a, double b) {
  return b > 0 ? fmt("%.3f", a / b) + "x" : "-";
}

}  // namespace

double chanceOfAtLeast(double more, double fewer) {
  const auto k = static_cast<long>(std::llround(std::max(more, 0.0)));
  const auto n = k + static_cast<long>(std::llround(std::max(fewer, 0.0)));
  // Summed in logarithms: n reaches thousands of minutes for setups that run overloaded.
  const double log_half_n = -static_cast<double>(n) * std::log(2.0);
  const double log_n_fact = std::lgamma(static_cast<double>(n) + 1);
  double sum = 0;
  for (long i = k; i <= n; ++i) {
    sum += std::exp(log_n_fact - std::lgamma(static_cast<double>(i) + 1) -
                    std::lgamma(static_cast<double>(n - i) + 1) + log_half_n);
  }
  return std::min(sum, 1.0);
}

Choice chooseSetup(const std::vector<Confirmed>& confirmed, const Confirmed& baseline,
                   double budget) {
  std::vector<std::size_t> eligible;
  for (std::size_t i = 0; i < confirmed.size(); ++i) {
    if (withinBudget(confirmed[i], baseline, budget)) {
      eligible.push_back(i);
    }
  }
  Choice choice;
  if (eligible.empty()) {
    choice.reason = "no confirmed setup stayed within " + fmt("%.2f", budget) +
                    "x the baseline's instance-hours on the training window and its last part";
    return choice;
  }
  const double base_minutes = baseline.sim_train.violation_minutes;
  const double chance_of_none = chanceOfAtLeast(base_minutes, 0);
  if (chance_of_none > kClearlyMoreLevel) {
    const auto pick = cheapestNotClearlyMore(confirmed, eligible, base_minutes);
    if (pick) {
      const WindowMetrics& c = confirmed[*pick].sim_train;
      choice.index = static_cast<int>(*pick);
      choice.reason = "the baseline lost only " + fmt("%.0f", base_minutes) +
                      " violation minutes on the training window, too few to show that any setup "
                      "loses fewer (even none would happen by chance with probability " +
                      fmt("%.2f", chance_of_none) + "), so the cheapest setup within " +
                      fmt("%.2f", budget) +
                      "x its instance-hours whose minutes are not clearly more than its " +
                      fmt("%.0f", base_minutes) + ": " + fmt("%.0f", c.violation_minutes) + " at " +
                      ratioText(c.instance_hours, baseline.sim_train.instance_hours);
      return choice;
    }
  }
  const std::size_t best = fewestViolations(confirmed, eligible);
  const WindowMetrics& c = confirmed[best].sim_train;
  choice.index = static_cast<int>(best);
  choice.reason = "the fewest violation minutes on the training window within " +
                  fmt("%.2f", budget) +
                  "x the baseline's instance-hours: " + fmt("%.0f", c.violation_minutes) +
                  " (the baseline: " + fmt("%.0f", base_minutes) + ") at " +
                  ratioText(c.instance_hours, baseline.sim_train.instance_hours);
  return choice;
}

}  // namespace shadowscale
