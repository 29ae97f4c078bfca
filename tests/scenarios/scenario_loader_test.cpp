#include "scenarios/scenario_loader.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <variant>

#include "core/input_error.h"

namespace shadowscale {
namespace {

constexpr const char* kFile = "bad.textproto";

std::string dataDir() {
  return std::string(SHADOWSCALE_SOURCE_DIR) + "/tests/scenarios/data";
}

Scenario parse(const std::string& text) {
  return parseScenarioText(text, "test.textproto", dataDir());
}

// Passes when parsing `text` throws an InputError that starts "bad.textproto:<line>: <field>: "
// (no line part when `line` is 0) and contains `part`.
::testing::AssertionResult failsAt(const std::string& text, int line, const std::string& field,
                                   const std::string& part) {
  std::string message;
  try {
    parseScenarioText(text, kFile, dataDir());
    return ::testing::AssertionFailure() << "no error for:\n" << text;
  } catch (const InputError& e) {
    message = e.what();
  }
  std::string prefix = std::string(kFile) + (line > 0 ? ":" + std::to_string(line) : "") + ": ";
  if (!field.empty()) {
    prefix += field + ": ";
  }
  if (message.rfind(prefix, 0) != 0) {
    return ::testing::AssertionFailure()
           << "expected prefix \"" << prefix << "\", got \"" << message << "\"";
  }
  if (message.find(part) == std::string::npos) {
    return ::testing::AssertionFailure() << "expected \"" << part << "\" in \"" << message << "\"";
  }
  return ::testing::AssertionSuccess() << message;
}

// --- defaults ---------------------------------------------------------------------------------

TEST(ScenarioLoader, AbsentFieldsTakeTheStructDefaults) {
  const Scenario s = parse("setup { name: \"static\" }");
  const Scenario d;
  EXPECT_EQ(s.name, "test");  // the file name without extension
  EXPECT_EQ(s.source_path, "test.textproto");
  EXPECT_EQ(s.seed, d.seed);
  EXPECT_EQ(s.interval, d.interval);
  EXPECT_EQ(s.traffic.duration, d.traffic.duration);
  EXPECT_EQ(s.traffic.start_unix, 0);
  ASSERT_TRUE(std::holds_alternative<SyntheticSpec>(s.traffic.source));
  const SyntheticSpec& syn = std::get<SyntheticSpec>(s.traffic.source);
  const SyntheticSpec dsyn;
  EXPECT_EQ(syn.base_rate, dsyn.base_rate);
  EXPECT_EQ(syn.daily_amplitude, dsyn.daily_amplitude);
  EXPECT_EQ(syn.daily_peak, dsyn.daily_peak);
  EXPECT_EQ(syn.weekend_factor, dsyn.weekend_factor);
  EXPECT_EQ(syn.noise, dsyn.noise);
  EXPECT_TRUE(syn.events.empty());
  const PoolSpec dp;
  for (const PoolSpec* p : {&s.live, &s.shadow}) {
    EXPECT_EQ(p->initial_instances, dp.initial_instances);
    EXPECT_EQ(p->min_instances, dp.min_instances);
    EXPECT_EQ(p->max_instances, dp.max_instances);
    EXPECT_EQ(p->cpu_per_instance, dp.cpu_per_instance);
    EXPECT_EQ(p->instance.startup.mean, dp.instance.startup.mean);
    EXPECT_EQ(p->instance.startup.p99, dp.instance.startup.p99);
    EXPECT_EQ(p->instance.provisioning.mean, dp.instance.provisioning.mean);
    EXPECT_EQ(p->instance.service.mean, dp.instance.service.mean);
    EXPECT_EQ(p->instance.service.p99, dp.instance.service.p99);
    EXPECT_FALSE(p->instance.service.exponential);
    EXPECT_EQ(p->instance.workers, dp.instance.workers);
    EXPECT_EQ(p->instance.queue_capacity, dp.instance.queue_capacity);
    EXPECT_EQ(p->instance.timeout, dp.instance.timeout);
    EXPECT_EQ(p->instance.drain_timeout, dp.instance.drain_timeout);
  }
  EXPECT_EQ(s.cost.price_per_cpu_hour, d.cost.price_per_cpu_hour);
  EXPECT_EQ(s.cost.granularity, d.cost.granularity);
  EXPECT_EQ(s.cost.minimum, d.cost.minimum);
  EXPECT_EQ(s.slo.latency_target, d.slo.latency_target);
  EXPECT_EQ(s.slo.percentile, d.slo.percentile);
  EXPECT_EQ(s.slo.error_budget, d.slo.error_budget);
  EXPECT_EQ(s.slo.utilization_at_slo, d.slo.utilization_at_slo);
  EXPECT_EQ(s.db_pool_size, 0);
  ASSERT_EQ(s.setups.size(), 1u);
  const SetupSpec& setup = s.setups[0];
  EXPECT_EQ(setup.name, "static");
  EXPECT_FALSE(setup.shadow_pool);
  EXPECT_EQ(setup.proxy.mirror_fraction, ProxyConfig{}.mirror_fraction);
  EXPECT_EQ(setup.proxy.transition_ramp, ProxyConfig{}.transition_ramp);
  EXPECT_EQ(setup.proxy.initial_shadow_weight, ProxyConfig{}.initial_shadow_weight);
  EXPECT_TRUE(setup.policies.empty());
  EXPECT_TRUE(s.thresholds.empty());
}

TEST(ScenarioLoader, EmptyPolicyBlocksTakeThePolicyDefaults) {
  const Scenario s = parse(R"(setup { name: "a" policy { hpa {} } }
setup { name: "b" policy { schedule {} } })");
  const HpaConfig& h = std::get<HpaConfig>(s.setups[0].policies.at(0));
  const HpaConfig dh;
  EXPECT_EQ(h.target, PoolId::kLive);
  EXPECT_EQ(h.min_replicas, dh.min_replicas);
  EXPECT_EQ(h.max_replicas, dh.max_replicas);
  EXPECT_EQ(h.target_utilization, dh.target_utilization);
  EXPECT_EQ(h.tolerance, dh.tolerance);
  EXPECT_EQ(h.sync_period, dh.sync_period);
  EXPECT_EQ(h.cpu_initialization_period, dh.cpu_initialization_period);
  EXPECT_EQ(h.initial_readiness_delay, dh.initial_readiness_delay);
  EXPECT_EQ(h.scale_up.stabilization_window, 0);
  ASSERT_EQ(h.scale_up.policies.size(), 2u);
  EXPECT_EQ(h.scale_up.policies[0].type, HpaRatePolicy::Type::kPercent);
  EXPECT_EQ(h.scale_up.policies[0].value, 100);
  EXPECT_EQ(h.scale_up.policies[1].type, HpaRatePolicy::Type::kPods);
  EXPECT_EQ(h.scale_up.policies[1].value, 4);
  EXPECT_EQ(h.scale_down.stabilization_window, 5 * kMinute);
  ASSERT_EQ(h.scale_down.policies.size(), 1u);
  const ScheduleConfig& sc = std::get<ScheduleConfig>(s.setups[1].policies.at(0));
  EXPECT_EQ(sc.target, PoolId::kLive);
  EXPECT_EQ(sc.period, ScheduleConfig{}.period);
  EXPECT_EQ(sc.default_instances, ScheduleConfig{}.default_instances);
  EXPECT_TRUE(sc.rules.empty());
}

// --- every field maps to its struct -----------------------------------------------------------

TEST(ScenarioLoader, MapsEveryFieldOfAFullScenario) {
  const Scenario s = parse(R"(
name: "full"
description: "all fields"
seed: 42
interval: "5m"
start: "2026-03-02T00:00:00Z"
traffic {
  duration: "2w"
  synthetic {
    base_rate: "6000/min"
    daily_amplitude: 0.5
    daily_peak: "13:30"
    weekend_factor: 0.7
    trend_per_week: 0.05
    noise: 0.1
    event { name: "launch" start: "3d10h" ramp: "5m" plateau: "2h" decay: "20m" multiplier: 3.5 }
    event { name: "sale" start: "2026-03-06T09:00:00Z" }
    flash_crowd { start: "8d" rise: "90s" duration: "25m" multiplier: 6 }
  }
}
live_pool {
  initial_instances: 3
  min_instances: 2
  max_instances: 40
  cpu: 0.5
  instance {
    provisioning { mean: "4s" p99: "9s" }
    startup { mean: "45s" p99: "2m" }
    service { mean: "25ms" p99: "100ms" }
    workers: 8
    queue_capacity: 32
    timeout: "3s"
    drain_timeout: "20s"
    route { name: "checkout" service { mean: "80ms" p99: "300ms" } }
    route { name: "health" service { mean: "1ms" exponential: true } }
  }
}
shadow_pool { initial_instances: 0 max_instances: 10 }
cost { price_per_cpu_hour: 0.04 billing: PER_HOUR minimum: "1h" }
slo { latency_target: "250ms" percentile: 0.95 error_budget: 0.01 utilization_at_slo: 0.7 }
db_pool_size: 100
setup {
  name: "mixed"
  shadow_pool: true
  mirror_fraction: 0.05
  transition_ramp: "2m"
  initial_shadow_weight: 0.25
  policy {
    hpa {
      pool: LIVE
      min_replicas: 2
      max_replicas: 40
      target_utilization: 0.6
      tolerance: 0.05
      sync_period: "30s"
      cpu_initialization_period: "3m"
      initial_readiness_delay: "20s"
      scale_up { stabilization_window: "1m" select: MIN policy { type: PODS value: 2 period: "30s" } }
      scale_down {
        select: MAX
        policy { type: PODS value: 4 period: "60s" }
        policy { type: PERCENT value: 10 period: "60s" }
      }
    }
  }
  policy {
    schedule {
      pool: SHADOW
      period: "5m"
      default_instances: 0
      rule { days: "Mon-Fri" from: "08:00" to: "20:00" instances: 4 }
      rule { days: "Sat,Sun" from: "22:00" to: "06:00" instances: 1 }
    }
  }
}
threshold { metric: "p99_ms" below: 300 }
threshold { metric: "error_rate" at_most: 0.001 setup: "mixed" }
threshold { metric: "requests" above: 1000 }
threshold { metric: "tau_o" at_least: 0 }
)");
  EXPECT_EQ(s.name, "full");
  EXPECT_EQ(s.description, "all fields");
  EXPECT_EQ(s.seed, 42u);
  EXPECT_EQ(s.interval, 5 * kMinute);
  EXPECT_EQ(s.traffic.start_unix, 1772409600 * kSecond);
  EXPECT_EQ(s.traffic.duration, 2 * kWeek);
  const SyntheticSpec& syn = std::get<SyntheticSpec>(s.traffic.source);
  EXPECT_DOUBLE_EQ(syn.base_rate, 100.0);
  EXPECT_DOUBLE_EQ(syn.daily_amplitude, 0.5);
  EXPECT_EQ(syn.daily_peak, 13 * kHour + 30 * kMinute);
  EXPECT_DOUBLE_EQ(syn.weekend_factor, 0.7);
  EXPECT_DOUBLE_EQ(syn.trend_per_week, 0.05);
  EXPECT_DOUBLE_EQ(syn.noise, 0.1);
  ASSERT_EQ(syn.events.size(), 2u);
  EXPECT_EQ(syn.events[0].name, "launch");
  EXPECT_EQ(syn.events[0].start, 3 * kDay + 10 * kHour);
  EXPECT_EQ(syn.events[0].ramp, 5 * kMinute);
  EXPECT_EQ(syn.events[0].plateau, 2 * kHour);
  EXPECT_EQ(syn.events[0].decay, 20 * kMinute);
  EXPECT_DOUBLE_EQ(syn.events[0].multiplier, 3.5);
  // A timestamp is taken relative to the scenario's start; absent fields keep the defaults.
  EXPECT_EQ(syn.events[1].start, 4 * kDay + 9 * kHour);
  EXPECT_EQ(syn.events[1].plateau, SpecialEventSpec{}.plateau);
  ASSERT_EQ(syn.flash_crowds.size(), 1u);
  EXPECT_EQ(syn.flash_crowds[0].start, 8 * kDay);
  EXPECT_EQ(syn.flash_crowds[0].rise, 90 * kSecond);
  EXPECT_EQ(syn.flash_crowds[0].duration, 25 * kMinute);
  EXPECT_DOUBLE_EQ(syn.flash_crowds[0].multiplier, 6.0);

  EXPECT_EQ(s.live.initial_instances, 3);
  EXPECT_EQ(s.live.min_instances, 2);
  EXPECT_EQ(s.live.max_instances, 40);
  EXPECT_DOUBLE_EQ(s.live.cpu_per_instance, 0.5);
  const InstanceModel& inst = s.live.instance;
  EXPECT_EQ(inst.provisioning.mean, 4 * kSecond);
  EXPECT_EQ(inst.provisioning.p99, 9 * kSecond);
  EXPECT_EQ(inst.startup.mean, 45 * kSecond);
  EXPECT_EQ(inst.startup.p99, 2 * kMinute);
  EXPECT_EQ(inst.service.mean, 25 * kMillisecond);
  EXPECT_EQ(inst.service.p99, 100 * kMillisecond);
  EXPECT_EQ(inst.workers, 8);
  EXPECT_EQ(inst.queue_capacity, 32);
  EXPECT_EQ(inst.timeout, 3 * kSecond);
  EXPECT_EQ(inst.drain_timeout, 20 * kSecond);
  ASSERT_EQ(inst.routes.size(), 2u);
  EXPECT_EQ(inst.routes[0].name, "checkout");
  EXPECT_EQ(inst.routes[0].service.mean, 80 * kMillisecond);
  EXPECT_EQ(inst.routes[0].service.p99, 300 * kMillisecond);
  EXPECT_EQ(inst.routes[1].service.mean, kMillisecond);
  EXPECT_TRUE(inst.routes[1].service.exponential);

  EXPECT_EQ(s.shadow.initial_instances, 0);
  EXPECT_EQ(s.shadow.max_instances, 10);
  EXPECT_EQ(s.cost.price_per_cpu_hour, 0.04);
  EXPECT_EQ(s.cost.granularity, CostModel::Granularity::kPerHour);
  EXPECT_EQ(s.cost.minimum, kHour);
  EXPECT_EQ(s.slo.latency_target, 250 * kMillisecond);
  EXPECT_DOUBLE_EQ(s.slo.percentile, 0.95);
  EXPECT_DOUBLE_EQ(s.slo.error_budget, 0.01);
  EXPECT_DOUBLE_EQ(s.slo.utilization_at_slo, 0.7);
  EXPECT_EQ(s.db_pool_size, 100);

  ASSERT_EQ(s.setups.size(), 1u);
  const SetupSpec& setup = s.setups[0];
  EXPECT_TRUE(setup.shadow_pool);
  EXPECT_DOUBLE_EQ(setup.proxy.mirror_fraction, 0.05);
  EXPECT_EQ(setup.proxy.transition_ramp, 2 * kMinute);
  EXPECT_DOUBLE_EQ(setup.proxy.initial_shadow_weight, 0.25);
  ASSERT_EQ(setup.policies.size(), 2u);
  const HpaConfig& h = std::get<HpaConfig>(setup.policies[0]);
  EXPECT_EQ(h.target, PoolId::kLive);
  EXPECT_EQ(h.min_replicas, 2);
  EXPECT_EQ(h.max_replicas, 40);
  EXPECT_DOUBLE_EQ(h.target_utilization, 0.6);
  EXPECT_DOUBLE_EQ(h.tolerance, 0.05);
  EXPECT_EQ(h.sync_period, 30 * kSecond);
  EXPECT_EQ(h.cpu_initialization_period, 3 * kMinute);
  EXPECT_EQ(h.initial_readiness_delay, 20 * kSecond);
  EXPECT_EQ(h.scale_up.stabilization_window, kMinute);
  EXPECT_EQ(h.scale_up.select, HpaScalingRules::Select::kMin);
  ASSERT_EQ(h.scale_up.policies.size(), 1u);  // given policies replace the defaults
  EXPECT_EQ(h.scale_up.policies[0].type, HpaRatePolicy::Type::kPods);
  EXPECT_EQ(h.scale_up.policies[0].value, 2);
  EXPECT_EQ(h.scale_up.policies[0].period, 30 * kSecond);
  EXPECT_EQ(h.scale_down.stabilization_window, 5 * kMinute);  // absent: the default
  ASSERT_EQ(h.scale_down.policies.size(), 2u);
  EXPECT_EQ(h.scale_down.policies[1].type, HpaRatePolicy::Type::kPercent);
  EXPECT_EQ(h.scale_down.policies[1].value, 10);
  const ScheduleConfig& sc = std::get<ScheduleConfig>(setup.policies[1]);
  EXPECT_EQ(sc.target, PoolId::kShadow);
  EXPECT_EQ(sc.period, 5 * kMinute);
  EXPECT_EQ(sc.default_instances, 0);
  ASSERT_EQ(sc.rules.size(), 2u);
  EXPECT_EQ(sc.rules[0].days, 0x1F);
  EXPECT_EQ(sc.rules[0].from, 8 * kHour);
  EXPECT_EQ(sc.rules[0].to, 20 * kHour);
  EXPECT_EQ(sc.rules[0].instances, 4);
  EXPECT_EQ(sc.rules[1].days, 0x60);
  EXPECT_EQ(sc.rules[1].from, 22 * kHour);
  EXPECT_EQ(sc.rules[1].to, 6 * kHour);

  ASSERT_EQ(s.thresholds.size(), 4u);
  EXPECT_EQ(s.thresholds[0].metric, "p99_ms");
  EXPECT_EQ(s.thresholds[0].op, ThresholdSpec::Op::kLess);
  EXPECT_EQ(s.thresholds[0].value, 300);
  EXPECT_EQ(s.thresholds[0].setup, "");
  EXPECT_EQ(s.thresholds[0].line, 76);
  EXPECT_EQ(s.thresholds[1].op, ThresholdSpec::Op::kLessEqual);
  EXPECT_EQ(s.thresholds[1].setup, "mixed");
  EXPECT_EQ(s.thresholds[2].op, ThresholdSpec::Op::kGreater);
  EXPECT_EQ(s.thresholds[3].op, ThresholdSpec::Op::kGreaterEqual);
  EXPECT_EQ(s.thresholds[3].line, 79);
}

TEST(ScenarioLoader, ShadowPoolInheritsTheLiveInstanceModel) {
  const Scenario absent =
      parse(R"(live_pool { cpu: 2 instance { workers: 8 service { mean: "10ms" p99: "40ms" } } }
setup { name: "a" })");
  EXPECT_EQ(absent.shadow.instance.workers, 8);
  EXPECT_EQ(absent.shadow.instance.service.mean, 10 * kMillisecond);
  EXPECT_EQ(absent.shadow.instance.service.p99, 40 * kMillisecond);
  EXPECT_EQ(absent.shadow.cpu_per_instance, 2.0);
  EXPECT_EQ(absent.shadow.max_instances, PoolSpec{}.max_instances);

  // Fields the shadow pool sets override; the others still come from the live pool.
  const Scenario partial = parse(R"(live_pool { instance { workers: 8 timeout: "2s" } }
shadow_pool { instance { workers: 2 service { mean: "30ms" } } }
setup { name: "a" })");
  EXPECT_EQ(partial.shadow.instance.workers, 2);
  EXPECT_EQ(partial.shadow.instance.timeout, 2 * kSecond);
  EXPECT_EQ(partial.shadow.instance.service.mean, 30 * kMillisecond);
  EXPECT_EQ(partial.shadow.instance.service.p99, InstanceModel{}.service.p99);
  EXPECT_EQ(partial.live.instance.workers, 8);
}

TEST(ScenarioLoader, ThresholdsAndSetupsKeepTheirOrder) {
  const Scenario s = parse(R"(setup { name: "b" }
setup { name: "a" }
threshold { metric: "cost_total" below: 5 setup: "a" }
threshold { metric: "mirrored" at_least: 1 setup: "b" })");
  ASSERT_EQ(s.setups.size(), 2u);
  EXPECT_EQ(s.setups[0].name, "b");
  EXPECT_EQ(s.thresholds[0].setup, "a");
  EXPECT_EQ(s.thresholds[0].line, 3);
  EXPECT_EQ(s.thresholds[1].line, 4);
}

TEST(ScenarioLoader, KnownThresholdMetricsAreTheEngineSummaries) {
  const std::vector<std::string>& m = knownThresholdMetrics();
  EXPECT_EQ(m.size(), 19u);
  for (const char* name :
       {"p50_ms", "p90_ms", "p99_ms", "p999_ms", "error_rate", "slo_violation_minutes",
        "slo_over_target_share", "cost_total", "cost_live", "cost_shadow", "instance_hours",
        "scaling_lag_p90_s", "scaling_lag_max_s", "theta_u", "theta_o", "tau_u", "tau_o",
        "requests", "mirrored"}) {
    EXPECT_NE(std::find(m.begin(), m.end(), name), m.end()) << name;
  }
}

// --- paths ------------------------------------------------------------------------------------

TEST(ScenarioLoader, ResolvesCountCsvPathsAgainstTheBaseFolder) {
  const Scenario s =
      parseScenarioText(R"(traffic { duration: "0" count_csv { path: "data/counts.csv" } }
setup { name: "a" })",
                        "inline", std::string(SHADOWSCALE_SOURCE_DIR) + "/tests/scenarios");
  const CountCsvSpec& csv = std::get<CountCsvSpec>(s.traffic.source);
  const std::filesystem::path expected =
      std::filesystem::path(SHADOWSCALE_SOURCE_DIR) / "tests/scenarios/data/counts.csv";
  EXPECT_EQ(std::filesystem::path(csv.path), expected.lexically_normal());
  EXPECT_TRUE(std::filesystem::path(csv.path).is_absolute());
  EXPECT_EQ(s.traffic.duration, 0);
}

TEST(ScenarioLoader, LoadsAFileAndResolvesItsPathsAgainstItsFolder) {
  const std::string file = dataDir() + "/relative.textproto";
  const Scenario s = loadScenarioFile(file);
  EXPECT_EQ(s.name, "relative");
  EXPECT_EQ(s.source_path, file);
  const CountCsvSpec& csv = std::get<CountCsvSpec>(s.traffic.source);
  EXPECT_TRUE(std::filesystem::equivalent(csv.path, dataDir() + "/counts.csv"));
  EXPECT_EQ(csv.time_format, "%Y-%m-%d %H:%M:%S");
  EXPECT_EQ(csv.has_header, 1);
  EXPECT_EQ(csv.utc_offset, -4 * kHour);
  EXPECT_EQ(csv.rate_multiplier, 1.0);
  EXPECT_EQ(csv.interval, 0);
  EXPECT_EQ(csv.loop, 1.0);
}

TEST(ScenarioLoader, NamesAMissingFile) {
  const std::string missing = dataDir() + "/no-such.textproto";
  try {
    loadScenarioFile(missing);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), missing + ": cannot open the scenario file");
  }
}

