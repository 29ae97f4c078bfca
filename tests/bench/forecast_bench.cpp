// Forecasting speed targets (docs/forecasting.md): one LSTM forecast under a millisecond, so it
// fits in the proxy's control loop, and training on 30 days of traffic well under a minute on
// two cores. Holt-Winters runs beside it as the named baseline. Figures are CPU time: on a
// shared machine other jobs inflate wall time, not CPU time.
#include <benchmark/benchmark.h>

#include <cmath>
#include <vector>

#include "core/calendar.h"
#include "core/rng.h"
#include "models/baselines.h"
#include "models/lstm_forecaster.h"

namespace shadowscale {
namespace {

// `days` of 5-minute request counts with a daily and weekly cycle and noise.
std::vector<SeriesPoint> syntheticSeries(int days) {
  const TimeNs step = 5 * kMinute;
  const Calendar cal(daysFromCivil(2026, 3, 2) * kDay, 0);
  Rng rng(5);
  std::vector<SeriesPoint> s;
  for (TimeNs t = 0; t < days * kDay; t += step) {
    SeriesPoint p;
    p.t = t;
    p.civil = cal.civil(t);
    const double day = std::cos(2 * M_PI * (toSeconds(p.civil.time_of_day) / 86400.0 - 0.58));
    const double week = p.civil.day_of_week >= 5 ? 0.6 : 1.0;
    p.value = std::max(0.0, 600.0 * (1 + 0.6 * day) * week * (1 + 0.05 * rng.normal()));
    s.push_back(p);
  }
  return s;
}

LstmOptions benchOptions() {
  LstmOptions o;
  o.threads = 1;
  return o;
}

void BM_LstmTrain30Days(benchmark::State& state) {
  const auto series = syntheticSeries(30);
  for (auto _ : state) {
    LstmForecaster lstm(benchOptions());
    const TrainingReport r = lstm.train(series);
    state.counters["epochs"] = static_cast<double>(r.epochs.size());
  }
}
BENCHMARK(BM_LstmTrain30Days)->Unit(benchmark::kSecond)->Iterations(1);

void BM_HoltWintersFit30Days(benchmark::State& state) {
  const auto series = syntheticSeries(30);
  for (auto _ : state) {
    HoltWintersForecaster hw;
    hw.fit(series);
    benchmark::DoNotOptimize(&hw);
  }
}
BENCHMARK(BM_HoltWintersFit30Days)->Unit(benchmark::kMillisecond);

// Forecasts an hour ahead from a model fitted on two weeks, advancing one interval each time.
template <typename Model>
void forecastLoop(benchmark::State& state, Model& model, const std::vector<SeriesPoint>& rest) {
  std::size_t i = 0;
  for (auto _ : state) {
    QuantileForecast f = model.forecast(12, {});
    benchmark::DoNotOptimize(f.values.data());
    state.PauseTiming();
    model.observe(rest[i++ % rest.size()]);
    state.ResumeTiming();
  }
}

void BM_LstmForecastOneHour(benchmark::State& state) {
  auto series = syntheticSeries(21);
  const std::vector<SeriesPoint> fit(series.begin(), series.begin() + 14 * 288);
  const std::vector<SeriesPoint> rest(series.begin() + 14 * 288, series.end());
  LstmOptions o = benchOptions();
  o.max_epochs = 3;  // accuracy does not matter here, only the cost of one forecast
  LstmForecaster lstm(o);
  lstm.train(fit);
  forecastLoop(state, lstm, rest);
}
BENCHMARK(BM_LstmForecastOneHour)->Unit(benchmark::kMicrosecond);

void BM_HoltWintersForecastOneHour(benchmark::State& state) {
  auto series = syntheticSeries(21);
  const std::vector<SeriesPoint> fit(series.begin(), series.begin() + 14 * 288);
  const std::vector<SeriesPoint> rest(series.begin() + 14 * 288, series.end());
  HoltWintersForecaster hw;
  hw.fit(fit);
  forecastLoop(state, hw, rest);
}
BENCHMARK(BM_HoltWintersForecastOneHour)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace shadowscale

BENCHMARK_MAIN();
