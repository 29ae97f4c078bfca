#include "tune/search_space.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <variant>

#include "core/policies/hpa_config.h"
#include "scenarios/scenario_loader.h"
#include "tests/tune/test_scenario.h"

namespace shadowscale {
namespace {

// The setup a snippet describes, loaded the way the search loads it.
SetupSpec load(const std::string& snippet) {
  const Scenario s = parseScenarioText(std::string(testing::kSmallScenario) + "\n" + snippet,
                                       "small.textproto", "");
  return s.setups.back();
}

TEST(SearchSpaceTest, CandidatesAreDeterministicAndALongerSearchExtendsAShorterOne) {
  const SearchSpace space;
  const auto a = makeCandidates(space, 60, 5);
  const auto b = makeCandidates(space, 60, 5);
  const auto longer = makeCandidates(space, 90, 5);
  const auto other = makeCandidates(space, 60, 6);
  ASSERT_EQ(a.size(), 60u);
  ASSERT_EQ(longer.size(), 90u);
  bool differs = false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].index, static_cast<int>(i));
    EXPECT_EQ(a[i].describe(), b[i].describe());
    EXPECT_EQ(a[i].describe(), longer[i].describe());
    differs = differs || a[i].describe() != other[i].describe();
  }
  EXPECT_TRUE(differs) << "another seed draws other candidates";
}

TEST(SearchSpaceTest, CandidatesAreDistinctAndTheShadowDesignGetsAsManyTriesAsTheHybrid) {
  const SearchSpace space;
  const auto all = makeCandidates(space, 200, 1);
  std::set<std::string> seen;
  int hpa = 0, hybrid = 0, shadow = 0;
  for (const Candidate& c : all) {
    EXPECT_TRUE(seen.insert(c.describe()).second) << c.describe();
    hpa += c.design == Design::kHpa ? 1 : 0;
    hybrid += c.design == Design::kHybridLive ? 1 : 0;
    shadow += c.design == Design::kShadow ? 1 : 0;
  }
  EXPECT_EQ(hpa, static_cast<int>(space.hpa_targets.size() * space.hpa_floors.size()));
  EXPECT_LE(std::abs(hybrid - shadow), 1);
}

TEST(SearchSpaceTest, ASmallSpaceEndsTheSearchEarlyInsteadOfRepeating) {
  SearchSpace space;
  space.forecasters = {"last-value"};
  space.quantiles = {0.9};
  space.scheduling_buffers = {kMinute};
  space.target_utilizations = {0.7};
  space.scale_in_windows = {kHour};
  space.live_floors = {1};
  space.shadow_floors = {1};
  space.hpa_targets = {0.7};
  space.hpa_floors = {2};
  space.mirror_fractions = {0};
  // One HPA, one hybrid, four shadow variants (route share x own HPA).
  EXPECT_EQ(makeCandidates(space, 50, 1).size(), 6u);
}

TEST(SearchSpaceTest, AHybridSnippetLoadsAsTheCandidateItDescribes) {
  Candidate c;
  c.index = 3;
  c.design = Design::kHybridLive;
  c.forecaster = "seasonal-naive-day";
  c.quantile = 0.95;
  c.scheduling_buffer = 2 * kMinute;
  c.target_utilization = 0.6;
  c.scale_in_window = 30 * kMinute;
  c.floor = 3;
  c.hpa_target = 0.8;
  c.hpa_floor = 2;
  HpaConfig base;
  base.max_replicas = 30;
  const SetupSpec s = load(setupSnippet(c, "tuned-c0003", base));
  EXPECT_EQ(s.name, "tuned-c0003");
  EXPECT_FALSE(s.shadow_pool);
  ASSERT_EQ(s.policies.size(), 1u);
  const auto& p = std::get<PredictiveConfig>(s.policies[0]);
  EXPECT_EQ(p.target, PoolId::kLive);
  EXPECT_EQ(p.mode, PredictiveMode::kHybrid);
  EXPECT_DOUBLE_EQ(p.upper_quantile, 0.95);
  EXPECT_EQ(p.scheduling_buffer, 2 * kMinute);
  EXPECT_DOUBLE_EQ(p.target_utilization, 0.6);
  EXPECT_EQ(p.scale_in_window, 30 * kMinute);
  EXPECT_EQ(p.min_instances, 3);
  EXPECT_EQ(p.forecaster.kind, "seasonal-naive-day");
  EXPECT_DOUBLE_EQ(p.hpa.target_utilization, 0.8);
  EXPECT_EQ(p.hpa.min_replicas, 2);
  EXPECT_EQ(p.hpa.max_replicas, 30);
}

