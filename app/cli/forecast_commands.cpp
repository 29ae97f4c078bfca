#include "app/cli/forecast_commands.h"

#include "app/cli/exit_codes.h"

#include <charconv>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/input_error.h"
#include "models/backtest.h"
#include "models/baselines.h"
#include "models/conformal.h"
#include "models/export.h"
#include "models/json_writer.h"
#include "models/lstm_forecaster.h"
#include "models/series.h"
#include "scenarios/units.h"
#include "shadowscale/version.h"

namespace shadowscale {

namespace {

// A bad command line: reported like bad input, with the usage hint.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Parsed "--name value" / "--flag" arguments of one subcommand.
class Args {
 public:
  Args(int argc, char** argv, const std::set<std::string>& with_value,
       const std::set<std::string>& flags) {
    for (int i = 1; i < argc; ++i) {
      const std::string a = argv[i];
      if (flags.count(a) > 0) {
        flags_.insert(a);
      } else if (with_value.count(a) > 0) {
        if (i + 1 >= argc) {
          throw UsageError(a + " needs a value");
        }
        values_[a] = argv[++i];
      } else {
        throw UsageError("unknown argument '" + a + "'");
      }
    }
  }

  bool has(const std::string& flag) const {
    return flags_.count(flag) > 0 || values_.count(flag) > 0;
  }

  std::optional<std::string> get(const std::string& name) const {
    const auto it = values_.find(name);
    return it == values_.end() ? std::nullopt : std::optional<std::string>(it->second);
  }

  std::string required(const std::string& name) const {
    auto v = get(name);
    if (!v || v->empty()) {
      throw UsageError(name + " is required");
    }
    return *v;
  }

  long long integer(const std::string& name, long long fallback, long long min,
                    long long max) const {
    const auto v = get(name);
    if (!v) {
      return fallback;
    }
    long long x = 0;
    const char* end = v->data() + v->size();
    auto [p, ec] = std::from_chars(v->data(), end, x);
    if (v->empty() || ec != std::errc() || p != end || x < min || x > max) {
      throw UsageError(name + ": expected an integer in " + std::to_string(min) + ".." +
                       std::to_string(max) + ", got '" + *v + "'");
    }
    return x;
  }

  TimeNs utcOffset() const {
    const auto v = get("--utc-offset");
    if (!v) {
      return 0;
    }
    try {
      return parseUtcOffset(*v);
    } catch (const std::invalid_argument& e) {
      throw UsageError(std::string("--utc-offset: ") + e.what());
    }
  }

