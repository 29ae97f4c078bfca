#include "report/trade_off.h"

#include <gtest/gtest.h>

#include <limits>

namespace shadowscale {
namespace {

TEST(ParetoFrontTest, KeepsThePointsNoOtherBeatsOnBothInOrderOfCost) {
  const std::vector<TradeOffPoint> points = {
      {"hpa", 38, 120},       // cheapest: on the front
      {"schedule", 52, 0},    // no violations: on the front
      {"predictive", 45, 4},  // between: on the front
      {"hybrid", 47, 10},     // beaten by predictive on both
      {"wasteful", 60, 0},    // as good as schedule but dearer
      {"same-as-hpa", 38, 120},
  };
  EXPECT_EQ(paretoFront(points), (std::vector<std::size_t>{0, 2, 1}));
}

TEST(ParetoFrontTest, MissingValuesAreNeverOnTheFront) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_EQ(paretoFront({{"a", nan, 0}, {"b", 10, nan}, {"c", 20, 5}}),
            (std::vector<std::size_t>{2}));
  EXPECT_TRUE(paretoFront({}).empty());
}

}  // namespace
}  // namespace shadowscale
