// The LSTM through its module: programs that never build an LSTM never load libtorch, and the
// module's models train, save, load and export exactly as the LSTM linked directly does.
#include "models/lstm_loader.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <numbers>
#include <string>
#include <vector>

#include "core/input_error.h"
#include "models/lstm_forecaster.h"
#include "models/series.h"

namespace shadowscale {
namespace {

namespace fs = std::filesystem;

// Small, fast settings: hourly intervals (a day is 24 steps).
LstmOptions smallOptions() {
  LstmOptions o;
  o.interval = kHour;
  o.window = 12;
  o.horizon = 4;
  o.hidden = 16;
  o.head_hidden = 16;
  o.batch_size = 32;
  o.max_epochs = 2;
  o.learning_rate = 1e-2;
  o.seed = 3;
  return o;
}

std::vector<SeriesPoint> sine(int days) {
  std::vector<double> v;
  for (int t = 0; t < days * 24; ++t) {
    v.push_back(100 + 60 * std::sin(2 * std::numbers::pi * t / 24.0));
  }
  return makeSeries(v, 1'600'000'000 * kSecond, kHour).points;
}

fs::path scratch(const std::string& name) {
  return fs::temp_directory_path() /
         ("shadowscale-loader-" + std::to_string(::getpid()) + "-" + name);
}

TEST(LstmLoaderTest, TheModulesModelForecastsAsTheLinkedLstmDoes) {
  const std::unique_ptr<LstmModel> model = makeLstm(smallOptions());
  EXPECT_EQ(model->name(), "lstm");
  EXPECT_EQ(model->interval(), kHour);
  model->setSource("sine");
  int epochs = 0;
  model->train(sine(20), [&epochs](const EpochReport&) { ++epochs; });
  EXPECT_EQ(epochs, 2);
  const fs::path path = scratch("model.pt");
  model->save(path.string());

  const LstmForecaster linked = LstmForecaster::load(path.string());
  const std::unique_ptr<LstmModel> loaded = loadLstm(path.string());
  fs::remove(path);
  EXPECT_EQ(loaded->info().source, "sine");
  EXPECT_EQ(loaded->minHistory(), linked.minHistory());
  const QuantileForecast a = model->forecast(4, {});
  EXPECT_EQ(a.values, loaded->forecast(4, {}).values);
  EXPECT_EQ(a.values, LstmForecaster(linked).forecast(4, {}).values);
}

TEST(LstmLoaderTest, ExportGoesThroughTheModuleAndIsChecked) {
  const std::unique_ptr<LstmModel> model = makeLstm(smallOptions());
  model->train(sine(20));
  const fs::path dir = scratch("export");
  const ExportReport report = exportLstm(*model, dir.string());
  EXPECT_TRUE(fs::exists(report.model_path));
  EXPECT_TRUE(fs::exists(report.sidecar_path));
  EXPECT_LT(report.max_abs_difference, 1e-3);
  fs::remove_all(dir);
}

TEST(LstmLoaderTest, AMissingModelFileIsNamed) {
  try {
    loadLstm("/nonexistent/missing.pt");
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/missing.pt: no such file"),
              std::string::npos)
        << e.what();
  }
}

TEST(LstmLoaderTest, AFileThatIsNotTheModuleIsRefusedByName) {
  const fs::path path = scratch("not-a-module.so");
  std::ofstream(path) << "not a shared library";
  try {
    openLstmModule(path.string());
    FAIL() << "no error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(path.string()), std::string::npos) << e.what();
  }
  fs::remove(path);
}

}  // namespace
}  // namespace shadowscale