 private:
  std::map<std::string, std::string> values_;
  std::set<std::string> flags_;
};

// Runs a subcommand body, mapping failures to exit codes and messages on stderr.
template <typename Body>
int guarded(const char* command, const char* usage, Body body) {
  try {
    return body();
  } catch (const UsageError& e) {
    std::cerr << "shadowscale " << command << ": " << e.what() << "\n\n" << usage;
    return kExitBadInput;
  } catch (const InputError& e) {
    std::cerr << "shadowscale " << command << ": " << e.what() << "\n";
    return kExitBadInput;
  } catch (const std::invalid_argument& e) {
    std::cerr << "shadowscale " << command << ": " << e.what() << "\n";
    return kExitBadInput;
  } catch (const std::exception& e) {
    std::cerr << "shadowscale " << command << ": error: " << e.what() << "\n";
    return kExitFailure;
  }
}

std::string civilOf(TimeNs unix_ns, TimeNs utc_offset) {
  return formatCivil(Calendar(0, utc_offset).civil(unix_ns));
}

// Reads the series and says what it found, gaps first: nothing is filled silently.
CountSeries loadSeries(const std::string& path, const Args& args) {
  SeriesReadOptions options;
  options.utc_offset = args.utcOffset();
  if (const auto z = args.get("--zero-run-missing")) {
    try {
      options.zero_run_missing = parseDuration(*z);
    } catch (const std::invalid_argument& e) {
      throw UsageError(std::string("--zero-run-missing: ") + e.what());
    }
    if (options.zero_run_missing < 0) {
      throw UsageError("--zero-run-missing: must not be negative");
    }
  }
  const TimeNs utc_offset = options.utc_offset;
  CountSeries s = readCountSeries(path, options);
  std::cerr << path << ": " << s.rows << " rows every " << s.row_interval / kSecond << " s, "
            << formatCivil(s.points.front().civil) << " .. " << formatCivil(s.points.back().civil)
            << " (" << formatUtcOffset(utc_offset) << "), " << s.points.size() << " buckets of "
            << s.bucket / kMinute << " min\n";
  for (const SeriesGap& g : s.gaps) {
    if (g.zero_run) {
      std::cerr << "  outage: every row counts 0 from " << civilOf(g.first_missing, utc_offset)
                << " to " << civilOf(g.resumes - s.row_interval, utc_offset) << " (up to line "
                << g.line - 1 << "): " << g.bucket_count << " buckets flagged missing\n";
    } else {
      std::cerr << "  gap: no rows from " << civilOf(g.first_missing, utc_offset) << " to "
                << civilOf(g.resumes - s.row_interval, utc_offset) << " (rows resume at line "
                << g.line << "): " << g.bucket_count << " buckets flagged missing\n";
    }
  }
  const std::size_t missing = s.missingCount();
  if (missing > 0) {
    std::cerr << "  " << missing << " bucket(s) missing in all: never scored, left out of the "
              << "MASE scale, not trained on; forecasters' inputs there are stand-ins "
              << "(see docs/forecasting.md)\n";
  }
  return s;
}

void printEpoch(const EpochReport& e, int max_epochs) {
  char line[160];
  std::snprintf(line, sizeof line, "  epoch %2d/%d  train %.5f  validation %.5f  %.1f s%s\n",
                e.epoch, max_epochs, e.train_loss, e.validation_loss, e.seconds,
                e.improved ? "  *" : "");
  std::cerr << line;
}

constexpr const char* kTrainUsage =
    "usage: shadowscale train --series FILE.csv [--utc-offset -4h] [--out model.pt]\n"
    "                         [--epochs N] [--seed N]\n"
    "\n"
    "Trains the LSTM quantile forecaster on a per-interval count CSV (time,count), summed\n"
    "into 5-minute buckets. The last 15% of the series is held out for early stopping.\n"
    "Progress (epoch, train and validation pinball loss) goes to stderr; the model, with its\n"
    "normalisation and recent history, is saved to --out (default model.pt).\n"
    "\n"
    "  --series FILE      count CSV: 'YYYY-MM-DD HH:MM:SS,count' rows, header optional\n"
    "  --utc-offset OFF   zone of the timestamps, e.g. -4h or -04:00 (default 0)\n"
    "  --zero-run-missing D  rows counting 0 for at least D in a row are an outage and\n"
    "                     flagged missing (default 2h; 0 keeps them as data)\n"
    "  --out FILE         where to save the model (default model.pt)\n"
    "  --epochs N         maximum epochs (default 20; early stopping may end sooner)\n"
    "  --seed N           training seed (default 1): same seed, same weights\n"
    "\n"
    "Exit codes: 0 ok, 2 bad input, 1 other failure.\n";

constexpr const char* kBacktestUsage =
    "usage: shadowscale backtest --series FILE.csv [--utc-offset -4h] [--json out.json]\n"
    "                            [--epochs N] [--seed N] [--no-lstm] [--save-model model.pt]\n"
    "\n"
    "Runs the forecasting evaluation protocol: 5-minute buckets, first 70% training (the\n"
    "LSTM splits validation off it), last 30% test, origin rolled every bucket, horizons\n"
    "5, 15 and 60 minutes. Prints MAE, sMAPE, MASE, pinball loss and coverage of the 0.9\n"
    "quantile per forecaster and horizon. The test part is never used for fitting.\n"
    "\n"
    "  --series FILE      count CSV (as for train)\n"
    "  --utc-offset OFF   zone of the timestamps (default 0)\n"
    "  --zero-run-missing D  zero runs at least this long are outages (default 2h, 0 = off)\n"
    "  --json FILE        also write the results as JSON\n"
    "  --epochs N         maximum LSTM epochs (default 20)\n"
    "  --seed N           LSTM training seed (default 1)\n"
    "  --no-lstm          baselines only\n"
    "  --save-model FILE  save the LSTM trained on the training part, with these figures\n"
    "\n"
    "Exit codes: 0 ok, 2 bad input, 1 other failure.\n";

constexpr const char* kExportUsage =
    "usage: shadowscale export --model model.pt --out DIR\n"
    "\n"
    "Writes DIR/forecaster.pt (TorchScript: torch.jit.load in Python, torch::jit::load in\n"
    "C++; forward(past, future) returns the quantile forecasts) and DIR/forecaster.json\n"
    "(input features and their order, normalisation, interval, horizon, quantiles, training\n"
    "range, backtest figures). The export is loaded back and checked against the model\n"
    "before it is put in place.\n"
    "\n"
    "  --model FILE   a model saved by 'shadowscale train' or 'backtest --save-model'\n"
    "  --out DIR      output folder (created if needed)\n"
    "\n"
    "Exit codes: 0 ok, 2 bad input, 1 other failure.\n";

bool wantsHelp(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--help" || a == "-h") {
      return true;
    }
  }
  return false;
}

}  // namespace

