#include "core/policies/schedule.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/calendar.h"
#include "core/input_error.h"

namespace shadowscale {
namespace {

constexpr int kMonday = 0;
constexpr int kThursday = 3;
constexpr int kFriday = 4;
constexpr int kSaturday = 5;
constexpr int kSunday = 6;
constexpr std::uint8_t kWeekdays = 0x1F;
constexpr std::uint8_t kWeekend = 0x60;

CivilTime at(int day_of_week, int hour, int minute = 0) {
  CivilTime c;
  c.day_of_week = day_of_week;
  c.time_of_day = hour * kHour + minute * kMinute;
  return c;
}

ScheduleRule rule(std::uint8_t days, int from_hour, int to_hour, int instances) {
  return ScheduleRule{days, from_hour * kHour, to_hour * kHour, instances};
}

ScheduleConfig businessHours() {
  ScheduleConfig c;
  c.default_instances = 4;
  c.rules = {rule(kWeekdays, 8, 20, 10), rule(kWeekend, 0, 24, 2)};
  return c;
}

TEST(Schedule, WeekdayAndWeekendRules) {
  const ScheduleConfig c = businessHours();
  EXPECT_EQ(scheduledInstances(c, at(kMonday, 9)), 10);
  EXPECT_EQ(scheduledInstances(c, at(kFriday, 19, 59)), 10);
  EXPECT_EQ(scheduledInstances(c, at(kMonday, 8)), 10);  // `from` is inclusive
  EXPECT_EQ(scheduledInstances(c, at(kMonday, 20)), 4);  // `to` is exclusive
  EXPECT_EQ(scheduledInstances(c, at(kMonday, 7, 59)), 4);
  EXPECT_EQ(scheduledInstances(c, at(kSaturday, 9)), 2);
  EXPECT_EQ(scheduledInstances(c, at(kSunday, 23, 59)), 2);
}

TEST(Schedule, RuleEndingBeforeItStartsWrapsIntoTheNextDay) {
  ScheduleConfig c;
  c.default_instances = 1;
  c.rules = {rule(1U << kFriday, 22, 6, 8)};
  EXPECT_EQ(scheduledInstances(c, at(kFriday, 21, 59)), 1);
  EXPECT_EQ(scheduledInstances(c, at(kFriday, 22)), 8);
  EXPECT_EQ(scheduledInstances(c, at(kFriday, 23, 59)), 8);
  EXPECT_EQ(scheduledInstances(c, at(kSaturday, 0)), 8);
  EXPECT_EQ(scheduledInstances(c, at(kSaturday, 5, 59)), 8);
  EXPECT_EQ(scheduledInstances(c, at(kSaturday, 6)), 1);
  // The early hours of Friday belong to a Thursday night, which the rule does not name.
  EXPECT_EQ(scheduledInstances(c, at(kFriday, 3)), 1);
  EXPECT_EQ(scheduledInstances(c, at(kThursday, 23)), 1);
}

TEST(Schedule, SundayNightWrapsIntoMonday) {
  ScheduleConfig c;
  c.rules = {rule(1U << kSunday, 23, 2, 5)};
  EXPECT_EQ(scheduledInstances(c, at(kMonday, 1)), 5);
  EXPECT_EQ(scheduledInstances(c, at(kSunday, 1)), 1);
}

TEST(Schedule, EqualFromAndToCoverAWholeDayFromThatTime) {
  ScheduleConfig c;
  c.rules = {rule(1U << kMonday, 6, 6, 3)};
  EXPECT_EQ(scheduledInstances(c, at(kMonday, 6)), 3);
  EXPECT_EQ(scheduledInstances(c, at(kMonday + 1, 5, 59)), 3);
  EXPECT_EQ(scheduledInstances(c, at(kMonday + 1, 6)), 1);
  EXPECT_EQ(scheduledInstances(c, at(kMonday, 5)), 1);
}

TEST(Schedule, FirstMatchingRuleWins) {
  ScheduleConfig c;
  c.default_instances = 1;
  c.rules = {rule(1U << kMonday, 12, 13, 20), rule(kWeekdays, 8, 20, 10)};
  EXPECT_EQ(scheduledInstances(c, at(kMonday, 12, 30)), 20);
  EXPECT_EQ(firstMatchingRule(c, at(kMonday, 12, 30)), 0u);
  EXPECT_EQ(scheduledInstances(c, at(kMonday + 1, 12, 30)), 10);
  std::swap(c.rules[0], c.rules[1]);
  EXPECT_EQ(scheduledInstances(c, at(kMonday, 12, 30)), 10);
  EXPECT_EQ(firstMatchingRule(c, at(kMonday, 12, 30)), 0u);
}

TEST(Schedule, DefaultWhenNoRuleMatches) {
  ScheduleConfig c;
  c.default_instances = 7;
  EXPECT_EQ(scheduledInstances(c, at(kMonday, 12)), 7);
  EXPECT_FALSE(firstMatchingRule(c, at(kMonday, 12)).has_value());
  c.rules = {rule(1U << kSunday, 0, 24, 1)};
  EXPECT_EQ(scheduledInstances(c, at(kMonday, 12)), 7);
}

TEST(SchedulePolicy, DecidesForItsTargetPoolFromTheObservationsCalendar) {
  ScheduleConfig c = businessHours();
  c.target = PoolId::kShadow;
  c.rules.insert(c.rules.begin(), rule(1U << kFriday, 22, 6, 8));
  SchedulePolicy policy(c);
  EXPECT_EQ(policy.kind(), "schedule");
  EXPECT_EQ(policy.period(), 60 * kSecond);

  // 2024-01-05 was a Friday: the calendar and the rule agree on day numbering.
  const Calendar calendar(daysFromCivil(2024, 1, 5) * kDay, 0);
  Observation obs;
  obs.now = 23 * kHour;
  obs.civil = calendar.civil(obs.now);
  ASSERT_EQ(obs.civil.day_of_week, kFriday);
  Decision d = policy.decide(obs);
  EXPECT_EQ(d.instances[index(PoolId::kShadow)], 8);
  EXPECT_FALSE(d.instances[index(PoolId::kLive)].has_value());

  obs.now = kDay + 5 * kHour;  // Saturday 05:00, still Friday night's rule
  obs.civil = calendar.civil(obs.now);
  EXPECT_EQ(policy.decide(obs).instances[index(PoolId::kShadow)], 8);
  obs.now = kDay + 7 * kHour;  // Saturday 07:00: the weekend rule
  obs.civil = calendar.civil(obs.now);
  EXPECT_EQ(policy.decide(obs).instances[index(PoolId::kShadow)], 2);
  obs.now = 3 * kDay + 7 * kHour;  // Monday 07:00: the default
  obs.civil = calendar.civil(obs.now);
  EXPECT_EQ(policy.decide(obs).instances[index(PoolId::kShadow)], 4);
}

TEST(ScheduleConfigCheck, NamesEveryBadSetting) {
  ScheduleConfig c;
  c.period = 0;
  c.default_instances = -1;
  c.rules = {ScheduleRule{0, 0, kDay, 1}, ScheduleRule{0x7F, kDay, kDay + 1, -2}};
  std::vector<std::string> fields;
  for (const ConfigProblem& p : checkScheduleConfig(c)) {
    fields.push_back(p.field);
  }
  EXPECT_EQ(fields, (std::vector<std::string>{"period", "default_instances", "rule[1].days",
                                              "rule[2].from", "rule[2].to", "rule[2].instances"}));
  EXPECT_TRUE(checkScheduleConfig(businessHours()).empty());
  try {
    SchedulePolicy policy(c);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("schedule.period"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace shadowscale
