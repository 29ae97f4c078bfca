#pragma once

#include <functional>
#include <span>
#include <vector>

namespace shadowscale {

// Settings of the Nelder-Mead search.
struct NelderMeadOptions {
  double initial_step = 0.5;  // edge of the starting simplex around x0, per coordinate
  double tolerance = 1e-10;   // stop when the simplex's values differ by less (relative)
  int max_evaluations = 2000;
};

// Where the search ended.
struct NelderMeadResult {
  std::vector<double> x;
  double value = 0;
  int evaluations = 0;
  bool converged = false;
};

// Minimises f over R^n with the Nelder-Mead simplex method (standard coefficients: reflect 1,
// expand 2, contract 1/2, shrink 1/2): derivative-free, for small smooth problems such as
// fitting smoothing parameters. Constraints are the caller's, through a transform of x.
NelderMeadResult nelderMead(const std::function<double(std::span<const double>)>& f,
                            std::vector<double> x0, const NelderMeadOptions& options = {});

}  // namespace shadowscale
