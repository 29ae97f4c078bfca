#pragma once

namespace shadowscale {

// `shadowscale train`: trains the LSTM forecaster on a count CSV and saves it. argv[0] is the
// subcommand name. Returns the process exit code (0 ok, 2 bad input, 1 other failure).
int runTrainCommand(int argc, char** argv);

// `shadowscale backtest`: runs the forecasting evaluation protocol (baselines and the LSTM side
// by side), prints the table and optionally writes it as JSON.
int runBacktestCommand(int argc, char** argv);

// `shadowscale export`: writes a trained model as TorchScript plus a JSON sidecar.
int runExportCommand(int argc, char** argv);

}  // namespace shadowscale
