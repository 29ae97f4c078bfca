#include "models/backtest.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <stdexcept>

#include "models/series.h"

namespace shadowscale {

double pinballLoss(double y, double q, double a) {
  return y >= q ? a * (y - q) : (1.0 - a) * (q - y);
}

void ScoreAccumulator::add(double y, double f, double q) {
  ++n_;
  const double err = std::abs(y - f);
  abs_ += err;
  const double denom = std::abs(y) + std::abs(f);
  // 0/0 (both zero) is a perfect forecast, not an undefined one.
  smape_ += denom > 0 ? 200.0 * err / denom : 0.0;
  if (!std::isnan(q)) {
    ++n_upper_;
    pinball_ += pinballLoss(y, q, upper_);
    covered_ += y <= q ? 1.0 : 0.0;
  }
}

HorizonScore ScoreAccumulator::finish(int horizon, double scale, double reference_scale) const {
  HorizonScore s;
  s.horizon = horizon;
  s.count = n_;
  if (n_ == 0) {
    s.mae = s.smape = s.mase = s.mase_reference = s.pinball = s.coverage = NAN;
    return s;
  }
  const auto n = static_cast<double>(n_);
  s.mae = abs_ / n;
  s.smape = smape_ / n;
  s.mase = scale > 0 ? s.mae / scale : NAN;
  s.mase_reference = reference_scale > 0 ? s.mae / reference_scale : NAN;
  s.pinball = n_upper_ > 0 ? pinball_ / static_cast<double>(n_upper_) : NAN;
  s.coverage = n_upper_ > 0 ? covered_ / static_cast<double>(n_upper_) : NAN;
  return s;
}

double maseScale(std::span<const SeriesPoint> train, int period, bool skip_missing) {
  if (period < 1 || train.size() <= static_cast<std::size_t>(period)) {
    throw std::invalid_argument("MASE scale: the training part (" + std::to_string(train.size()) +
                                " buckets) must be longer than the period (" +
                                std::to_string(period) + ")");
  }
  double sum = 0;
  std::size_t n = 0;
  for (std::size_t t = static_cast<std::size_t>(period); t < train.size(); ++t) {
    const SeriesPoint& a = train[t];
    const SeriesPoint& b = train[t - static_cast<std::size_t>(period)];
    if (skip_missing && (a.missing || b.missing)) {
      continue;
    }
    sum += std::abs(a.value - b.value);
    ++n;
  }
  return n > 0 ? sum / static_cast<double>(n) : NAN;
}

BacktestResult runBacktest(std::span<const SeriesPoint> series,
                           const std::vector<std::unique_ptr<Forecaster>>& forecasters,
                           const BacktestOptions& options) {
  using Clock = std::chrono::steady_clock;
  if (options.horizons.empty()) {
    throw std::invalid_argument("backtest: no horizons");
  }
  if (!(options.train_fraction > 0 && options.train_fraction < 1)) {
    throw std::invalid_argument("backtest: train_fraction must lie in (0, 1)");
  }
  const int max_h = *std::max_element(options.horizons.begin(), options.horizons.end());
  if (*std::min_element(options.horizons.begin(), options.horizons.end()) < 1) {
    throw std::invalid_argument("backtest: horizons must be >= 1");
  }
  BacktestResult r;
  r.buckets = series.size();
  r.train = static_cast<std::size_t>(options.train_fraction * static_cast<double>(series.size()));
  r.test = r.buckets - r.train;
  if (r.test < static_cast<std::size_t>(max_h)) {
    throw std::invalid_argument("backtest: the test part is shorter than the longest horizon");
  }
  r.bucket = series.size() > 1 ? series[1].t - series[0].t : 0;
  r.upper_quantile = options.upper_quantile;
  r.mase_period = options.mase_period;
  for (std::size_t i = 0; i < series.size(); ++i) {
    (i < r.train ? r.missing_train : r.missing_test) += series[i].missing ? 1 : 0;
  }
  const auto train = series.first(r.train);
  r.mase_scale = maseScale(train, options.mase_period, true);
  r.mase_scale_reference = maseScale(train, options.mase_period, false);
  r.first_civil = formatCivil(series.front().civil);
  r.split_civil = formatCivil(series[r.train].civil);
  r.last_civil = formatCivil(series.back().civil);

  for (const auto& f : forecasters) {
    ForecasterScore score;
    score.name = std::string(f->name());
    if (f->maxHorizon() < max_h) {
      throw std::invalid_argument("backtest: " + score.name + " forecasts at most " +
                                  std::to_string(f->maxHorizon()) + " steps, the protocol needs " +
                                  std::to_string(max_h));
    }
    if (options.progress) {
      options.progress(score.name, "fit");
    }
    const auto fit_start = Clock::now();
    const std::clock_t fit_cpu_start = std::clock();
    if (options.fit) {
      options.fit(*f, train);
    } else {
      f->fit(train);
    }
    score.fit_seconds = std::chrono::duration<double>(Clock::now() - fit_start).count();
    score.fit_cpu_seconds = static_cast<double>(std::clock() - fit_cpu_start) / CLOCKS_PER_SEC;
    if (options.progress) {
      options.progress(score.name, "score");
    }
    const std::vector<double> levels = f->quantileLevels();
    int upper = -1;
    for (std::size_t i = 0; i < levels.size(); ++i) {
      if (std::abs(levels[i] - options.upper_quantile) < 1e-9) {
        upper = static_cast<int>(i);
      }
    }
    std::vector<ScoreAccumulator> acc(options.horizons.size(),
                                      ScoreAccumulator(options.upper_quantile));
    double forecast_seconds = 0;
    std::clock_t forecast_cpu = 0;
    for (std::size_t o = r.train; o < series.size(); ++o) {
      // Origin o: everything before o has been observed; step h targets o - 1 + h.
      const std::size_t cal_end = std::min(series.size(), o + static_cast<std::size_t>(max_h));
      const auto calendar = series.subspan(o, cal_end - o);
      const auto t0 = Clock::now();
      const std::clock_t c0 = std::clock();
      const QuantileForecast fc = f->forecast(max_h, calendar);
      forecast_cpu += std::clock() - c0;
      forecast_seconds += std::chrono::duration<double>(Clock::now() - t0).count();
      ++score.forecasts;
      if (options.on_forecast) {
        options.on_forecast(score.name, o, fc);
      }
      for (std::size_t k = 0; k < options.horizons.size(); ++k) {
        const auto h = static_cast<std::size_t>(options.horizons[k]);
        const std::size_t target = o - 1 + h;
        if (target >= series.size() || series[target].missing) {
          continue;
        }
        const auto& row = fc.values[h - 1];
        acc[k].add(series[target].value, row[fc.medianIndex()],
                   upper >= 0 ? row[static_cast<std::size_t>(upper)] : NAN);
      }
      f->observe(series[o]);
    }
    if (score.forecasts > 0) {
      const auto n = static_cast<double>(score.forecasts);
      score.forecast_micros = 1e6 * forecast_seconds / n;
      score.forecast_cpu_micros = 1e6 * static_cast<double>(forecast_cpu) / CLOCKS_PER_SEC / n;
    }
    for (std::size_t k = 0; k < options.horizons.size(); ++k) {
      score.horizons.push_back(
          acc[k].finish(options.horizons[k], r.mase_scale, r.mase_scale_reference));
    }
    r.forecasters.push_back(std::move(score));
  }
  return r;
}

std::string formatBacktestTable(const BacktestResult& r) {
  std::string out;
  char line[256];
  std::snprintf(line, sizeof line, "%-20s %7s %6s %9s %8s %7s %8s %9s %9s\n", "forecaster",
                "horizon", "n", "MAE", "sMAPE%", "MASE", "MASE-ref", "pinball", "coverage");
  out += line;
  for (const auto& f : r.forecasters) {
    for (const auto& h : f.horizons) {
      const double minutes = static_cast<double>(h.horizon * r.bucket) / 6e10;
      char horizon[16];
      std::snprintf(horizon, sizeof horizon, "%gm", minutes);
      std::snprintf(line, sizeof line, "%-20s %7s %6zu %9.2f %8.2f %7.3f %8.3f %9.2f %9.3f\n",
                    f.name.c_str(), horizon, h.count, h.mae, h.smape, h.mase, h.mase_reference,
                    h.pinball, h.coverage);
      out += line;
    }
  }
  return out;
}

Json backtestJson(const BacktestResult& r) {
  Json protocol;
  protocol["bucket_seconds"] = r.bucket / kSecond;
  protocol["buckets"] = r.buckets;
  protocol["train_buckets"] = r.train;
  protocol["test_buckets"] = r.test;
  protocol["first"] = r.first_civil;
  protocol["test_from"] = r.split_civil;
  protocol["last"] = r.last_civil;
  protocol["missing_train_buckets"] = r.missing_train;
  protocol["missing_test_buckets"] = r.missing_test;
  protocol["mase_period"] = r.mase_period;
  protocol["mase_scale"] = jsonNumber(r.mase_scale);
  protocol["mase_scale_reference"] = jsonNumber(r.mase_scale_reference);
  protocol["upper_quantile"] = jsonNumber(r.upper_quantile);
  Json forecasters = Json::array();
  for (const auto& f : r.forecasters) {
    Json horizons = Json::array();
    for (const auto& h : f.horizons) {
      Json j;
      j["buckets"] = h.horizon;
      j["minutes"] = jsonNumber(static_cast<double>(h.horizon * r.bucket) / 6e10);
      j["n"] = h.count;
      j["mae"] = jsonNumber(h.mae);
      j["smape"] = jsonNumber(h.smape);
      j["mase"] = jsonNumber(h.mase);
      j["mase_reference"] = jsonNumber(h.mase_reference);
      j["pinball"] = jsonNumber(h.pinball);
      j["coverage"] = jsonNumber(h.coverage);
      horizons.push_back(std::move(j));
    }
    Json j;
    j["name"] = f.name;
    j["fit_seconds"] = jsonNumber(f.fit_seconds);
    j["fit_cpu_seconds"] = jsonNumber(f.fit_cpu_seconds);
    j["forecast_microseconds"] = jsonNumber(f.forecast_micros);
    j["forecast_cpu_microseconds"] = jsonNumber(f.forecast_cpu_micros);
    j["forecasts"] = f.forecasts;
    j["horizons"] = std::move(horizons);
    forecasters.push_back(std::move(j));
  }
  Json out;
  out["protocol"] = std::move(protocol);
  out["forecasters"] = std::move(forecasters);
  return out;
}

}  // namespace shadowscale
