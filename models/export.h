#pragma once

#include <string>
#include <vector>

#include "models/lstm_forecaster.h"

namespace shadowscale {

// What an export wrote.
struct ExportReport {
  std::string model_path;         // the TorchScript file
  std::string sidecar_path;       // its JSON description
  double max_abs_difference = 0;  // exported vs in-process forecast on the model's own inputs
};

// File names inside the export folder.
inline constexpr const char* kExportModelFile = "forecaster.pt";
inline constexpr const char* kExportSidecarFile = "forecaster.json";

// Writes `dir`/forecaster.pt, a TorchScript module whose forward(past, future) returns the
// quantile forecasts in series units (torch.jit.load in Python, torch::jit::load in C++), and
// `dir`/forecaster.json describing its inputs, normalisation, training range and backtest
// figures. Before renaming the files into place it loads the module back and checks that it
// forecasts what `model` does; throws std::runtime_error (and leaves no file) otherwise.
ExportReport exportForecaster(const LstmForecaster& model, const std::string& dir);

// Runs an exported TorchScript file on one set of inputs: [horizon][quantile].
std::vector<std::vector<double>> runExportedModel(const std::string& path,
                                                  const LstmInputs& inputs);

// The TorchScript source of the exported module's methods for these options.
std::string torchScriptSource(const LstmOptions& options);

// The sidecar JSON for `model` (model_file names the TorchScript file beside it).
std::string exportSidecarJson(const LstmForecaster& model, const std::string& model_file,
                              double max_abs_difference);

}  // namespace shadowscale