TEST(SearchSpaceTest, AShadowSnippetHasAnHpaLivePoolAndAShadowPoolScaledAhead) {
  Candidate c;
  c.design = Design::kShadow;
  c.forecaster = "last-value";
  c.quantile = 0.5;
  c.floor = 0;
  c.overflow = true;
  c.shadow_hpa = false;
  c.mirror = 0.05;
  c.hpa_target = 0.6;
  c.hpa_floor = 1;
  HpaConfig base;
  base.max_replicas = 30;
  const SetupSpec s = load(setupSnippet(c, "tuned-c0000", base));
  EXPECT_TRUE(s.shadow_pool);
  EXPECT_DOUBLE_EQ(s.proxy.mirror_fraction, 0.05);
  ASSERT_EQ(s.policies.size(), 2u);
  const auto& hpa = std::get<HpaConfig>(s.policies[0]);
  EXPECT_EQ(hpa.target, PoolId::kLive);
  EXPECT_DOUBLE_EQ(hpa.target_utilization, 0.6);
  EXPECT_EQ(hpa.min_replicas, 1);
  const auto& p = std::get<PredictiveConfig>(s.policies[1]);
  EXPECT_EQ(p.target, PoolId::kShadow);
  EXPECT_EQ(p.mode, PredictiveMode::kForecastAndScale);
  EXPECT_EQ(p.route_share, RouteShare::kOverflow);
  EXPECT_EQ(p.min_instances, 0);
  EXPECT_DOUBLE_EQ(p.upper_quantile, 0.5);

  c.shadow_hpa = true;
  const SetupSpec with_hpa = load(setupSnippet(c, "x", base));
  const auto& hybrid = std::get<PredictiveConfig>(with_hpa.policies[1]);
  EXPECT_EQ(hybrid.mode, PredictiveMode::kHybrid);
  EXPECT_EQ(hybrid.hpa.min_replicas, 1) << "an HPA needs at least one replica";
}

TEST(SearchSpaceTest, EverySnippetOfASearchLoads) {
  HpaConfig base;
  base.max_replicas = 30;
  for (const Candidate& c : makeCandidates(SearchSpace{}, 60, 2)) {
    EXPECT_NO_THROW(load(setupSnippet(c, "tuned-" + c.id(), base))) << c.describe();
  }
}

TEST(SearchSpaceTest, TheBaselinesHpaBehaviorCarriesIntoEverySnippet) {
  HpaConfig base;
  base.max_replicas = 25;
  base.sync_period = 30 * kSecond;
  base.tolerance = 0.05;
  base.scale_down = {
      10 * kMinute, HpaScalingRules::Select::kMin, {{HpaRatePolicy::Type::kPods, 2, kMinute}}};
  Candidate c;
  c.design = Design::kHpa;
  c.hpa_target = 0.5;
  c.hpa_floor = 3;
  const SetupSpec s = load(setupSnippet(c, "x", base));
  const auto& h = std::get<HpaConfig>(s.policies[0]);
  EXPECT_EQ(h.max_replicas, 25);
  EXPECT_EQ(h.min_replicas, 3);
  EXPECT_DOUBLE_EQ(h.target_utilization, 0.5);
  EXPECT_EQ(h.sync_period, 30 * kSecond);
  EXPECT_DOUBLE_EQ(h.tolerance, 0.05);
  EXPECT_EQ(h.scale_down.stabilization_window, 10 * kMinute);
  EXPECT_EQ(h.scale_down.select, HpaScalingRules::Select::kMin);
  ASSERT_EQ(h.scale_down.policies.size(), 1u);
  EXPECT_EQ(h.scale_down.policies[0].type, HpaRatePolicy::Type::kPods);
  EXPECT_EQ(h.scale_down.policies[0].value, 2);
  EXPECT_EQ(h.scale_down.policies[0].period, kMinute);
  EXPECT_EQ(h.scale_up.policies.size(), HpaConfig{}.scale_up.policies.size());
}

}  // namespace
}  // namespace shadowscale
