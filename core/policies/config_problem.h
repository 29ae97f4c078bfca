#pragma once

#include <string>
#include <vector>

#include "core/input_error.h"

namespace shadowscale {

// One thing wrong with a policy's settings: the setting, named as in scenario files
// (e.g. "scale_down.policy[2].period"), and what is wrong with it. A scenario parser that knows
// the line of each setting turns it into a file:line message.
struct ConfigProblem {
  std::string field;
  std::string problem;
};

// Throws an InputError "block.field: problem" for the first problem (counting the others);
// returns when `problems` is empty. Policy constructors call it so a bad config never runs.
inline void throwIfProblems(const std::string& block, const std::vector<ConfigProblem>& problems) {
  if (problems.empty()) {
    return;
  }
  const ConfigProblem& p = problems.front();
  std::string message = block + "." + p.field + ": " + p.problem;
  if (problems.size() > 1) {
    message += " (and " + std::to_string(problems.size() - 1) + " more)";
  }
  throw InputError(message);
}

}  // namespace shadowscale
