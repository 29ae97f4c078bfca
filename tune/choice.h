#pragma once

#include <string>
#include <vector>

#include "tune/tuner.h"

namespace shadowscale {

// One count of violation minutes is "clearly more" than another when, were both setups equally
// likely to lose any one minute, a split at least that lopsided of the minutes the two lost
// together would happen by chance with a probability of at most this (a one-sided exact
// binomial test at the conventional 5 %).
inline constexpr double kClearlyMoreLevel = 0.05;

// The probability that of n = more + fewer lost minutes at least `more` fall to one setup when
// each is equally likely to lose any of them: P(X >= more), X ~ Binomial(n, 1/2).
double chanceOfAtLeast(double more, double fewer);

// The setup a search chooses and why.
struct Choice {
  int index = -1;      // position among the confirmed setups; -1 when none is within the budget
  std::string reason;  // one sentence, for the output and tune.json
};

// Chooses among the confirmed setups on the training window, within the budget: instance-hours
// at most `budget` times the baseline's on the whole training window, and a ratio to the
// baseline's on its last part, plus that ratio's rise over the part before, of at most `budget`
// too (the traffic nearest to what comes next, where a cost that grows faster than the
// baseline's shows first). Normally the setup with the fewest violation minutes is chosen. But when
// the baseline lost so few minutes that even a setup losing none would not be clearly better (3
// minutes: 0 against 3 happens by chance 1 time in 8), the window cannot rank setups by their
// minutes; then the cheapest setup whose minutes are not clearly more than the baseline's is
// chosen, so the most room in the budget is left for traffic the window did not hold.
Choice chooseSetup(const std::vector<Confirmed>& confirmed, const Confirmed& baseline,
                   double budget);

}  // namespace shadowscale