// --- syntax errors ----------------------------------------------------------------------------

TEST(ScenarioLoaderErrors, WrongValueTypeNamesLineAndField) {
  EXPECT_TRUE(failsAt("setup { name: \"a\" }\nseed: \"abc\"", 2, "seed", "Expected integer"));
}

TEST(ScenarioLoaderErrors, UnknownFieldSuggestsTheCloseOne) {
  EXPECT_TRUE(failsAt(R"(setup { name: "a" }
live_pool {
  instance {
    workerz: 4
  }
})",
                      4, "live_pool.instance.workerz",
                      "unknown field \"workerz\" in Instance (did you mean \"workers\"?)"));
  EXPECT_TRUE(failsAt("seeds: 3", 1, "seeds", "did you mean \"seed\""));
}

TEST(ScenarioLoaderErrors, UnknownFieldInsideRepeatedMessagesGetsIndexedPath) {
  EXPECT_TRUE(failsAt(R"(setup { name: "a" }
setup {
  name: "b"
  policy { hpa { max_replica: 3 } }
})",
                      4, "setup[1].policy[0].hpa.max_replica", "did you mean \"max_replicas\""));
}

TEST(ScenarioLoaderErrors, UnknownEnumValue) {
  EXPECT_TRUE(
      failsAt("setup { name: \"a\" }\ncost { billing: MONTHLY }", 2, "cost.billing", "MONTHLY"));
}

