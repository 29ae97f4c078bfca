#include "app/cli/train_command.h"

#include <cstdint>
#include <cstdio>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>

#include "app/cli/exit_codes.h"
#include "app/cli/output_paths.h"
#include "app/cli/series_input.h"
#include "core/input_error.h"
#include "models/lstm_loader.h"

namespace shadowscale {

namespace {

constexpr const char* kDescription =
    "train the LSTM forecaster on a count series\n"
    "Trains the LSTM quantile forecaster on a per-interval count CSV (time,count), summed\n"
    "into 5-minute buckets. The last 15% of the series is held out for early stopping.\n"
    "Progress (epoch, train and validation pinball loss) goes to stderr; the model, with its\n"
    "normalisation and recent history, is saved to --out. See docs/forecasting.md.";

constexpr const char* kFooter = "exit codes: 0 ok, 2 bad input, 1 other failure.";

// The command's arguments.
struct TrainArgs {
  SeriesArgs series;
  std::string out = "model.pt";
  LstmOptions lstm;
};

int train(const TrainArgs& args) {
  const LstmOptions& options = args.lstm;
  prepareOutputFile("--out", args.out);  // before the training, which can take minutes
  const CountSeries series = loadSeries(args.series);
  const std::unique_ptr<LstmModel> model = makeLstm(options);
  model->setSource(args.series.path);
  std::cerr << "training the LSTM (seed " << options.seed << ", up to " << options.max_epochs
            << " epochs, patience " << options.patience << ")\n";
  TrainingReport report;
  try {
    report = model->train(series.points,
                          [&](const EpochReport& e) { printEpoch(e, options.max_epochs); });
  } catch (const std::invalid_argument& e) {
    throw InputError::at(args.series.path, 0, "", e.what());  // the series does not suit it
  }
  model->save(args.out);
  char line[256];
  std::snprintf(line, sizeof line,
                "trained in %.1f s (%.1f s CPU): %zu training and %zu validation windows, "
                "best epoch %d (validation pinball %.5f); saved %s\n",
                report.seconds, report.cpu_seconds, report.train_samples, report.validation_samples,
                report.best_epoch, report.best_validation_loss, args.out.c_str());
  std::cout << line;
  return kExitOk;
}

}  // namespace

void addTrainCommand(CommandLine& cli) {
  auto args = std::make_shared<TrainArgs>();
  CLI::App& cmd = cli.add(
      "train", kDescription, [args] { return train(*args); }, kFooter);
  args->series.addTo(cmd);
  cmd.add_option("--out", args->out, "where to save the model")
      ->type_name("FILE")
      ->capture_default_str();
  cmd.add_option("--epochs", args->lstm.max_epochs,
                 "maximum epochs (early stopping may end sooner)")
      ->type_name("N")
      ->check(wholeNumber(1, 10000))
      ->capture_default_str();
  cmd.add_option("--seed", args->lstm.seed, "training seed: same seed, same weights")
      ->type_name("N")
      ->check(wholeNumber(0))
      ->capture_default_str();
}

}  // namespace shadowscale
