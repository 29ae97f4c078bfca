// One setup's run: the notes it leaves for the user when a forecasting policy could not do its
// job (it never left its warm-up, or a loaded model met traffic of another scale).
#include "sim/setup_run.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "core/calendar.h"
#include "models/lstm_forecaster.h"
#include "models/lstm_loader.h"
#include "models/series.h"
#include "scenarios/scenario_loader.h"

namespace shadowscale {
namespace {

namespace fs = std::filesystem;

// One day of light synthetic traffic with the given setups.
Scenario oneDay(const std::string& setups) {
  return parseScenarioText(R"(name: "notes"
start: "2026-03-03T00:00:00Z"
traffic { duration: "1d" synthetic { base_rate: "10/s" } }
)" + setups,
                           "notes.textproto", "");
}

std::string joined(const std::vector<std::string>& notes) {
  std::string out;
  for (const std::string& n : notes) {
    out += n + "\n";
  }
  return out;
}

TEST(SetupRunNotes, APolicyThatNeverLeftItsWarmUpSaysSo) {
  const Scenario s = oneDay(R"(
setup {
  name: "waits"
  shadow_pool: true
  policy { predictive { forecaster { kind: "seasonal-naive-day" } min_history: "2d" } }
}
setup {
  name: "acts"
  shadow_pool: true
  policy { predictive { forecaster { kind: "seasonal-naive-day" } min_history: "2h" } }
}
)");
  const SetupResult waits = SetupRun(s, s.setups[0]).run();
  ASSERT_EQ(waits.notes.size(), 1u) << joined(waits.notes);
  EXPECT_NE(waits.notes[0].find("never left its warm-up (collecting history: 288 of 576"),
            std::string::npos)
      << waits.notes[0];
  EXPECT_NE(waits.notes[0].find("min_history (2d)"), std::string::npos) << waits.notes[0];
  // Seasonal naive needs a day: a one-day run with two hours of min_history still acts.
  const SetupResult acts = SetupRun(s, s.setups[1]).run();
  EXPECT_TRUE(acts.notes.empty()) << joined(acts.notes);
}

TEST(SetupRunNotes, AModelLoadedIntoTrafficOfAnotherScaleSaysSo) {
  // An LSTM trained on about 30 requests per 5 minutes, run on 10/s (3000 per 5 minutes).
  LstmOptions options;
  options.max_epochs = 1;
  options.hidden = 8;
  options.head_hidden = 8;
  std::vector<double> counts;
  for (int i = 0; i < 10 * 288; ++i) {
    counts.push_back(30 + 20 * std::sin((i % 288) / 288.0 * 2 * M_PI));
  }
  const auto history = makeSeries(counts, daysFromCivil(2026, 2, 21) * kDay, 5 * kMinute).points;
  const std::unique_ptr<LstmModel> model = makeLstm(options);
  model->fit(history);
  const fs::path path = fs::temp_directory_path() /
                        ("setup_run_test_" +
                         std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + ".pt");
  model->save(path.string());
  const Scenario s = oneDay(R"(
setup {
  name: "loaded"
  shadow_pool: true
  policy {
    predictive {
      forecaster { kind: "lstm" model_path: ")" +
                            path.string() + R"(" }
      min_history: "2h"
      refit_period: "0s"
    }
  }
}
)");
  const SetupResult r = SetupRun(s, s.setups[0]).run();
  fs::remove(path);
  EXPECT_GT(r.metric("forecast_intervals"), 200);
  ASSERT_EQ(r.notes.size(), 1u) << joined(r.notes);
  EXPECT_NE(r.notes[0].find("the model loaded from " + path.filename().string() +
                            " was trained on traffic of about 0.0"),
            std::string::npos)
      << r.notes[0];
  EXPECT_NE(r.notes[0].find("it learned another scale"), std::string::npos) << r.notes[0];
}

}  // namespace
}  // namespace shadowscale
