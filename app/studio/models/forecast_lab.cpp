#include "app/studio/models/forecast_lab.h"

#include <cstdio>
#include <fstream>
#include <stdexcept>

#include "app/studio/models/cancelled.h"
#include "core/input_error.h"
#include "core/json.h"
#include "models/backtest_lineup.h"
#include "models/lstm_loader.h"
#include "replay/capture_counts.h"
#include "replay/capture_format.h"

namespace shadowscale::studio {

namespace {

bool isCapture(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::string head(kCaptureMagic.size(), '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  return in && head == kCaptureMagic;
}

}  // namespace

CountSeries loadLabSeries(const std::string& path, TimeNs utc_offset) {
  SeriesReadOptions options;
  options.utc_offset = utc_offset;
  if (!isCapture(path)) {
    return readCountSeries(path, options);
  }
  const CaptureCounts counts = countCaptureArrivals(path, options.bucket);
  CountSeries series =
      makeSeries(counts.counts, counts.first_bucket_unix_ns, options.bucket, utc_offset);
  series.source = path;
  series.rows = counts.counts.size();
  series.row_interval = options.bucket;
  return series;
}

TimeNs parseLabUtcOffset(const std::string& text) {
  if (text.empty()) {
    return 0;
  }
  try {
    return parseUtcOffset(text);
  } catch (const InputError& e) {
    throw InputError("UTC offset: " + e.problem());
  }
}

std::string describeSeries(const CountSeries& s) {
  if (s.points.empty()) {
    return "no buckets";
  }
  char line[256];
  std::snprintf(line, sizeof line, "%zu buckets of %lld min, %s .. %s (%s), %zu missing",
                s.points.size(), static_cast<long long>(s.bucket / kMinute),
                formatCivil(s.points.front().civil).c_str(),
                formatCivil(s.points.back().civil).c_str(), formatUtcOffset(s.utc_offset).c_str(),
                s.missingCount());
  return line;
}

const ForecastTrace* LabRun::trace(const std::string& forecaster, int horizon) const {
  for (const ForecastTrace& t : traces) {
    if (t.forecaster == forecaster && t.horizon == horizon) {
      return &t;
    }
  }
  return nullptr;
}

std::unique_ptr<LabRun> runLab(const CountSeries& series, const LabOptions& options,
                               const LabHooks& hooks, const std::atomic<bool>& cancelled) {
  auto run = std::make_unique<LabRun>();
  std::unique_ptr<LstmModel> lstm;
  std::unique_ptr<LstmModel> member;
  auto epochs = std::make_shared<std::vector<EpochReport>>();
  if (options.with_lstm) {
    LstmOptions lstm_options;
    lstm_options.max_epochs = options.lstm_epochs;
    lstm_options.seed = options.lstm_seed;
    // Kept by the model after this returns: captures nothing of this frame.
    lstm_options.on_epoch = [on_epoch = hooks.on_epoch, flag = &cancelled,
                             epochs](const EpochReport& e) {
      throwIfCancelled(*flag);
      epochs->push_back(e);
      if (on_epoch) {
        on_epoch(e);
      }
    };
    lstm = makeLstm(lstm_options);
    lstm->setSource(series.source);
    run->lstm = lstm.get();
    // auto-lstm's own LSTM: its epochs are not the loss chart's, but it stops on Cancel too.
    lstm_options.on_epoch = [flag = &cancelled](const EpochReport&) { throwIfCancelled(*flag); };
    member = makeLstm(lstm_options);
  }
  run->forecasters = backtestLineup(series.bucket, std::move(lstm), std::move(member));

  BacktestOptions backtest;
  backtest.mase_period = static_cast<int>(kDay / series.bucket);
  backtest.progress = [&](const std::string& name, const std::string& stage) {
    throwIfCancelled(cancelled);
    if (hooks.on_stage) {
      hooks.on_stage(name, stage);
    }
  };
  backtest.on_forecast = [&](const std::string& name, std::size_t origin,
                             const QuantileForecast& f) {
    throwIfCancelled(cancelled);
    for (int h : backtest.horizons) {
      const std::size_t target = origin - 1 + static_cast<std::size_t>(h);
      if (target >= series.points.size()) {
        continue;
      }
      ForecastTrace* trace = nullptr;
      for (ForecastTrace& t : run->traces) {
        if (t.forecaster == name && t.horizon == h) {
          trace = &t;
        }
      }
      if (trace == nullptr) {
        run->traces.push_back({name, h, f.quantiles.front(), f.quantiles.back(), {}, {}, {}, {}});
        trace = &run->traces.back();
      }
      const std::vector<double>& step = f.values[static_cast<std::size_t>(h - 1)];
      trace->target.push_back(target);
      trace->lower.push_back(step.front());
      trace->median.push_back(step[f.medianIndex()]);
      trace->upper.push_back(step.back());
    }
  };
  try {
    run->result = runBacktest(series.points, run->forecasters, backtest);
  } catch (const std::invalid_argument& e) {
    throw InputError::at(series.source, 0, "", e.what());  // too short for the protocol
  }
  if (run->lstm != nullptr) {
    run->lstm->setBacktestJson(jsonText(backtestJson(run->result)));
  }
  run->epochs = *epochs;
  return run;
}

ExportReport exportLabModel(LabRun& run, const std::string& dir) {
  if (run.lstm == nullptr || run.epochs.empty()) {
    throw std::logic_error("this backtest trained no LSTM to export");
  }
  return exportLstm(*run.lstm, dir);
}

}  // namespace shadowscale::studio
