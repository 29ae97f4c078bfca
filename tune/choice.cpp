#include "tune/choice.h"

#include <algorithm>
#include <cmath>
#include <optional>

#include "core/text.h"

namespace shadowscale {

namespace {

// The ratio of a setup's instance-hours to the baseline's on training part k.
double partRatio(const Confirmed& c, const Confirmed& baseline, std::size_t k) {
  const double b = baseline.sim_train_parts[k].instance_hours;
  return b > 0 ? c.sim_train_parts[k].instance_hours / b : 0.0;
}

// Training parts both setups were measured on.
std::size_t commonParts(const Confirmed& c, const Confirmed& baseline) {
  return std::min(c.sim_train_parts.size(), baseline.sim_train_parts.size());
}

// The ratio of a setup's instance-hours to the baseline's that it is heading for: that of the
// last part of the training window, plus its rise over the part before. Under growth a pool
// sized on forecasts can cost more per request as traffic rises while the baseline's cost is
// still held up by its floor; the training window then shows the ratio climbing, and the test
// window, next in line, gets more of the same. A falling ratio is never counted on.
double headingRatio(const Confirmed& c, const Confirmed& baseline) {
  const std::size_t n = commonParts(c, baseline);
  if (n == 0) {
    return 0.0;
  }
  const double last = partRatio(c, baseline, n - 1);
  return n < 2 ? last : last + std::max(0.0, last - partRatio(c, baseline, n - 2));
}

// Within `budget` times the baseline's instance-hours on the whole training window.
bool withinWindowBudget(const Confirmed& c, const Confirmed& baseline, double budget) {
  return c.sim_train.instance_hours <= budget * baseline.sim_train.instance_hours;
}

// Within the budget on the whole training window, and heading for no more than it on the
// traffic that comes next (above).
bool withinBudget(const Confirmed& c, const Confirmed& baseline, double budget) {
  return withinWindowBudget(c, baseline, budget) && headingRatio(c, baseline) <= budget;
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
  return b > 0 ? formatNumber("%.3f", a / b) + "x" : "-";
}

// What the budget on the heading cost ratio left out: the setup with the fewest training minutes,
// fewer than the chosen one's, that was within the budget on the whole window but heading over
// it; empty when there was none.
std::string headingNote(const std::vector<Confirmed>& all, const Confirmed& baseline, double budget,
                        const Confirmed& chosen) {
  const Confirmed* missed = nullptr;
  for (const Confirmed& c : all) {
    if (!withinWindowBudget(c, baseline, budget) || withinBudget(c, baseline, budget) ||
        c.sim_train.violation_minutes >= chosen.sim_train.violation_minutes) {
      continue;
    }
    if (!missed || c.sim_train.violation_minutes < missed->sim_train.violation_minutes) {
      missed = &c;
    }
  }
  if (!missed) {
    return "";
  }
  const std::size_t n = commonParts(*missed, baseline);
  return "; " + missed->name + " lost fewer (" +
         formatNumber("%.0f", missed->sim_train.violation_minutes) +
         ") but was left out: its instance-hours rose to " +
         formatNumber("%.2f", partRatio(*missed, baseline, n - 1)) +
         "x the baseline's on the last quarter, heading for " +
         formatNumber("%.2f", headingRatio(*missed, baseline)) + "x";
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

namespace {

// chooseSetup's choice, before saying what the heading budget left out.
Choice chooseWithinBudget(const std::vector<Confirmed>& confirmed, const Confirmed& baseline,
                          double budget) {
  std::vector<std::size_t> eligible;
  for (std::size_t i = 0; i < confirmed.size(); ++i) {
    if (withinBudget(confirmed[i], baseline, budget)) {
      eligible.push_back(i);
    }
  }
  Choice choice;
  if (eligible.empty()) {
    choice.reason = "no confirmed setup stayed within " + formatNumber("%.2f", budget) +
                    "x the baseline's instance-hours on the training window and on the cost "
                    "ratio it was heading for";
    return choice;
  }
  const double base_minutes = baseline.sim_train.violation_minutes;
  const double chance_of_none = chanceOfAtLeast(base_minutes, 0);
  if (chance_of_none > kClearlyMoreLevel) {
    const auto pick = cheapestNotClearlyMore(confirmed, eligible, base_minutes);
    if (pick) {
      const WindowMetrics& c = confirmed[*pick].sim_train;
      choice.index = static_cast<int>(*pick);
      choice.reason = "the baseline lost only " + formatNumber("%.0f", base_minutes) +
                      " violation minutes on the training window, too few to show that any setup "
                      "loses fewer (even none would happen by chance with probability " +
                      formatNumber("%.2f", chance_of_none) + "), so the cheapest setup within " +
                      formatNumber("%.2f", budget) +
                      "x its instance-hours whose minutes are not clearly more than its " +
                      formatNumber("%.0f", base_minutes) + ": " +
                      formatNumber("%.0f", c.violation_minutes) + " at " +
                      ratioText(c.instance_hours, baseline.sim_train.instance_hours);
      return choice;
    }
  }
  const std::size_t best = fewestViolations(confirmed, eligible);
  const WindowMetrics& c = confirmed[best].sim_train;
  choice.index = static_cast<int>(best);
  choice.reason = "the fewest violation minutes on the training window within " +
                  formatNumber("%.2f", budget) +
                  "x the baseline's instance-hours: " + formatNumber("%.0f", c.violation_minutes) +
                  " (the baseline: " + formatNumber("%.0f", base_minutes) + ") at " +
                  ratioText(c.instance_hours, baseline.sim_train.instance_hours);
  return choice;
}

}  // namespace

Choice chooseSetup(const std::vector<Confirmed>& confirmed, const Confirmed& baseline,
                   double budget) {
  Choice choice = chooseWithinBudget(confirmed, baseline, budget);
  if (choice.index >= 0) {
    choice.reason +=
        headingNote(confirmed, baseline, budget, confirmed[static_cast<std::size_t>(choice.index)]);
  }
  return choice;
}

}  // namespace shadowscale