int runTrainCommand(int argc, char** argv) {
  if (wantsHelp(argc, argv)) {
    std::cout << kTrainUsage;
    return kExitOk;
  }
  return guarded("train", kTrainUsage, [&] {
    const Args args(
        argc, argv,
        {"--series", "--utc-offset", "--zero-run-missing", "--out", "--epochs", "--seed"}, {});
    const std::string path = args.required("--series");
    const std::string out = args.get("--out").value_or("model.pt");
    LstmOptions options;
    options.max_epochs = static_cast<int>(args.integer("--epochs", options.max_epochs, 1, 10000));
    options.seed = static_cast<std::uint64_t>(args.integer("--seed", 1, 0, INT64_MAX));
    const CountSeries series = loadSeries(path, args);

    LstmForecaster model(options);
    model.setSource(path);
    std::cerr << "training the LSTM (seed " << options.seed << ", up to " << options.max_epochs
              << " epochs, patience " << options.patience << ")\n";
    TrainingReport report;
    try {
      report = model.train(series.points,
                           [&](const EpochReport& e) { printEpoch(e, options.max_epochs); });
    } catch (const std::invalid_argument& e) {
      throw InputError::at(path, 0, "", e.what());  // the series does not suit the model
    }
    model.save(out);
    char line[256];
    std::snprintf(line, sizeof line,
                  "trained in %.1f s (%.1f s CPU): %zu training and %zu validation windows, "
                  "best epoch %d (validation pinball %.5f); saved %s\n",
                  report.seconds, report.cpu_seconds, report.train_samples,
                  report.validation_samples, report.best_epoch, report.best_validation_loss,
                  out.c_str());
    std::cout << line;
    return kExitOk;
  });
}

