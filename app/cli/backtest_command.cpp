#include "app/cli/backtest_command.h"

#include <cstdint>
#include <cstdio>
#include <iostream>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "app/cli/exit_codes.h"
#include "app/cli/output_paths.h"
#include "app/cli/series_input.h"
#include "core/input_error.h"
#include "core/json.h"
#include "io/atomic_file.h"
#include "models/backtest.h"
#include "models/backtest_lineup.h"
#include "models/lstm_loader.h"
#include "shadowscale/version.h"

namespace shadowscale {

namespace {

constexpr const char* kDescription =
    "compare forecasters with the rolling-origin protocol\n"
    "Runs the forecasting evaluation protocol: 5-minute buckets, first 70% training (the\n"
    "LSTM splits validation off it), last 30% test, origin rolled every bucket, horizons\n"
    "5, 15 and 60 minutes. Prints MAE, sMAPE, MASE, pinball loss and coverage of the 0.9\n"
    "quantile per forecaster and horizon. The test part is never used for fitting.\nSee "
    "docs/forecasting.md.";

constexpr const char* kFooter = "exit codes: 0 ok, 2 bad input, 1 other failure.";

// The command's arguments.
struct BacktestArgs {
  SeriesArgs series;
  std::string json;
  std::string save_model;
  bool no_lstm = false;
  LstmOptions lstm;
};

// The forecasters compared, each with its quantiles calibrated on recent out-of-sample errors
// as a policy uses them: the baselines, then the LSTM (returned in `lstm`) unless left out.
std::vector<std::unique_ptr<Forecaster>> forecastersFor(const BacktestArgs& args, TimeNs bucket,
                                                        LstmModel*& lstm) {
  lstm = nullptr;
  std::unique_ptr<LstmModel> model;
  std::unique_ptr<LstmModel> member;  // the LSTM among auto-lstm's members
  if (!args.no_lstm) {
    LstmOptions options = args.lstm;
    options.on_epoch = [max = options.max_epochs](const EpochReport& e) { printEpoch(e, max); };
    model = makeLstm(options);
    model->setSource(args.series.path);
    lstm = model.get();
    member = makeLstm(options);
  }
  return backtestLineup(bucket, std::move(model), std::move(member));
}

void printResult(const std::string& path, const BacktestResult& result) {
  std::cout << "series " << path << ": " << result.buckets << " buckets of "
            << result.bucket / kMinute << " min, " << result.first_civil << " .. "
            << result.last_civil << "\n"
            << "training " << result.train << " buckets (" << result.missing_train
            << " missing), test " << result.test << " buckets from " << result.split_civil << " ("
            << result.missing_test << " missing)\n";
  char line[256];
  std::snprintf(line, sizeof line,
                "MASE scale: %.3f (daily seasonal naive, in-sample on training, missing "
                "excluded); MASE-ref uses %.3f (missing buckets as their sums, as in the "
                "reference figures)\n\n",
                result.mase_scale, result.mase_scale_reference);
  std::cout << line << formatBacktestTable(result) << "\n";
  for (const auto& f : result.forecasters) {
    std::snprintf(line, sizeof line,
                  "%-20s fit %.1f s (%.1f s CPU); %zu forecasts, %.1f us each (%.1f us CPU)\n",
                  f.name.c_str(), f.fit_seconds, f.fit_cpu_seconds, f.forecasts, f.forecast_micros,
                  f.forecast_cpu_micros);
    std::cout << line;
  }
}

void writeJson(const BacktestArgs& args, const CountSeries& series, const Json& backtest) {
  Json doc;
  doc["shadowscale_version"] = kVersion;
  doc["series"] = args.series.path;
  doc["utc_offset"] = formatUtcOffset(series.utc_offset);
  doc["lstm_seed"] = args.lstm.seed;
  doc["gaps"] = Json::array();
  for (const SeriesGap& g : series.gaps) {
    Json gap;
    gap["from"] = civilOf(g.first_missing, series.utc_offset);
    gap["to"] = civilOf(g.resumes - series.row_interval, series.utc_offset);
    gap["line"] = g.line;
    gap["buckets"] = g.bucket_count;
    doc["gaps"].push_back(std::move(gap));
  }
  doc["gap_treatment"] =
      "missing buckets are not scored, not in the MASE scale, not training targets; model inputs "
      "there are stand-ins (see docs/forecasting.md)";
  doc["backtest"] = backtest;
  writeFileAtomically(args.json, jsonText(doc));
  std::cerr << "wrote " << args.json << "\n";
}

int backtest(const BacktestArgs& args) {
  if (args.no_lstm && !args.save_model.empty()) {
    throw InputError("--save-model needs the LSTM (drop --no-lstm)");
  }
  // Outputs are checked before the work, which can take minutes.
  if (!args.json.empty()) {
    prepareOutputFile("--json", args.json);
  }
  if (!args.save_model.empty()) {
    prepareOutputFile("--save-model", args.save_model);
  }
  const CountSeries series = loadSeries(args.series);
  if (series.bucket != args.lstm.interval) {
    throw std::logic_error("bucket and LSTM interval disagree");
  }
  LstmModel* lstm = nullptr;
  std::vector<std::unique_ptr<Forecaster>> forecasters = forecastersFor(args, series.bucket, lstm);
  BacktestOptions options;
  options.mase_period = static_cast<int>(kDay / series.bucket);
  options.progress = [](const std::string& name, const std::string& stage) {
    std::cerr << (stage == "fit" ? "fitting " : "scoring ") << name << "\n";
  };
  BacktestResult result;
  try {
    result = runBacktest(series.points, forecasters, options);
  } catch (const std::invalid_argument& e) {
    throw InputError::at(args.series.path, 0, "", e.what());  // e.g. too short for a forecaster
  }
  printResult(args.series.path, result);
  const Json json = backtestJson(result);
  if (!args.json.empty()) {
    writeJson(args, series, json);
  }
  if (!args.save_model.empty()) {
    lstm->setBacktestJson(jsonText(json));
    lstm->save(args.save_model);
    std::cerr << "saved the LSTM trained on the training part to " << args.save_model << "\n";
  }
  return kExitOk;
}

}  // namespace

void addBacktestCommand(CommandLine& cli) {
  auto args = std::make_shared<BacktestArgs>();
  CLI::App& cmd = cli.add(
      "backtest", kDescription, [args] { return backtest(*args); }, kFooter);
  args->series.addTo(cmd);
  cmd.add_option("--json", args->json, "also write the results as JSON")->type_name("FILE");
  cmd.add_option("--epochs", args->lstm.max_epochs, "maximum LSTM epochs")
      ->type_name("N")
      ->check(wholeNumber(1, 10000))
      ->capture_default_str();
  cmd.add_option("--seed", args->lstm.seed, "LSTM training seed")
      ->type_name("N")
      ->check(wholeNumber(0))
      ->capture_default_str();
  cmd.add_flag("--no-lstm", args->no_lstm, "baselines only");
  cmd.add_option("--save-model", args->save_model,
                 "save the LSTM trained on the training part, with these figures")
      ->type_name("FILE");
}

}  // namespace shadowscale
