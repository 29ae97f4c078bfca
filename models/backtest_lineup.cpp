#include "models/backtest_lineup.h"

#include "models/auto_forecaster.h"
#include "models/baselines.h"
#include "models/conformal.h"

namespace shadowscale {

std::vector<std::unique_ptr<Forecaster>> backtestLineup(TimeNs bucket,
                                                        std::unique_ptr<Forecaster> lstm,
                                                        std::unique_ptr<Forecaster> lstm_member) {
  BaselineOptions base;
  base.interval = bucket;
  const int day = static_cast<int>(kDay / bucket);
  std::vector<std::unique_ptr<Forecaster>> models;
  models.push_back(std::make_unique<LastValueForecaster>(base));
  models.push_back(std::make_unique<SeasonalNaiveForecaster>(day, "seasonal-naive-day", base));
  models.push_back(std::make_unique<SeasonalNaiveForecaster>(7 * day, "seasonal-naive-week", base));
  models.push_back(std::make_unique<HoltWintersForecaster>(day, base));
  models.push_back(std::make_unique<HoltWintersForecaster>(day, base, base.max_horizon));
  // `auto` picks among the baselines above by their recent rolling-origin error; `auto-lstm`
  // among the same and the LSTM.
  std::vector<std::unique_ptr<Forecaster>> members;
  for (const auto& m : models) {
    members.push_back(m->clone());
  }
  std::vector<std::unique_ptr<Forecaster>> with_lstm;
  if (lstm_member) {
    for (const auto& m : members) {
      with_lstm.push_back(m->clone());
    }
    with_lstm.push_back(std::move(lstm_member));
  }
  models.push_back(std::make_unique<AutoForecaster>(std::move(members)));
  if (lstm) {
    models.push_back(std::move(lstm));
  }
  if (!with_lstm.empty()) {
    AutoOptions options;
    options.name = "auto-lstm";
    models.push_back(std::make_unique<AutoForecaster>(std::move(with_lstm), options));
  }
  std::vector<std::unique_ptr<Forecaster>> forecasters;
  for (auto& m : models) {
    forecasters.push_back(std::make_unique<ConformalForecaster>(std::move(m)));
  }
  return forecasters;
}

}  // namespace shadowscale