TEST(ScenarioLoaderErrors, UnknownEnumValueListsTheAllowedOnes) {
  EXPECT_TRUE(failsAt("setup { name: \"a\" }\ncost { billing: MONTHLY }", 2, "cost.billing",
                      "\"MONTHLY\" is not a value of billing; use one of PER_SECOND, PER_HOUR "
                      "(without quotes)"));
  // A value in the wrong case names the one meant.
  EXPECT_TRUE(
      failsAt("setup {\n  name: \"a\"\n  shadow_pool: true\n"
              "  policy { predictive { mode: forecast_only } }\n}",
              4, "setup[0].policy[0].predictive.mode",
              "\"forecast_only\" is not a value of mode; use one of FORECAST_AND_SCALE, "
              "FORECAST_ONLY, HYBRID (without quotes); did you mean FORECAST_ONLY?"));
  EXPECT_TRUE(failsAt("setup { name: \"a\" policy { hpa { pool: live } } }", 1,
                      "setup[0].policy[0].hpa.pool", "use one of LIVE, SHADOW"));
}

TEST(ScenarioLoaderErrors, UnquotedQuantityGetsAHintToQuoteIt) {
  EXPECT_TRUE(failsAt("setup { name: \"a\" }\ntraffic {\n  synthetic { base_rate: 100 }\n}", 3,
                      "traffic.synthetic.base_rate",
                      "Expected string, got: 100; base_rate is written in double quotes, e.g. "
                      "base_rate: \"100/s\""));
  EXPECT_TRUE(failsAt("setup { name: \"a\" }\ntraffic { duration: 7 }", 2, "traffic.duration",
                      "duration is written in double quotes, e.g. duration: \"90s\" (a duration"));
  EXPECT_TRUE(failsAt("setup { name: \"a\" }\ntraffic { synthetic { daily_peak: 14 } }", 2,
                      "traffic.synthetic.daily_peak", "daily_peak: \"08:00\""));
  EXPECT_TRUE(failsAt("setup { name: hpa }", 1, "setup[0].name",
                      "name is written in double quotes, e.g. name: \"hpa\""));
}

