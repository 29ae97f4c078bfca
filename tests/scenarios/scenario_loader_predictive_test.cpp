// The predictive policy block and the warm-up, as scenario files write them.
#include <gtest/gtest.h>

#include <string>
#include <variant>

#include "core/input_error.h"
#include "scenarios/scenario_loader.h"

namespace shadowscale {
namespace {

Scenario parse(const std::string& text) {
  return parseScenarioText(text, "p.textproto", ".");
}

std::string errorOf(const std::string& text) {
  try {
    parse(text);
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

constexpr const char* kPools = R"(live_pool {
  instance { provisioning { mean: "10s" p99: "20s" } startup { mean: "40s" p99: "80s" } }
}
)";

TEST(ScenarioLoaderPredictive, MapsThePredictiveBlock) {
  const Scenario s = parse(std::string(kPools) + R"(warmup: "1d"
setup {
  name: "p"
  shadow_pool: true
  policy {
    predictive {
      mode: HYBRID
      upper_quantile: 0.9
      scheduling_buffer: "30s"
      route_share: OVERFLOW
      min_instances: 2
      max_instances: 40
      zero_run_missing: "3h"
      forecaster { kind: "holt-winters" quantiles: [0.5, 0.9] }
    }
  }
})");
  EXPECT_EQ(s.warmup, kDay);
  ASSERT_EQ(s.setups[0].policies.size(), 1u);
  const auto* p = std::get_if<PredictiveConfig>(&s.setups[0].policies[0]);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->target, PoolId::kShadow);
  EXPECT_EQ(p->mode, PredictiveMode::kHybrid);
  EXPECT_EQ(p->route_share, RouteShare::kOverflow);
  EXPECT_EQ(p->scheduling_buffer, 30 * kSecond);
  // The start-up delay comes from the pool's instance model: provisioning p99 + startup p99.
  EXPECT_EQ(p->startup_delay, 100 * kSecond);
  EXPECT_EQ(p->min_instances, 2);
  EXPECT_EQ(p->max_instances, 40);
  EXPECT_EQ(p->zero_run_missing, 3 * kHour);
  EXPECT_EQ(p->hpa.target, PoolId::kShadow);
  EXPECT_EQ(p->forecaster.kind, "holt-winters");
  EXPECT_EQ(p->forecaster.quantiles, (std::vector<double>{0.5, 0.9}));
  EXPECT_EQ(p->forecaster.interval, p->forecast_interval);
}

TEST(ScenarioLoaderPredictive, UnknownForecasterNamesItsLine) {
  const std::string e = errorOf(std::string(kPools) + R"(setup {
  name: "p"
  shadow_pool: true
  policy { predictive { forecaster { kind: "crystal-ball" } } }
})");
  EXPECT_NE(e.find("p.textproto:7: setup[0].policy[0].predictive.forecaster.kind"),
            std::string::npos)
      << e;
  EXPECT_NE(e.find("holt-winters"), std::string::npos) << e;
}

TEST(ScenarioLoaderPredictive, ANegativeZeroRunNamesItsLine) {
  const std::string e = errorOf(std::string(kPools) + R"(setup {
  name: "p"
  policy { predictive { pool: LIVE zero_run_missing: "-1h" } }
})");
  EXPECT_NE(e.find("p.textproto:6: setup[0].policy[0].predictive.zero_run_missing"),
            std::string::npos)
      << e;
}

TEST(ScenarioLoaderPredictive, ShadowTargetNeedsAShadowPool) {
  const std::string e = errorOf(std::string(kPools) + R"(setup {
  name: "p"
  policy { predictive { } }
})");
  EXPECT_NE(e.find("has no shadow pool"), std::string::npos) << e;
}

TEST(ScenarioLoaderPredictive, UpperQuantileMustBeOneTheForecasterGives) {
  const std::string e = errorOf(std::string(kPools) + R"(setup {
  name: "p"
  shadow_pool: true
  policy { predictive { upper_quantile: 0.95 } }
})");
  EXPECT_NE(e.find("upper_quantile"), std::string::npos) << e;
}

TEST(ScenarioLoaderPredictive, WarmupMustBeShorterThanTheTraffic) {
  const std::string e = errorOf(R"(warmup: "2d"
traffic { duration: "1d" synthetic { } }
setup { name: "x" })");
  EXPECT_NE(e.find("p.textproto:1: warmup: must be shorter"), std::string::npos) << e;
}

}  // namespace
}  // namespace shadowscale
