#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <span>
#include <string>

#include "core/forecaster.h"

namespace shadowscale {

struct LstmOptions;
struct EpochReport;
struct TrainingReport;
struct LstmModelInfo;
struct ExportReport;

// The LSTM forecaster as code outside the LSTM module sees it: a Forecaster that can also be
// trained with progress, saved, and described. Its implementation (LstmForecaster, libtorch)
// is in the module libshadowscale_lstm.so, loaded on first use (models/lstm_loader.h), so that
// programs and runs without an LSTM never load libtorch.
class LstmModel : public Forecaster {
 public:
  // fit() with progress: trains a fresh network on `history`, then sets the state to its end.
  virtual TrainingReport train(std::span<const SeriesPoint> history,
                               const std::function<void(const EpochReport&)>& progress = {}) = 0;
  // Saves weights, options and normalisation (to a temporary file, then renamed).
  virtual void save(const std::string& path) const = 0;
  // Where the training history came from, stored with the model.
  virtual void setSource(std::string source) = 0;
  // Backtest figures (JSON) to store with the model and copy into an export's sidecar.
  virtual void setBacktestJson(std::string json) = 0;
  virtual const LstmOptions& options() const = 0;
  virtual const LstmModelInfo& info() const = 0;
};

// Bumped whenever LstmModel or LstmModuleApi change, so a stale module is refused by name.
inline constexpr int kLstmModuleAbi = 1;

// The module's entry points: dlsym(module, kLstmModuleSymbol) is a function returning them.
struct LstmModuleApi {
  int abi = 0;                   // kLstmModuleAbi of the sources the module was built from
  std::size_t options_size = 0;  // sizeof(LstmOptions) there: catches a module built apart
  std::unique_ptr<LstmModel> (*create)(const LstmOptions& options) = nullptr;
  std::unique_ptr<LstmModel> (*load)(const std::string& path) = nullptr;
  ExportReport (*exportModel)(const LstmModel& model, const std::string& dir) = nullptr;
};

inline constexpr const char* kLstmModuleSymbol = "shadowscale_lstm_module";
inline constexpr const char* kLstmModuleFile = "libshadowscale_lstm.so";

}  // namespace shadowscale
