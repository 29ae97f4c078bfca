#pragma once

#include <memory>
#include <string>

#include "models/export.h"
#include "models/lstm_forecaster.h"
#include "models/lstm_model.h"

namespace shadowscale {

// The LSTM through its module (libshadowscale_lstm.so), loaded with dlopen on the first call of
// any of these. The module is looked for at $SHADOWSCALE_LSTM_MODULE if set, else next to the
// running program, else where this build put it. When it cannot be loaded they throw
// std::runtime_error naming each place tried.

// An untrained LSTM; throws std::invalid_argument for inconsistent options.
std::unique_ptr<LstmModel> makeLstm(const LstmOptions& options);

// A model saved by LstmModel::save; throws InputError naming the file when it is missing or is
// not such a model.
std::unique_ptr<LstmModel> loadLstm(const std::string& path);

// Writes `model` as TorchScript plus a JSON sidecar into `dir` (see models/export.h).
ExportReport exportLstm(const LstmModel& model, const std::string& dir);

// Loads the module at `path` and returns its entry points; throws std::runtime_error naming
// the file when it is not a module of this build. For tests; the functions above use the
// module found as described.
const LstmModuleApi& openLstmModule(const std::string& path);

}  // namespace shadowscale
