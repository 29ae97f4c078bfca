#include "models/forecaster_factory.h"

#include <cmath>
#include <stdexcept>
#include <utility>

#include "core/input_error.h"
#include "models/auto_forecaster.h"
#include "models/baselines.h"
#include "models/conformal.h"
#include "models/event_adjusted.h"
#include "models/lstm_forecaster.h"
#include "models/lstm_loader.h"

namespace shadowscale {

namespace {

InputError fieldError(const std::string& field, const std::string& what) {
  return InputError("forecaster." + field + ": " + what);
}

std::string minutes(TimeNs t) {
  const double m = static_cast<double>(t) / static_cast<double>(kMinute);
  std::string s = std::to_string(m);
  s.erase(s.find_last_not_of('0') + 1);
  if (!s.empty() && s.back() == '.') {
    s.pop_back();
  }
  return s + " min";
}

void checkSpec(const ForecasterSpec& spec) {
  if (spec.interval <= 0) {
    throw fieldError("interval", "must be more than 0 s");
  }
  if (kDay % spec.interval != 0) {
    throw fieldError("interval", minutes(spec.interval) +
                                     " does not divide a day, so the daily season has no "
                                     "whole number of intervals");
  }
  if (spec.horizon < 1) {
    throw fieldError("horizon", "must be at least 1 interval");
  }
  try {
    checkQuantileLevels(spec.quantiles);
  } catch (const std::invalid_argument& e) {
    throw fieldError("quantiles", e.what());
  }
  if ((spec.kind == "lstm" || spec.kind == "auto-lstm") && spec.lstm_epochs < 1) {
    throw fieldError("lstm_epochs", "must be at least 1");
  }
  if (!spec.model_path.empty() && spec.kind != "lstm") {
    throw fieldError("model_path", "only an \"lstm\" forecaster loads a saved model (kind is \"" +
                                       spec.kind + "\")");
  }
}

std::unique_ptr<Forecaster> loadSavedLstm(const ForecasterSpec& spec) {
  std::unique_ptr<LstmModel> model = loadLstm(spec.model_path);
  if (model->interval() != spec.interval) {
    throw InputError::at(spec.model_path, 0, "interval",
                         "the model works on " + minutes(model->interval()) +
                             " intervals but forecaster.interval is " + minutes(spec.interval));
  }
  return model;
}

// The LSTM a spec trains during the run.
std::unique_ptr<Forecaster> makeTrainedLstm(const ForecasterSpec& spec) {
  LstmOptions options;
  options.interval = spec.interval;
  options.quantiles = spec.quantiles;
  options.horizon = spec.horizon;
  options.max_epochs = spec.lstm_epochs;
  options.seed = spec.lstm_seed;
  return makeLstm(options);
}

// The simple models combined by their recent errors: last value, the seasonal naives and
// Holt-Winters fitted on one-step and on multi-step errors; with `lstm`, the LSTM too
// ("auto-lstm": it trains at every refit, so it costs what an "lstm" setup costs).
std::unique_ptr<Forecaster> makeAuto(int day, const BaselineOptions& base,
                                     std::unique_ptr<Forecaster> lstm = nullptr) {
  std::vector<std::unique_ptr<Forecaster>> members;
  members.push_back(std::make_unique<LastValueForecaster>(base));
  members.push_back(std::make_unique<SeasonalNaiveForecaster>(day, "seasonal-naive-day", base));
  members.push_back(
      std::make_unique<SeasonalNaiveForecaster>(7 * day, "seasonal-naive-week", base));
  members.push_back(std::make_unique<HoltWintersForecaster>(day, base));
  members.push_back(std::make_unique<HoltWintersForecaster>(day, base, base.max_horizon));
  AutoOptions options;
  if (lstm) {
    members.push_back(std::move(lstm));
    options.name = "auto-lstm";
  }
  return std::make_unique<AutoForecaster>(std::move(members), options);
}

// The model a spec names, before its quantiles are calibrated.
std::unique_ptr<Forecaster> makeModel(const ForecasterSpec& spec) {
  const int day = static_cast<int>(kDay / spec.interval);
  BaselineOptions base;
  base.interval = spec.interval;
  base.quantiles = spec.quantiles;
  base.max_horizon = spec.horizon;
  try {
    if (spec.kind == "seasonal-naive-day") {
      return std::make_unique<SeasonalNaiveForecaster>(day, "seasonal-naive-day", base);
    }
    if (spec.kind == "seasonal-naive-week") {
      return std::make_unique<SeasonalNaiveForecaster>(7 * day, "seasonal-naive-week", base);
    }
    if (spec.kind == "holt-winters") {
      return std::make_unique<HoltWintersForecaster>(day, base);
    }
    if (spec.kind == "last-value") {
      return std::make_unique<LastValueForecaster>(base);
    }
    if (spec.kind == "auto") {
      return makeAuto(day, base);
    }
    if (spec.kind == "auto-lstm") {
      return makeAuto(day, base, makeTrainedLstm(spec));
    }
    if (spec.kind == "lstm") {
      if (!spec.model_path.empty()) {
        return loadSavedLstm(spec);
      }
      return makeTrainedLstm(spec);
    }
  } catch (const std::invalid_argument& e) {
    // A model's own check of its settings, e.g. a Holt-Winters season under two intervals.
    throw fieldError("kind", "cannot build \"" + spec.kind + "\": " + e.what());
  }
  std::string known;
  for (const std::string& k : forecasterKinds()) {
    known += (known.empty() ? "\"" : ", \"") + k + "\"";
  }
  throw fieldError("kind",
                   "unknown forecaster \"" + spec.kind + "\" (expected one of " + known + ")");
}

}  // namespace

std::unique_ptr<Forecaster> makeForecaster(const ForecasterSpec& spec) {
  checkSpec(spec);
  // Every kind prepares for announced events, and its quantiles are calibrated on its own recent
  // out-of-sample errors (events included).
  return std::make_unique<ConformalForecaster>(
      std::make_unique<EventAdjustedForecaster>(makeModel(spec)));
}

}  // namespace shadowscale