TEST(ScenarioLoaderErrors, BadValueBeforeAnotherFieldNamesTheValuesField) {
  // The parser reports these at the token after the value.
  EXPECT_TRUE(failsAt("setup { name: \"a\" }\ncost {\n  billing: MONTHLY\n  minimum: \"1s\"\n}", 3,
                      "cost.billing", "MONTHLY"));
  EXPECT_TRUE(failsAt("setup { name: \"a\" }\nlive_pool {\n  instance { workers: 99999999999 }\n}",
                      3, "live_pool.instance.workers", "Integer out of range"));
  EXPECT_TRUE(failsAt("setup { name: \"a\" }\nseed: -1", 2, "seed", "Expected integer"));
  EXPECT_TRUE(failsAt("setup { name: \"a\" }\nlive_pool { cpu: lots }", 2, "live_pool.cpu",
                      "Expected double, got: lots"));
}

TEST(ScenarioLoaderErrors, TwoBoundsOfOneThreshold) {
  EXPECT_TRUE(failsAt("setup { name: \"a\" }\nthreshold { metric: \"p99_ms\" below: 1 above: 2 }",
                      2, "threshold[0].above", "oneof"));
}

TEST(ScenarioLoaderErrors, FieldGivenTwice) {
  EXPECT_TRUE(failsAt("seed: 1\nseed: 2\nsetup { name: \"a\" }", 2, "seed", "multiple times"));
}

