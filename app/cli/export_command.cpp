#include "app/cli/export_command.h"

#include <cstdio>
#include <iostream>
#include <memory>
#include <string>

#include "app/cli/exit_codes.h"
#include "models/export.h"
#include "models/lstm_loader.h"

namespace shadowscale {

namespace {

constexpr const char* kDescription =
    "write a trained model as TorchScript plus a JSON sidecar\n"
    "Writes DIR/forecaster.pt (TorchScript: torch.jit.load in Python, torch::jit::load in\n"
    "C++; forward(past, future) returns the quantile forecasts) and DIR/forecaster.json\n"
    "(input features and their order, normalisation, interval, horizon, quantiles, training\n"
    "range, backtest figures). The export is loaded back and checked against the model\n"
    "before it is put in place. See docs/forecasting.md.";

constexpr const char* kFooter = "exit codes: 0 ok, 2 bad input, 1 other failure.";

// The command's arguments.
struct ExportArgs {
  std::string model;
  std::string out;
};

int exportModel(const ExportArgs& args) {
  const std::unique_ptr<LstmModel> model = loadLstm(args.model);
  const ExportReport report = exportLstm(*model, args.out);
  char line[512];
  std::snprintf(line, sizeof line,
                "wrote %s and %s (checked: max difference %.2g from the model's forecast)\n",
                report.model_path.c_str(), report.sidecar_path.c_str(), report.max_abs_difference);
  std::cout << line;
  return kExitOk;
}

}  // namespace

void addExportCommand(CommandLine& cli) {
  auto args = std::make_shared<ExportArgs>();
  CLI::App& cmd = cli.add(
      "export", kDescription, [args] { return exportModel(*args); }, kFooter);
  cmd.add_option("--model", args->model,
                 "a model saved by 'shadowscale train' or 'backtest --save-model'")
      ->type_name("FILE")
      ->required();
  cmd.add_option("--out", args->out, "output folder (created if needed)")
      ->type_name("DIR")
      ->required();
}

}  // namespace shadowscale
