#include "core/event_profile.h"

#include <gtest/gtest.h>

#include <vector>

namespace shadowscale {
namespace {

const TrafficEvent kLaunch{"launch", 10 * kMinute, 50 * kMinute, 3.0, 10 * kMinute, 20 * kMinute};

TEST(EventProfile, RampsHoldsAndDecaysToTheMultiplier) {
  EXPECT_DOUBLE_EQ(eventMultiplierAt(kLaunch, 9 * kMinute), 1.0);
  EXPECT_DOUBLE_EQ(eventMultiplierAt(kLaunch, 15 * kMinute), 2.0);  // half way up
  EXPECT_DOUBLE_EQ(eventMultiplierAt(kLaunch, 25 * kMinute), 3.0);
  EXPECT_DOUBLE_EQ(eventMultiplierAt(kLaunch, 40 * kMinute), 2.0);  // half way down
  EXPECT_DOUBLE_EQ(eventMultiplierAt(kLaunch, 50 * kMinute), 1.0);
  const TrafficEvent step{"step", 0, kMinute, 2.0};
  EXPECT_DOUBLE_EQ(eventMultiplierAt(step, 30 * kSecond), 2.0);
}

TEST(EventProfile, AveragesOverAnIntervalAndMultipliesOverlaps) {
  const std::vector<TrafficEvent> one{kLaunch};
  EXPECT_DOUBLE_EQ(eventMultiplier(one, 0, 10 * kMinute), 1.0);
  EXPECT_NEAR(eventMultiplier(one, 10 * kMinute, 20 * kMinute), 2.0, 1e-9);  // the whole ramp
  EXPECT_NEAR(eventMultiplier(one, 20 * kMinute, 30 * kMinute), 3.0, 1e-9);
  // Half the interval before the event, half on the ramp's first quarter... averaged.
  EXPECT_NEAR(eventMultiplier(one, 5 * kMinute, 15 * kMinute), 1.25, 1e-9);
  const std::vector<TrafficEvent> two{kLaunch, {"sale", 0, kHour, 2.0}};
  EXPECT_NEAR(eventMultiplier(two, 20 * kMinute, 30 * kMinute), 6.0, 1e-9);
  EXPECT_DOUBLE_EQ(eventMultiplier({}, 0, kHour), 1.0);
}

}  // namespace
}  // namespace shadowscale