TEST(ScenarioLoaderErrors, UnclosedBlockNamesTheOpenMessage) {
  EXPECT_TRUE(failsAt("setup { name: \"a\" }\nslo {\n  percentile: 0.9\n", 4, "slo", "Expected"));
}

// --- value errors -----------------------------------------------------------------------------

TEST(ScenarioLoaderErrors, BadDurationString) {
  EXPECT_TRUE(failsAt("setup { name: \"a\" }\ninterval: \"90\"", 2, "interval", "missing unit"));
  EXPECT_TRUE(failsAt("setup { name: \"a\" }\nslo { latency_target: \"0s\" }", 2,
                      "slo.latency_target", "longer than 0"));
}

TEST(ScenarioLoaderErrors, BadRateString) {
  EXPECT_TRUE(failsAt(R"(setup { name: "a" }
traffic {
  synthetic {
    base_rate: "100"
  }
})",
                      4, "traffic.synthetic.base_rate", "missing unit"));
}

TEST(ScenarioLoaderErrors, BadTimestamp) {
  EXPECT_TRUE(
      failsAt("setup { name: \"a\" }\nstart: \"2026-03-02T00:00:00\"", 2, "start", "missing zone"));
}

TEST(ScenarioLoaderErrors, NegativeCount) {
  EXPECT_TRUE(failsAt("setup { name: \"a\" }\nlive_pool {\n  min_instances: -1\n}", 3,
                      "live_pool.min_instances", "at least 0"));
  EXPECT_TRUE(failsAt("setup { name: \"a\" }\ndb_pool_size: -5", 2, "db_pool_size", "at least 0"));
}

