#include "models/nelder_mead.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace shadowscale {

NelderMeadResult nelderMead(const std::function<double(std::span<const double>)>& f,
                            std::vector<double> x0, const NelderMeadOptions& options) {
  const std::size_t n = x0.size();
  if (n == 0) {
    throw std::invalid_argument("nelderMead: empty starting point");
  }
  NelderMeadResult result;
  auto eval = [&](const std::vector<double>& x) {
    ++result.evaluations;
    const double v = f(x);
    // A NaN would poison every comparison; treat it as the worst possible value.
    return std::isnan(v) ? HUGE_VAL : v;
  };

  std::vector<std::vector<double>> simplex(n + 1, x0);
  for (std::size_t i = 0; i < n; ++i) {
    simplex[i + 1][i] += options.initial_step;
  }
  std::vector<double> values(n + 1);
  for (std::size_t i = 0; i <= n; ++i) {
    values[i] = eval(simplex[i]);
  }
  std::vector<std::size_t> order(n + 1);
  std::vector<double> centroid(n), trial(n), trial2(n);

  auto point = [&](double t, const std::vector<double>& worst, std::vector<double>& out) {
    // Moves from the centroid away from the worst vertex by t (t < 0 contracts towards it).
    for (std::size_t j = 0; j < n; ++j) {
      out[j] = centroid[j] + t * (centroid[j] - worst[j]);
    }
  };

  while (result.evaluations < options.max_evaluations) {
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
    const std::size_t best = order.front(), worst = order.back(), second = order[n - 1];
    const double spread = std::abs(values[worst] - values[best]);
    if (spread <= options.tolerance * (std::abs(values[best]) + 1e-30)) {
      result.converged = true;
      break;
    }
    std::fill(centroid.begin(), centroid.end(), 0.0);
    for (std::size_t i = 0; i <= n; ++i) {
      if (i == worst) {
        continue;
      }
      for (std::size_t j = 0; j < n; ++j) {
        centroid[j] += simplex[i][j] / static_cast<double>(n);
      }
    }
    point(1.0, simplex[worst], trial);
    const double reflected = eval(trial);
    if (reflected < values[best]) {
      point(2.0, simplex[worst], trial2);
      const double expanded = eval(trial2);
      if (expanded < reflected) {
        simplex[worst] = trial2;
        values[worst] = expanded;
      } else {
        simplex[worst] = trial;
        values[worst] = reflected;
      }
      continue;
    }
    if (reflected < values[second]) {
      simplex[worst] = trial;
      values[worst] = reflected;
      continue;
    }
    // Contract: outside when the reflection improved on the worst, inside otherwise.
    const bool outside = reflected < values[worst];
    point(outside ? 0.5 : -0.5, simplex[worst], trial2);
    const double contracted = eval(trial2);
    if (contracted < (outside ? reflected : values[worst])) {
      simplex[worst] = trial2;
      values[worst] = contracted;
      continue;
    }
    for (std::size_t i = 0; i <= n; ++i) {
      if (i == best) {
        continue;
      }
      for (std::size_t j = 0; j < n; ++j) {
        simplex[i][j] = simplex[best][j] + 0.5 * (simplex[i][j] - simplex[best][j]);
      }
      values[i] = eval(simplex[i]);
    }
  }
  const auto best =
      static_cast<std::size_t>(std::min_element(values.begin(), values.end()) - values.begin());
  result.x = simplex[best];
  result.value = values[best];
  return result;
}

}  // namespace shadowscale
