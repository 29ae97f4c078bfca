#include "models/export.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <numbers>
#include <sstream>
#include <string>
#include <vector>

#include "core/json.h"
#include "io/atomic_file.h"
#include "models/series.h"

namespace shadowscale {
namespace {

LstmOptions smallOptions() {
  LstmOptions o;
  o.interval = kHour;
  o.window = 12;
  o.horizon = 4;
  o.hidden = 16;
  o.head_hidden = 16;
  o.batch_size = 32;
  o.max_epochs = 3;
  o.seed = 3;
  return o;
}

std::vector<SeriesPoint> wave(int days) {
  std::vector<double> v;
  for (int t = 0; t < days * 24; ++t) {
    v.push_back(200 + 90 * std::sin(2 * std::numbers::pi * t / 24.0) + (t % 7) * 3.0);
  }
  return makeSeries(v, 1'600'000'000 * kSecond, kHour).points;
}

class ExportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("shadowscale_export_test_" + std::to_string(::getpid()) + "_" +
            std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    std::filesystem::remove_all(dir_);
    model_.train(wave(20));
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::filesystem::path dir_;
  LstmForecaster model_{smallOptions()};
};

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST_F(ExportTest, WritesTorchScriptAndSidecarThatForecastLikeTheModel) {
  const ExportReport r = exportForecaster(model_, dir_.string());
  EXPECT_TRUE(std::filesystem::exists(r.model_path));
  EXPECT_FALSE(std::filesystem::exists(r.model_path + ".tmp"));
  EXPECT_LE(r.max_abs_difference, 1e-5);
  // Fresh inputs after one more observation, through torch::jit::load.
  SeriesPoint p = stepCalendar(wave(20).back(), kHour, 1);
  p.value = 250;
  model_.observe(p);
  const LstmInputs in = model_.currentInputs({});
  const auto expected = model_.forecast(4, {}).values;
  const auto got = runExportedModel(r.model_path, in);
  ASSERT_EQ(got.size(), expected.size());
  for (std::size_t h = 0; h < got.size(); ++h) {
    for (std::size_t j = 0; j < got[h].size(); ++j) {
      EXPECT_NEAR(got[h][j], expected[h][j], 1e-5 * std::max(1.0, std::abs(expected[h][j])));
    }
  }
  const Json sidecar = Json::parse(slurp(r.sidecar_path));
  EXPECT_EQ(sidecar["interval_seconds"], 3600);
  EXPECT_EQ(sidecar["horizon"], 4);
  EXPECT_EQ(sidecar["quantiles"], Json::array({0.1, 0.5, 0.9}));
  EXPECT_TRUE(sidecar["inputs"]["definitions"].contains("value_lag_week"));
  EXPECT_EQ(sidecar["inputs"]["past"]["features"].size(),
            sidecar["inputs"]["past"]["shape"][2].get<std::size_t>());
  EXPECT_TRUE(sidecar["normalisation"].contains("mean"));
  EXPECT_TRUE(sidecar["training"].contains("seed"));
  EXPECT_TRUE(sidecar["backtest"].is_null());
}

TEST_F(ExportTest, SidecarCarriesStoredBacktestFigures) {
  model_.setBacktestJson("{\n  \"figure\": 0.42\n}");
  const ExportReport r = exportForecaster(model_, dir_.string());
  EXPECT_EQ(Json::parse(slurp(r.sidecar_path))["backtest"]["figure"], 0.42);
}

TEST_F(ExportTest, UntrainedModelIsNotExported) {
  const LstmForecaster untrained(smallOptions());
  EXPECT_THROW(exportForecaster(untrained, dir_.string()), std::logic_error);
  EXPECT_FALSE(std::filesystem::exists(dir_ / kExportModelFile));
}

// The interpreter to check exports with: $SHADOWSCALE_PYTHON, else the first of python3 on
// PATH and /usr/bin/python3 that imports torch (a pyenv python3 may lack Debian's torch).
std::string pythonWithTorch() {
  std::vector<std::string> candidates;
  if (const char* env = std::getenv("SHADOWSCALE_PYTHON")) {
    candidates.emplace_back(env);
  }
  candidates.insert(candidates.end(), {"python3", "/usr/bin/python3"});
  for (const auto& py : candidates) {
    const std::string cmd = py + " -c 'import torch' >/dev/null 2>&1";
    if (std::system(cmd.c_str()) == 0) {
      return py;
    }
  }
  return "";
}

TEST_F(ExportTest, PythonTorchJitLoadForecastsTheSame) {
  const std::string python = pythonWithTorch();
  if (python.empty()) {
    // CI installs python3-torch (scripts/install-deps.sh): there a missing torch is a failure.
    const char* required = std::getenv("SHADOWSCALE_REQUIRE_PYTHON_TORCH");
    if (required != nullptr && std::string(required) == "1") {
      FAIL() << "no python3 that can import torch, and SHADOWSCALE_REQUIRE_PYTHON_TORCH=1";
    }
    GTEST_SKIP() << "no python3 that can import torch";
  }
  const ExportReport r = exportForecaster(model_, dir_.string());
  const LstmInputs in = model_.currentInputs({});
  const auto expected = model_.forecast(4, {}).values;
  Json c;
  c["past"] = std::vector<double>(in.past.begin(), in.past.end());
  c["future"] = std::vector<double>(in.future.begin(), in.future.end());
  std::vector<double> flat;
  for (const auto& row : expected) {
    flat.insert(flat.end(), row.begin(), row.end());
  }
  c["expected"] = flat;
  const auto case_path = dir_ / "case.json";
  writeFileAtomically(case_path.string(), c.dump());
  const std::string script =
      "import json, sys, torch\n"
      "m = torch.jit.load(sys.argv[1])\n"
      "c = json.load(open(sys.argv[2]))\n"
      "W, H = int(m.window), int(m.horizon)\n"
      "past = torch.tensor(c['past'], dtype=torch.float32).view(1, W, -1)\n"
      "future = torch.tensor(c['future'], dtype=torch.float32).view(1, H, -1)\n"
      "with torch.no_grad():\n"
      "    out = m(past, future).reshape(-1)\n"
      "exp = torch.tensor(c['expected'], dtype=torch.float64)\n"
      "diff = (out.double() - exp).abs() / exp.abs().clamp(min=1.0)\n"
      "print('max relative difference', float(diff.max()))\n"
      "sys.exit(0 if float(diff.max()) <= 1e-5 else 1)\n";
  const auto script_path = dir_ / "check.py";
  writeFileAtomically(script_path.string(), script);
  const std::string cmd =
      python + " " + script_path.string() + " " + r.model_path + " " + case_path.string();
  EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
}

}  // namespace
}  // namespace shadowscale