TEST(ScenarioLoaderErrors, PoolMinAboveMax) {
  EXPECT_TRUE(failsAt(R"(setup { name: "a" }
live_pool {
  initial_instances: 3
  min_instances: 5
  max_instances: 3
})",
                      4, "live_pool.min_instances",
                      "min_instances (5) is above max_instances (3)"));
}

TEST(ScenarioLoaderErrors, InitialInstancesOutsideTheBounds) {
  EXPECT_TRUE(
      failsAt("setup { name: \"a\" }\nlive_pool { max_instances: 4\n initial_instances: 9 }", 3,
              "live_pool.initial_instances", "between min_instances (0)"));
}

TEST(ScenarioLoaderErrors, HpaMinAboveMax) {
  EXPECT_TRUE(failsAt(R"(setup {
  name: "a"
  policy {
    hpa {
      min_replicas: 10
      max_replicas: 5
    }
  }
})",
                      5, "setup[0].policy[0].hpa.min_replicas", "is above max_replicas (5)"));
}

TEST(ScenarioLoaderErrors, HpaMinReplicasZero) {
  EXPECT_TRUE(failsAt("setup { name: \"a\" policy { hpa { min_replicas: 0 } } }", 1,
                      "setup[0].policy[0].hpa.min_replicas", "cannot scale up from 0"));
}

