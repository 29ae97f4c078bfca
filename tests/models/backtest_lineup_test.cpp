// The forecasters a backtest compares, each calibrated as a predictive policy uses it.
#include "models/backtest_lineup.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "models/auto_forecaster.h"
#include "models/baselines.h"
#include "models/conformal.h"

namespace shadowscale {
namespace {

std::vector<std::string> names(const std::vector<std::unique_ptr<Forecaster>>& fs) {
  std::vector<std::string> out;
  for (const auto& f : fs) {
    out.emplace_back(f->name());
    EXPECT_NE(dynamic_cast<const ConformalForecaster*>(f.get()), nullptr) << out.back();
    EXPECT_EQ(f->interval(), 5 * kMinute);
  }
  return out;
}

TEST(BacktestLineupTest, BaselinesAndTheGivenModelEachCalibrated) {
  EXPECT_EQ(names(backtestLineup(5 * kMinute, nullptr)),
            (std::vector<std::string>{"last-value", "seasonal-naive-day", "seasonal-naive-week",
                                      "holt-winters", "holt-winters-multistep", "auto"}));
  BaselineOptions extra;
  extra.interval = 5 * kMinute;
  const auto with_model =
      backtestLineup(5 * kMinute, std::make_unique<SeasonalNaiveForecaster>(3, "extra", extra));
  ASSERT_EQ(with_model.size(), 7u);
  EXPECT_EQ(with_model.back()->name(), "extra");
}

TEST(BacktestLineupTest, AMemberModelAddsAnAutoThatIncludesIt) {
  BaselineOptions extra;
  extra.interval = 5 * kMinute;
  const auto lineup =
      backtestLineup(5 * kMinute, std::make_unique<SeasonalNaiveForecaster>(3, "extra", extra),
                     std::make_unique<SeasonalNaiveForecaster>(3, "extra", extra));
  EXPECT_EQ(names(lineup),
            (std::vector<std::string>{"last-value", "seasonal-naive-day", "seasonal-naive-week",
                                      "holt-winters", "holt-winters-multistep", "auto", "extra",
                                      "auto-lstm"}));
  const auto* calibrated = dynamic_cast<const ConformalForecaster*>(lineup.back().get());
  ASSERT_NE(calibrated, nullptr);
  const auto* combined = dynamic_cast<const AutoForecaster*>(&calibrated->inner());
  ASSERT_NE(combined, nullptr);
  const auto members = combined->memberNames();
  ASSERT_EQ(members.size(), 6u);
  EXPECT_EQ(members.back(), "extra");
}

}  // namespace
}  // namespace shadowscale
