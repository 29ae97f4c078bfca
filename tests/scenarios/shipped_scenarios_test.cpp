// The scenarios shipped in scenarios/ load, and say what their comments claim.

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <variant>

#include "core/input_error.h"
#include "scenarios/scenario_loader.h"

namespace shadowscale {
namespace {

namespace fs = std::filesystem;

std::string shipped(const std::string& name) {
  return std::string(SHADOWSCALE_SOURCE_DIR) + "/scenarios/" + name;
}

const SetupSpec* findSetup(const Scenario& s, const std::string& name) {
  for (const SetupSpec& setup : s.setups) {
    if (setup.name == name) {
      return &setup;
    }
  }
  return nullptr;
}

// Requests per second `instances` instances serve flat out.
double capacity(const PoolSpec& pool, int instances) {
  return instances * pool.instance.workers * pool.cpu_per_instance /
         toSeconds(pool.instance.service.mean);
}

TEST(ShippedScenarios, EveryShippedFileLoads) {
  int count = 0;
  for (const fs::directory_entry& entry : fs::directory_iterator(shipped(""))) {
    if (entry.path().extension() != ".textproto") {
      continue;
    }
    const bool is_nasa = entry.path().filename() == "nasa-1995.textproto";
    if (is_nasa && !fs::exists(std::string(SHADOWSCALE_SHARED_DIR) +
                               "/traces/nasa-http-1995-per-minute.csv")) {
      continue;  // checked (or skipped) by its own test
    }
    SCOPED_TRACE(entry.path().string());
    EXPECT_NO_THROW(loadScenarioFile(entry.path().string()));
    ++count;
  }
  EXPECT_GE(count, 2);
}

TEST(ShippedScenarios, DefaultIsAWeekWithALaunchAndFourSetups) {
  const Scenario s = loadScenarioFile(shipped("default.textproto"));
  EXPECT_EQ(s.name, "default");
  EXPECT_EQ(s.traffic.duration, kWeek);
  EXPECT_EQ(s.warmup, kDay);
  const SyntheticSpec& syn = std::get<SyntheticSpec>(s.traffic.source);
  EXPECT_DOUBLE_EQ(syn.base_rate, 120.0);
  EXPECT_DOUBLE_EQ(syn.daily_amplitude, 0.6);
  EXPECT_DOUBLE_EQ(syn.weekend_factor, 0.6);
  ASSERT_EQ(syn.events.size(), 1u);
  EXPECT_EQ(syn.events[0].start, 3 * kDay + 10 * kHour);  // Thursday 10:00
  EXPECT_EQ(syn.events[0].plateau, 2 * kHour);
  EXPECT_DOUBLE_EQ(syn.events[0].multiplier, 3.0);
  EXPECT_EQ(s.live.instance.startup.mean, 60 * kSecond);
  EXPECT_EQ(s.live.instance.startup.p99, 120 * kSecond);
  EXPECT_EQ(s.live.instance.workers, 2);
  EXPECT_EQ(s.live.instance.service.mean, 50 * kMillisecond);
  EXPECT_EQ(s.live.instance.service.p99, 200 * kMillisecond);
  EXPECT_EQ(s.slo.latency_target, 500 * kMillisecond);
  EXPECT_DOUBLE_EQ(s.slo.error_budget, 0.001);

  const SetupSpec* hpa = findSetup(s, "hpa");
  const SetupSpec* schedule = findSetup(s, "schedule");
  const SetupSpec* predictive = findSetup(s, "shadow-hybrid");
  const SetupSpec* hybrid = findSetup(s, "live-hybrid");
  ASSERT_NE(hpa, nullptr);
  ASSERT_NE(schedule, nullptr);
  ASSERT_NE(predictive, nullptr);
  ASSERT_NE(hybrid, nullptr);
  EXPECT_FALSE(hpa->shadow_pool);
  ASSERT_EQ(hpa->policies.size(), 1u);
  EXPECT_TRUE(std::holds_alternative<HpaConfig>(hpa->policies[0]));
  // The predictive setup pre-scales a shadow pool that gets a mirror of live traffic.
  EXPECT_TRUE(predictive->shadow_pool);
  EXPECT_DOUBLE_EQ(predictive->proxy.mirror_fraction, 0.05);
  const auto& p = std::get<PredictiveConfig>(predictive->policies.at(0));
  EXPECT_EQ(p.target, PoolId::kShadow);
  EXPECT_EQ(p.mode, PredictiveMode::kHybrid);  // as its name says
  EXPECT_EQ(s.shadow.instance.service.mean, s.live.instance.service.mean);
  // The hybrid sizes the live pool, never below its HPA.
  const auto& h = std::get<PredictiveConfig>(hybrid->policies.at(0));
  EXPECT_EQ(h.target, PoolId::kLive);
  EXPECT_EQ(h.mode, PredictiveMode::kHybrid);

  // "Sized for the daily peak": the weekday rule serves the daily peak below the SLO
  // utilization, and the launch rule the launch peak.
  const ScheduleConfig& sc = std::get<ScheduleConfig>(schedule->policies.at(0));
  ASSERT_EQ(sc.rules.size(), 2u);
  const double weekday_peak = syn.base_rate * (1 + syn.daily_amplitude);
  EXPECT_GE(capacity(s.live, sc.rules[1].instances) * s.slo.utilization_at_slo, weekday_peak);
  EXPECT_GE(capacity(s.live, sc.rules[0].instances) * s.slo.utilization_at_slo,
            weekday_peak * syn.events[0].multiplier);
  EXPECT_GE(s.thresholds.size(), 2u);
}

TEST(ShippedScenarios, FlashCrowdIsTwoDaysWithASixFoldCrowd) {
  const Scenario s = loadScenarioFile(shipped("flash-crowd.textproto"));
  EXPECT_EQ(s.traffic.duration, 2 * kDay);
  const SyntheticSpec& syn = std::get<SyntheticSpec>(s.traffic.source);
  ASSERT_EQ(syn.flash_crowds.size(), 1u);
  EXPECT_DOUBLE_EQ(syn.flash_crowds[0].multiplier, 6.0);
  EXPECT_LT(syn.flash_crowds[0].start, s.traffic.duration);
  ASSERT_NE(findSetup(s, "hpa"), nullptr);
  const SetupSpec* generous = findSetup(s, "schedule-generous");
  ASSERT_NE(generous, nullptr);
  // "Generous": the daytime rule has room for the crowd's peak.
  const ScheduleConfig& sc = std::get<ScheduleConfig>(generous->policies.at(0));
  const double crowd_peak =
      syn.base_rate * (1 + syn.daily_amplitude) * syn.flash_crowds[0].multiplier;
  EXPECT_GE(capacity(s.live, sc.rules.at(0).instances), crowd_peak);
}

TEST(ShippedScenarios, Nasa1995ReadsTheSharedTrace) {
  const fs::path trace =
      fs::path(SHADOWSCALE_SHARED_DIR) / "traces" / "nasa-http-1995-per-minute.csv";
  if (!fs::exists(trace)) {
    GTEST_SKIP() << "trace not present: " << trace;
  }
  const Scenario s = loadScenarioFile(shipped("nasa-1995.textproto"));
  const CountCsvSpec& csv = std::get<CountCsvSpec>(s.traffic.source);
  EXPECT_TRUE(fs::equivalent(csv.path, trace));
  EXPECT_EQ(csv.utc_offset, -4 * kHour);
  EXPECT_EQ(csv.has_header, 1);
  EXPECT_EQ(csv.interval, kMinute);
  EXPECT_EQ(s.traffic.duration, 0);  // the whole 62 days
  // The trace's mean is 39.8 requests a minute; the multiplier makes it an API's ~160/s.
  EXPECT_NEAR(39.78 * csv.rate_multiplier / 60.0, 160.0, 10.0);
  ASSERT_NE(findSetup(s, "hpa"), nullptr);
  ASSERT_NE(findSetup(s, "schedule"), nullptr);
}

TEST(ShippedScenarios, MatchDaysGrowsHasAnnouncedKickOffsAndSlowStartUps) {
  const Scenario s = loadScenarioFile(shipped("match-days.textproto"));
  EXPECT_EQ(s.traffic.duration, 42 * kDay);
  EXPECT_EQ(s.warmup, 7 * kDay);
  const SyntheticSpec& syn = std::get<SyntheticSpec>(s.traffic.source);
  EXPECT_GE(syn.trend_per_week, 0.15);
  EXPECT_LE(syn.trend_per_week, 0.25);
  // Match days are announced, their crowds x3 to x6 within minutes of kick-off; two flash
  // crowds are not.
  ASSERT_GE(syn.events.size(), 8u);
  EXPECT_EQ(syn.flash_crowds.size(), 2u);
  // The test window of a tune (the last 30 % of the judged time) holds several match days.
  const TimeNs split = s.warmup + (s.traffic.duration - s.warmup) * 7 / 10;
  int in_test = 0;
  for (const SpecialEventSpec& e : syn.events) {
    SCOPED_TRACE(e.name);
    EXPECT_GE(e.multiplier, 3.0);
    EXPECT_LE(e.multiplier, 6.0);
    EXPECT_LE(e.ramp, 5 * kMinute);
    EXPECT_LT(e.start + e.ramp + e.plateau + e.decay, s.traffic.duration);
    in_test += e.start >= split ? 1 : 0;
  }
  EXPECT_GE(in_test, 3);
  // About three minutes from asking for an instance to its serving.
  const TimeNs mean_start = s.live.instance.provisioning.mean + s.live.instance.startup.mean;
  EXPECT_GE(mean_start, 150 * kSecond);
  EXPECT_LE(mean_start, 210 * kSecond);
  for (const char* name : {"hpa", "hybrid", "shadow"}) {
    EXPECT_NE(findSetup(s, name), nullptr) << name;
  }
  EXPECT_TRUE(findSetup(s, "shadow")->shadow_pool);
  EXPECT_GE(s.thresholds.size(), 3u);
}

}  // namespace
}  // namespace shadowscale