TEST(ScenarioLoaderErrors, HpaAboveThePoolsMaximum) {
  EXPECT_TRUE(failsAt(R"(live_pool { max_instances: 50 }
setup {
  name: "a"
  policy { hpa { min_replicas: 2 } }
})",
                      4, "setup[0].policy[0].hpa.max_replicas",
                      "100 (the default; set max_replicas) is above live_pool.max_instances (50)"));
}

TEST(ScenarioLoaderErrors, PercentileOutsideZeroOne) {
  EXPECT_TRUE(failsAt("setup { name: \"a\" }\nslo {\n  percentile: 1\n}", 3, "slo.percentile",
                      "must be in (0, 1), got 1"));
  EXPECT_TRUE(failsAt("setup { name: \"a\" }\nslo { percentile: 0 }", 2, "slo.percentile",
                      "must be in (0, 1)"));
  EXPECT_TRUE(failsAt("setup { name: \"a\" }\nslo { percentile: 99 }", 2, "slo.percentile",
                      "fractions are plain numbers (0.99, not 99)"));
}

TEST(ScenarioLoaderErrors, NoSetups) {
  EXPECT_TRUE(failsAt("name: \"x\"", 0, "", "no setup"));
}

TEST(ScenarioLoaderErrors, DuplicateSetupNames) {
  EXPECT_TRUE(failsAt(R"(setup { name: "hpa" }
setup {
  name: "hpa"
})",
                      3, "setup[1].name", "already the name of setup[0] (line 1)"));
}

TEST(ScenarioLoaderErrors, SetupWithoutOrWithABadName) {
  EXPECT_TRUE(failsAt("setup {\n  shadow_pool: true\n}", 1, "setup[0].name", "missing"));
  EXPECT_TRUE(failsAt("setup { name: \"my setup\" }", 1, "setup[0].name", "only letters"));
}

TEST(ScenarioLoaderErrors, UnknownThresholdMetric) {
  EXPECT_TRUE(failsAt(R"(setup { name: "a" }
threshold {
  metric: "p98_ms"
  below: 300
})",
                      3, "threshold[0].metric", "unknown metric \"p98_ms\"; known: p50_ms"));
}

TEST(ScenarioLoaderErrors, ThresholdNamesAMissingSetup) {
  EXPECT_TRUE(failsAt(R"(setup { name: "hpa" }
threshold { metric: "p99_ms" below: 300 }
threshold {
  metric: "p99_ms"
  below: 300
  setup: "nope"
})",
                      6, "threshold[1].setup", "no setup named \"nope\"; setups: hpa"));
}

TEST(ScenarioLoaderErrors, ThresholdWithoutBound) {
  EXPECT_TRUE(failsAt("setup { name: \"a\" }\nthreshold { metric: \"p99_ms\" }", 2, "threshold[0]",
                      "missing bound"));
}

TEST(ScenarioLoaderErrors, CountCsvFileMissing) {
  EXPECT_TRUE(failsAt(R"(setup { name: "a" }
traffic {
  count_csv {
    path: "nowhere.csv"
  }
})",
                      4, "traffic.count_csv.path", "no such file: " + dataDir() + "/nowhere.csv"));
  EXPECT_TRUE(failsAt("setup { name: \"a\" }\ntraffic {\n  count_csv { header: true }\n}", 3,
                      "traffic.count_csv.path", "missing"));
}

TEST(ScenarioLoaderErrors, CountCsvBadTimeFormat) {
  EXPECT_TRUE(failsAt(R"(setup { name: "a" }
traffic {
  count_csv {
    path: "counts.csv"
    time_format: "%Q"
  }
})",
                      5, "traffic.count_csv.time_format", "unsupported directive %Q"));
}

TEST(ScenarioLoaderErrors, StartWithATrace) {
  EXPECT_TRUE(failsAt(R"(setup { name: "a" }
start: "2026-03-02T00:00:00Z"
traffic { count_csv { path: "counts.csv" } })",
                      2, "start", "only synthetic traffic uses start"));
}

TEST(ScenarioLoaderErrors, SyntheticTrafficWithoutDuration) {
  EXPECT_TRUE(failsAt("setup { name: \"a\" }\ntraffic { duration: \"0\" }", 2, "traffic.duration",
                      "synthetic traffic needs a duration"));
}

TEST(ScenarioLoaderErrors, EventAfterTheTrafficEnds) {
  EXPECT_TRUE(failsAt(R"(setup { name: "a" }
traffic {
  duration: "2d"
  synthetic {
    event {
      start: "3d"
    }
  }
})",
                      6, "traffic.synthetic.event[0].start", "after the traffic ends (2d)"));
  EXPECT_TRUE(failsAt(R"(setup { name: "a" }
start: "2026-03-02T00:00:00Z"
traffic { synthetic { flash_crowd {
  start: "2026-03-01T00:00:00Z" } } })",
                      4, "traffic.synthetic.flash_crowd[0].start", "before the scenario's start"));
}

