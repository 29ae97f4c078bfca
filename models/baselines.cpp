#include "models/baselines.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "models/nelder_mead.h"

namespace shadowscale {

namespace {

void checkHorizon(int horizon, int max_horizon, std::string_view who) {
  if (horizon < 1 || horizon > max_horizon) {
    throw std::invalid_argument(std::string(who) + ": horizon " + std::to_string(horizon) +
                                " outside 1.." + std::to_string(max_horizon));
  }
}

void checkOptions(const BaselineOptions& o) {
  checkQuantileLevels(o.quantiles);
  if (o.max_horizon < 1) {
    throw std::invalid_argument("max_horizon must be at least 1");
  }
  if (o.interval <= 0) {
    throw std::invalid_argument("interval must be positive");
  }
}

double logistic(double u) {
  return 1.0 / (1.0 + std::exp(-u));
}
double logit(double p) {
  return std::log(p / (1.0 - p));
}

QuantileForecast makeForecast(const std::vector<double>& levels, int horizon) {
  QuantileForecast f;
  f.quantiles = levels;
  f.values.resize(static_cast<std::size_t>(horizon));
  return f;
}

}  // namespace

void checkQuantileLevels(const std::vector<double>& levels) {
  bool has_median = false;
  for (std::size_t i = 0; i < levels.size(); ++i) {
    if (!(levels[i] > 0 && levels[i] < 1)) {
      throw std::invalid_argument("quantile levels must lie strictly between 0 and 1");
    }
    if (i > 0 && levels[i] <= levels[i - 1]) {
      throw std::invalid_argument("quantile levels must ascend");
    }
    has_median = has_median || std::abs(levels[i] - 0.5) < 1e-9;
  }
  if (!has_median) {
    throw std::invalid_argument("quantile levels must include 0.5 (the point forecast)");
  }
}

double empiricalQuantile(std::vector<double>& values, double level) {
  if (values.empty()) {
    return 0.0;
  }
  std::sort(values.begin(), values.end());
  const double pos = level * static_cast<double>(values.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(pos));
  const std::size_t hi = std::min(lo + 1, values.size() - 1);
  const double frac = pos - static_cast<double>(lo);
  return values[lo] + frac * (values[hi] - values[lo]);
}

ResidualQuantiles::ResidualQuantiles(const std::vector<std::vector<double>>& residuals,
                                     const std::vector<double>& levels)
    : levels_(levels) {
  offsets_.resize(residuals.size(), std::vector<double>(levels.size(), 0.0));
  for (std::size_t h = 0; h < residuals.size(); ++h) {
    std::vector<double> r = residuals[h];
    for (std::size_t q = 0; q < levels.size(); ++q) {
      if (std::abs(levels[q] - 0.5) > 1e-9) {
        offsets_[h][q] = empiricalQuantile(r, levels[q]);
      }
    }
  }
}

double ResidualQuantiles::offset(int h, std::size_t q) const {
  if (offsets_.empty()) {
    return 0.0;
  }
  const auto i = std::min(static_cast<std::size_t>(h), offsets_.size() - 1);
  return offsets_[i][q];
}

std::vector<double> ResidualQuantiles::around(double point, int h) const {
  std::vector<double> v(levels_.size());
  std::size_t median = 0;
  for (std::size_t q = 0; q < levels_.size(); ++q) {
    v[q] = point + offset(h, q);
    if (std::abs(levels_[q] - 0.5) < 1e-9) {
      median = q;
    }
  }
  // Residual quantiles on either side of a biased point can cross it; keep the order.
  for (std::size_t q = median + 1; q < v.size(); ++q) {
    v[q] = std::max(v[q], v[q - 1]);
  }
  for (std::size_t q = median; q-- > 0;) {
    v[q] = std::min(v[q], v[q + 1]);
  }
  return v;
}

BaselineForecaster::BaselineForecaster(BaselineOptions options) : options_(std::move(options)) {
  checkOptions(options_);
}

// --- last value ---

LastValueForecaster::LastValueForecaster(BaselineOptions options)
    : BaselineForecaster(std::move(options)) {}

void LastValueForecaster::fit(std::span<const SeriesPoint> history) {
  const auto n = history.size();
  const auto H = static_cast<std::size_t>(options_.max_horizon);
  std::vector<std::vector<double>> residuals(H);
  std::vector<double> carried(n);
  has_value_ = false;
  for (std::size_t t = 0; t < n; ++t) {
    observe(history[t]);
    carried[t] = has_value_ ? last_ : NAN;
  }
  for (std::size_t t = 0; t < n; ++t) {
    if (std::isnan(carried[t])) {
      continue;
    }
    for (std::size_t h = 1; h <= H && t + h < n; ++h) {
      if (!history[t + h].missing) {
        residuals[h - 1].push_back(history[t + h].value - carried[t]);
      }
    }
  }
  if (!has_value_) {
    throw std::invalid_argument("naive: history has no observed interval");
  }
  residuals_ = ResidualQuantiles(residuals, options_.quantiles);
}

void LastValueForecaster::observe(const SeriesPoint& point) {
  if (!point.missing) {
    last_ = point.value;
    has_value_ = true;
  }
}

QuantileForecast LastValueForecaster::forecast(int horizon, std::span<const SeriesPoint>) {
  checkHorizon(horizon, options_.max_horizon, name());
  if (!has_value_) {
    throw std::logic_error("naive: forecast before any observed interval");
  }
  QuantileForecast f = makeForecast(options_.quantiles, horizon);
  for (int h = 0; h < horizon; ++h) {
    f.values[static_cast<std::size_t>(h)] = residuals_.around(last_, h);
    for (double& v : f.values[static_cast<std::size_t>(h)]) {
      v = std::max(v, 0.0);
    }
  }
  return f;
}

std::unique_ptr<Forecaster> LastValueForecaster::clone() const {
  return std::make_unique<LastValueForecaster>(*this);
}

// --- seasonal naive ---

SeasonalNaiveForecaster::SeasonalNaiveForecaster(int period, std::string name,
                                                 BaselineOptions options)
    : BaselineForecaster(std::move(options)),
      period_(period),
      name_(std::move(name)),
      history_(static_cast<std::size_t>(period > 0 ? period : 1)) {
  if (period < 1) {
    throw std::invalid_argument("seasonal naive: period must be at least 1 interval");
  }
}

double SeasonalNaiveForecaster::pointForecast(int step) const {
  // The value k seasons before the target, k the fewest that reach into the history.
  const int k = (step - 1) / period_ + 1;
  const int back = k * period_ - step;  // steps before the newest value
  return history_.fromBack(static_cast<std::size_t>(back));
}

void SeasonalNaiveForecaster::fit(std::span<const SeriesPoint> history) {
  if (history.size() < static_cast<std::size_t>(period_)) {
    throw std::invalid_argument(name_ + ": history of " + std::to_string(history.size()) +
                                " intervals is shorter than the period " + std::to_string(period_));
  }
  const auto H = options_.max_horizon;
  std::vector<std::vector<double>> residuals(static_cast<std::size_t>(H));
  history_.clear();
  const auto n = history.size();
  for (std::size_t t = 0; t < n; ++t) {
    observe(history[t]);
    if (history_.size() < static_cast<std::size_t>(period_)) {
      continue;
    }
    for (int h = 1; h <= H && t + static_cast<std::size_t>(h) < n; ++h) {
      const SeriesPoint& target = history[t + static_cast<std::size_t>(h)];
      if (!target.missing) {
        residuals[static_cast<std::size_t>(h - 1)].push_back(target.value - pointForecast(h));
      }
    }
  }
  residuals_ = ResidualQuantiles(residuals, options_.quantiles);
}

void SeasonalNaiveForecaster::observe(const SeriesPoint& point) {
  if (!point.missing) {
    history_.push(point.value);
  } else if (history_.size() >= static_cast<std::size_t>(period_)) {
    history_.push(pointForecast(1));
  } else if (history_.size() > 0) {
    history_.push(history_.fromBack(0));  // not a full season yet: carry the last value
  } else {
    history_.push(0.0);
  }
}

QuantileForecast SeasonalNaiveForecaster::forecast(int horizon, std::span<const SeriesPoint>) {
  checkHorizon(horizon, options_.max_horizon, name_);
  if (history_.size() < static_cast<std::size_t>(period_)) {
    throw std::logic_error(name_ + ": forecast before a full season was observed");
  }
  QuantileForecast f = makeForecast(options_.quantiles, horizon);
  for (int h = 0; h < horizon; ++h) {
    auto& row = f.values[static_cast<std::size_t>(h)];
    row = residuals_.around(pointForecast(h + 1), h);
    for (double& v : row) {
      v = std::max(v, 0.0);
    }
  }
  return f;
}

std::unique_ptr<Forecaster> SeasonalNaiveForecaster::clone() const {
  return std::make_unique<SeasonalNaiveForecaster>(*this);
}

// --- Holt-Winters ---

HoltWintersForecaster::HoltWintersForecaster(int season, BaselineOptions options, int fit_steps)
    : BaselineForecaster(std::move(options)), season_(season), fit_steps_(fit_steps) {
  if (season < 2) {
    throw std::invalid_argument("holt-winters: season must be at least 2 intervals");
  }
  if (fit_steps < 1) {
    throw std::invalid_argument("holt-winters: fit_steps must be at least 1");
  }
}

double HoltWintersForecaster::logForecast(int step) const {
  double damp = 0, phi_k = 1;
  for (int k = 1; k <= step; ++k) {
    phi_k *= params_.phi;
    damp += phi_k;
  }
  const auto m = static_cast<std::size_t>(season_);
  const std::size_t slot = (pos_ + static_cast<std::size_t>((step - 1) % season_)) % m;
  return level_ + damp * trend_ + seasonal_[slot];
}

void HoltWintersForecaster::filter(double x, bool missing) {
  const double s_old = seasonal_[pos_];
  const double base = level_ + params_.phi * trend_;
  // Error-correction form; a missing interval has zero error, so the state runs on its own.
  const double e = missing ? 0.0 : x - (base + s_old);
  level_ = base + params_.alpha * e;
  trend_ = params_.phi * trend_ + params_.alpha * params_.beta * e;
  seasonal_[pos_] = s_old + params_.gamma * e;
  pos_ = (pos_ + 1) % seasonal_.size();
}

void HoltWintersForecaster::fit(std::span<const SeriesPoint> history) {
  const auto m = static_cast<std::size_t>(season_);
  const std::size_t n = history.size();
  if (n < 3 * m) {
    throw std::invalid_argument("holt-winters: needs at least three seasons of history (" +
                                std::to_string(3 * m) + " intervals), got " + std::to_string(n));
  }
  std::vector<double> x(n);
  std::vector<char> missing(n);
  for (std::size_t t = 0; t < n; ++t) {
    x[t] = std::log1p(std::max(history[t].value, 0.0));
    missing[t] = history[t].missing ? 1 : 0;
  }
  // Heuristic initial state from the first two seasons (their means and the deviations from
  // them), like statsmodels' "heuristic" start, so only four parameters are searched.
  double mean[2] = {0, 0};
  std::size_t count[2] = {0, 0};
  for (std::size_t t = 0; t < 2 * m; ++t) {
    if (!missing[t]) {
      mean[t / m] += x[t];
      ++count[t / m];
    }
  }
  if (count[0] == 0 || count[1] == 0) {
    throw std::invalid_argument("holt-winters: the first two seasons have no observed interval");
  }
  mean[0] /= static_cast<double>(count[0]);
  mean[1] /= static_cast<double>(count[1]);
  // The initial season is each slot's mean deviation from its day's mean over every whole day
  // of the history, not the first two alone: statsmodels estimates its initial season from the
  // whole fit too, and a profile from two days carries their noise into every forecast.
  std::vector<double> season0(m, 0.0);
  std::vector<int> slot_count(m, 0);
  for (std::size_t c = 0; (c + 1) * m <= n; ++c) {
    double day_sum = 0;
    int day_count = 0;
    for (std::size_t i = 0; i < m; ++i) {
      if (!missing[c * m + i]) {
        day_sum += x[c * m + i];
        ++day_count;
      }
    }
    // A day mostly missing (an outage) says little about the profile.
    if (2 * static_cast<std::size_t>(day_count) < m) {
      continue;
    }
    const double day_mean = day_sum / day_count;
    for (std::size_t i = 0; i < m; ++i) {
      if (!missing[c * m + i]) {
        season0[i] += x[c * m + i] - day_mean;
        ++slot_count[i];
      }
    }
  }
  double season_mean = 0;
  for (std::size_t i = 0; i < m; ++i) {
    season0[i] = slot_count[i] > 0 ? season0[i] / slot_count[i] : 0.0;
    season_mean += season0[i];
  }
  season_mean /= static_cast<double>(m);
  for (double& s : season0) {
    s -= season_mean;
  }
  const double trend0 = (mean[1] - mean[0]) / static_cast<double>(m);
  const double level0 = mean[0] - trend0 * static_cast<double>(m) / 2.0;

  auto reset = [&] {
    level_ = level0;
    trend_ = trend0;
    seasonal_ = season0;
    pos_ = 0;
  };
  auto toParams = [](std::span<const double> u) {
    HoltWintersParams p;
    p.alpha = logistic(u[0]);
    p.beta = logistic(u[1]);
    p.gamma = (1.0 - p.alpha) * logistic(u[2]);
    p.phi = kPhiMin + (kPhiMax - kPhiMin) * logistic(u[3]);
    return p;
  };
  auto sse = [&](std::span<const double> u) {
    params_ = toParams(u);
    reset();
    double total = 0;
    const auto steps = static_cast<std::size_t>(fit_steps_);
    for (std::size_t t = 0; t < n; ++t) {
      // The squared errors of the 1..fit_steps forecasts from the state before x[t].
      for (std::size_t h = 1; h <= steps && t + h - 1 < n; ++h) {
        if (!missing[t + h - 1]) {
          const double e = x[t + h - 1] - logForecast(static_cast<int>(h));
          total += e * e;
        }
      }
      filter(x[t], missing[t] != 0);
    }
    return total;
  };
  // A few starts: the error surface of smoothing parameters has flat ridges where one simplex
  // can stall; the best end point is polished by a restart.
  const std::vector<std::vector<double>> starts = {
      {logit(0.3), logit(0.05), logit(0.1 / 0.7), 0.0},
      {logit(0.7), logit(0.01), logit(0.1 / 0.3), 2.0},
      {logit(0.1), logit(0.2), logit(0.3 / 0.9), -2.0}};
  NelderMeadResult best;
  best.value = HUGE_VAL;
  for (const auto& s : starts) {
    NelderMeadResult r =
        nelderMead(sse, s, {.initial_step = 1.0, .tolerance = 1e-10, .max_evaluations = 600});
    if (r.value < best.value) {
      best = r;
    }
  }
  const NelderMeadResult polished =
      nelderMead(sse, best.x, {.initial_step = 0.25, .tolerance = 1e-12, .max_evaluations = 600});
  if (polished.value < best.value) {
    best = polished;
  }
  params_ = toParams(best.x);

  // Final pass with the chosen parameters: the state at the end of the history and the
  // in-sample multi-step residuals the quantiles come from.
  const auto H = static_cast<std::size_t>(options_.max_horizon);
  std::vector<std::vector<double>> residuals(H);
  std::vector<double> pending(n * H, NAN);  // pending[t * H + h - 1]: forecast made at t
  reset();
  double total = 0;
  std::size_t observed = 0;
  for (std::size_t t = 0; t < n; ++t) {
    if (!missing[t]) {
      const double e = x[t] - (level_ + params_.phi * trend_ + seasonal_[pos_]);
      total += e * e;
      ++observed;
    }
    filter(x[t], missing[t] != 0);
    // Skip the first season: the heuristic start has not settled yet.
    if (t >= m) {
      for (std::size_t h = 1; h <= H && t + h < n; ++h) {
        pending[t * H + h - 1] = logForecast(static_cast<int>(h));
      }
    }
  }
  for (std::size_t t = m; t < n; ++t) {
    for (std::size_t h = 1; h <= H && t + h < n; ++h) {
      if (!missing[t + h]) {
        residuals[h - 1].push_back(x[t + h] - pending[t * H + h - 1]);
      }
    }
  }
  residuals_ = ResidualQuantiles(residuals, options_.quantiles);
  fit_mse_ = observed > 0 ? total / static_cast<double>(observed) : 0.0;
  fitted_ = true;
}

void HoltWintersForecaster::observe(const SeriesPoint& point) {
  if (!fitted_) {
    throw std::logic_error("holt-winters: observe before fit");
  }
  filter(std::log1p(std::max(point.value, 0.0)), point.missing);
}

QuantileForecast HoltWintersForecaster::forecast(int horizon, std::span<const SeriesPoint>) {
  checkHorizon(horizon, options_.max_horizon, name());
  if (!fitted_) {
    throw std::logic_error("holt-winters: forecast before fit");
  }
  QuantileForecast f = makeForecast(options_.quantiles, horizon);
  for (int h = 0; h < horizon; ++h) {
    auto& row = f.values[static_cast<std::size_t>(h)];
    row = residuals_.around(logForecast(h + 1), h);
    for (double& v : row) {
      v = std::max(std::expm1(v), 0.0);
    }
  }
  return f;
}

std::unique_ptr<Forecaster> HoltWintersForecaster::clone() const {
  return std::make_unique<HoltWintersForecaster>(*this);
}

}  // namespace shadowscale
