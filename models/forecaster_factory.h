#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/forecaster.h"
#include "core/policies/predictive_config.h"

namespace shadowscale {

// The forecaster kinds makeForecaster knows, in the order they are listed in messages.
const std::vector<std::string>& forecasterKinds();

// Builds the forecaster a spec names: "seasonal-naive-day" and "seasonal-naive-week" (the value
// a day or a week earlier), "holt-winters" (daily season), "lstm" (trained during the run, or
// loaded from spec.model_path), "last-value", "auto" (the others bar the LSTM, combined by
// their recent out-of-sample errors) and "auto-lstm" (the same with the LSTM among them). Every
// kind's quantiles are conformally calibrated (models/conformal.h). Throws InputError naming the
// field
// ("forecaster.kind: ...") for a bad spec, or the file for a model that cannot be loaded.
std::unique_ptr<Forecaster> makeForecaster(const ForecasterSpec& spec);

}  // namespace shadowscale