TEST(ScenarioLoaderErrors, DistributionShapes) {
  EXPECT_TRUE(failsAt(R"(setup { name: "a" }
live_pool { instance { service {
  mean: "50ms"
  p99: "40ms"
} } })",
                      4, "live_pool.instance.service.p99", "p99 40ms is below the mean 50ms"));
  EXPECT_TRUE(failsAt(R"(setup { name: "a" }
live_pool { instance { service {
  mean: "200ms"
} } })",
                      3, "live_pool.instance.service.mean", "(the default; set p99)"));
  EXPECT_TRUE(failsAt(R"(setup { name: "a" }
live_pool { instance { startup { mean: "10s"
  p99: "10m" } } })",
                      3, "live_pool.instance.startup.p99", "no log-normal"));
  EXPECT_TRUE(failsAt(R"(setup { name: "a" }
live_pool { instance { service { exponential: true
  p99: "10ms" } } })",
                      3, "live_pool.instance.service.p99", "leave p99 out"));
}

TEST(ScenarioLoaderErrors, ShadowRoutesMustMatchTheLivePool) {
  EXPECT_TRUE(failsAt(R"(setup { name: "a" }
live_pool { instance { route { name: "get" } route { name: "post" } } }
shadow_pool { instance {
  route { name: "post" } } })",
                      4, "shadow_pool.instance.route[0].name",
                      "the live pool's, in the same order"));
}

TEST(ScenarioLoaderErrors, MirrorOrShadowPolicyWithoutAShadowPool) {
  EXPECT_TRUE(failsAt("setup {\n  name: \"a\"\n  mirror_fraction: 0.1\n}", 3,
                      "setup[0].mirror_fraction", "add shadow_pool: true"));
  EXPECT_TRUE(failsAt(R"(setup {
  name: "a"
  policy { schedule {
    pool: SHADOW } }
})",
                      4, "setup[0].policy[0].schedule.pool", "has no shadow pool"));
}

TEST(ScenarioLoaderErrors, TwoPoliciesForOnePool) {
  EXPECT_TRUE(failsAt(R"(setup {
  name: "a"
  policy { hpa {} }
  policy { schedule { pool: LIVE } }
})",
                      4, "setup[0].policy[1]", "a second policy for the live pool"));
}

TEST(ScenarioLoaderErrors, EmptyPolicy) {
  EXPECT_TRUE(
      failsAt("setup {\n  name: \"a\"\n  policy {}\n}", 3, "setup[0].policy[0]", "empty policy"));
}

TEST(ScenarioLoaderErrors, ScheduleRules) {
  const std::string head = "setup {\n  name: \"a\"\n  policy { schedule {\n";
  // Line 4 is the first rule, line 5 the second.
  EXPECT_TRUE(failsAt(head + "    rule { days: \"Mon-Fri\" instances: 2 }\n"
                             "    rule { days: \"Sat,Holiday\" instances: 1 }\n} } }",
                      5, "setup[0].policy[0].schedule.rule[1].days", "unknown day \"Holiday\""));
  EXPECT_TRUE(failsAt(head + "    rule { from: \"08:00\" to: \"08:00\" instances: 2 }\n} } }", 4,
                      "setup[0].policy[0].schedule.rule[0].to", "from and to are equal"));
  EXPECT_TRUE(failsAt(head + "    rule { from: \"8am\" instances: 2 }\n} } }", 4,
                      "setup[0].policy[0].schedule.rule[0].from", "bad time of day"));
  EXPECT_TRUE(failsAt(head + "    rule { days: \"*\" }\n} } }", 4,
                      "setup[0].policy[0].schedule.rule[0].instances", "missing"));
  EXPECT_TRUE(failsAt(
      "live_pool { max_instances: 5 }\n" + head + "    rule { instances: 6 }\n} } }", 5,
      "setup[0].policy[0].schedule.rule[0].instances", "6 is above live_pool.max_instances (5)"));
}

TEST(ScenarioLoaderErrors, HpaRatePolicies) {
  EXPECT_TRUE(failsAt(R"(setup { name: "a" policy { hpa { scale_up {
  policy { type: PODS value: 4 }
} } } })",
                      2, "setup[0].policy[0].hpa.scale_up.policy[0].period", "missing"));
  EXPECT_TRUE(failsAt(R"(setup { name: "a" policy { hpa { scale_down {
  policy { type: PERCENT value: 10 period: "1h" }
} } } })",
                      2, "setup[0].policy[0].hpa.scale_down.policy[0].period", "at most 30m"));
  EXPECT_TRUE(failsAt(R"(setup { name: "a" policy { hpa { scale_down {
  stabilization_window: "2h" } } } })",
                      2, "setup[0].policy[0].hpa.scale_down.stabilization_window", "at most 1h"));
}

TEST(ScenarioLoaderErrors, CorePolicyChecksAreReportedAtTheirLine) {
  // 0.001 passes the loader's own range check; the HPA's own check wants at least 1 %.
  EXPECT_TRUE(failsAt(R"(setup { name: "a" policy { hpa {
  target_utilization: 0.001
} } })",
                      2, "setup[0].policy[0].hpa.target_utilization", "1%"));
}

}  // namespace
}  // namespace shadowscale