int runBacktestCommand(int argc, char** argv) {
  if (wantsHelp(argc, argv)) {
    std::cout << kBacktestUsage;
    return kExitOk;
  }
  return guarded("backtest", kBacktestUsage, [&] {
    const Args args(argc, argv,
                    {"--series", "--utc-offset", "--zero-run-missing", "--json", "--epochs",
                     "--seed", "--save-model"},
                    {"--no-lstm"});
    const std::string path = args.required("--series");
    const bool with_lstm = !args.has("--no-lstm");
    if (!with_lstm && args.get("--save-model")) {
      throw UsageError("--save-model needs the LSTM (drop --no-lstm)");
    }
    LstmOptions lstm_options;
    lstm_options.max_epochs =
        static_cast<int>(args.integer("--epochs", lstm_options.max_epochs, 1, 10000));
    lstm_options.seed = static_cast<std::uint64_t>(args.integer("--seed", 1, 0, INT64_MAX));
    const CountSeries series = loadSeries(path, args);
    if (series.bucket != lstm_options.interval) {
      throw std::logic_error("bucket and LSTM interval disagree");
    }

    BaselineOptions base;
    base.interval = series.bucket;
    const int day = static_cast<int>(kDay / series.bucket);
    std::vector<std::unique_ptr<Forecaster>> models;
    models.push_back(std::make_unique<LastValueForecaster>(base));
    models.push_back(std::make_unique<SeasonalNaiveForecaster>(day, "seasonal-naive-day", base));
    models.push_back(
        std::make_unique<SeasonalNaiveForecaster>(7 * day, "seasonal-naive-week", base));
    models.push_back(std::make_unique<HoltWintersForecaster>(day, base));
    LstmForecaster* lstm = nullptr;
    if (with_lstm) {
      lstm_options.on_epoch = [&](const EpochReport& e) { printEpoch(e, lstm_options.max_epochs); };
      auto model = std::make_unique<LstmForecaster>(lstm_options);
      model->setSource(path);
      lstm = model.get();
      models.push_back(std::move(model));
    }
    // Scored as a policy uses them: quantiles calibrated on recent out-of-sample errors.
    std::vector<std::unique_ptr<Forecaster>> forecasters;
    for (auto& m : models) {
      forecasters.push_back(std::make_unique<ConformalForecaster>(std::move(m)));
    }

    BacktestOptions options;
    options.mase_period = day;
    options.progress = [](const std::string& name, const std::string& stage) {
      std::cerr << (stage == "fit" ? "fitting " : "scoring ") << name << "\n";
    };
    BacktestResult result;
    try {
      result = runBacktest(series.points, forecasters, options);
    } catch (const std::invalid_argument& e) {
      throw InputError::at(path, 0, "", e.what());  // e.g. too short for a forecaster
    }

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
                    f.name.c_str(), f.fit_seconds, f.fit_cpu_seconds, f.forecasts,
                    f.forecast_micros, f.forecast_cpu_micros);
      std::cout << line;
    }

    const std::string json = backtestJson(result);
    if (const auto out = args.get("--json")) {
      JsonWriter w;
      w.beginObject();
      w.key("shadowscale_version").value(kVersion);
      w.key("series").value(path);
      w.key("utc_offset").value(formatUtcOffset(series.utc_offset));
      w.key("lstm_seed").value(static_cast<std::int64_t>(lstm_options.seed));
      w.key("gaps").beginArray();
      for (const SeriesGap& g : series.gaps) {
        w.beginObject();
        w.key("from").value(civilOf(g.first_missing, series.utc_offset));
        w.key("to").value(civilOf(g.resumes - series.row_interval, series.utc_offset));
        w.key("line").value(g.line);
        w.key("buckets").value(g.bucket_count);
        w.endObject();
      }
      w.endArray();
      w.key("gap_treatment")
          .value(
              "missing buckets are not scored, not in the MASE scale, not training targets; "
              "model inputs there are stand-ins (see docs/forecasting.md)");
      w.key("backtest").raw(json);
      w.endObject();
      writeFileAtomically(*out, w.str() + "\n");
      std::cerr << "wrote " << *out << "\n";
    }
    if (const auto save = args.get("--save-model")) {
      lstm->setBacktestJson(json);
      lstm->save(*save);
      std::cerr << "saved the LSTM trained on the training part to " << *save << "\n";
    }
    return kExitOk;
  });
}

int runExportCommand(int argc, char** argv) {
  if (wantsHelp(argc, argv)) {
    std::cout << kExportUsage;
    return kExitOk;
  }
  return guarded("export", kExportUsage, [&] {
    const Args args(argc, argv, {"--model", "--out"}, {});
    const std::string model_path = args.required("--model");
    const std::string dir = args.required("--out");
    const LstmForecaster model = LstmForecaster::load(model_path);
    const ExportReport report = exportForecaster(model, dir);
    char line[512];
    std::snprintf(line, sizeof line,
                  "wrote %s and %s (checked: max difference %.2g from the model's forecast)\n",
                  report.model_path.c_str(), report.sidecar_path.c_str(),
                  report.max_abs_difference);
    std::cout << line;
    return kExitOk;
  });
}

}  // namespace shadowscale
