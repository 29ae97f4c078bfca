#include "core/policies/predictive.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <deque>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "core/calendar.h"
#include "core/input_error.h"
#include "tests/core/policies/fake_forecaster.h"

namespace shadowscale {
namespace {

using testing::FakeForecaster;
using testing::FakeLog;

constexpr TimeNs kInterval = 5 * kMinute;
constexpr TimeNs kPeriod = 60 * kSecond;
// Configured capacity of one instance at full occupancy; 70 requests/s at the 0.7 target.
constexpr double kCapacity = 100;
constexpr double kPerInstance = kCapacity * 0.7;
// A Monday, so civil times are easy to read in failures.
const TimeNs kEpoch = daysFromCivil(2024, 3, 4) * kDay;

// Instances needed for `rps` at the target utilization.
int needFor(double rps) {
  return static_cast<int>(std::ceil(rps / kPerInstance - 1e-9));
}

PredictiveConfig baseConfig(PoolId target) {
  PredictiveConfig c;
  c.target = target;
  c.period = kPeriod;
  c.forecast_interval = kInterval;
  c.startup_delay = 65 * kSecond;
  c.scheduling_buffer = 60 * kSecond;
  c.min_history = kHour;
  c.min_instances = 1;
  c.max_instances = 100;
  return c;
}

// A forecaster that forecasts `rps(t)` requests/s for the interval starting t (upper quantile
// at `upper_factor` times that).
std::unique_ptr<FakeForecaster> scripted(std::function<double(TimeNs)> rps,
                                         double upper_factor = 1.25,
                                         std::shared_ptr<FakeLog> log = nullptr) {
  if (!log) {
    log = std::make_shared<FakeLog>();
  }
  auto f = std::make_unique<FakeForecaster>(kInterval, 12, std::move(log));
  f->scripted([rps](TimeNs t) { return rps(t) * toSeconds(kInterval); }, upper_factor);
  return f;
}

// A small world for one policy: two pools whose instances become ready `ready_delay` after they
// are asked for, demand given per control window, and routing that follows the asked weight
// at once. Every instance serves kCapacity requests/s at full occupancy.
class Harness {
 public:
  Harness(PredictiveConfig config, std::unique_ptr<Forecaster> forecaster)
      : policy_(std::move(config), std::move(forecaster)) {}

  // Requests/s from t on; a control window reports the rate at its start.
  std::function<double(TimeNs)> demand = [](TimeNs) { return 100.0; };
  TimeNs ready_delay = 0;
  double true_capacity = kCapacity;  // what an instance really serves at full occupancy
  struct Pool {
    int desired = 1;
    int ready = 1;
    std::deque<std::pair<TimeNs, int>> coming;  // (ready at, count)
  };
  Pool pools[kPoolCount];
  double weight = 0;

  // Builds the observation of the window ending at `now_ + period`.
  Observation observation() const {
    Observation obs;
    obs.now = now_ + kPeriod;
    obs.window = kPeriod;
    obs.civil = Calendar(kEpoch, 0).civil(obs.now);
    obs.demand_rate = demand(now_);
    obs.shadow_weight = weight;
    obs.shadow_weight_target = weight;
    obs.event_active = event && event(obs.now);
    for (int p = 0; p < kPoolCount; ++p) {
      const Pool& s = pools[p];
      PoolView& v = obs.pools[p];
      v.enabled = true;
      v.desired = s.desired;
      v.ready = s.ready;
      v.provisioning = s.desired - s.ready;
      v.configured_capacity_rps = kCapacity;
      const double share = p == 0 ? 1 - weight : weight;
      v.arrival_rate = obs.demand_rate * share;
      // An overloaded pool serves what its instances can, and no more.
      v.served_rate = std::min(v.arrival_rate, s.ready * true_capacity);
      const double u = s.ready > 0 ? v.served_rate / (s.ready * true_capacity) : 0;
      v.mean_utilization = u;
      for (int i = 0; i < s.ready; ++i) {
        InstanceView in;
        in.id = static_cast<std::uint64_t>(i);
        in.state = InstanceState::kReady;
        in.created_at = -kHour;
        in.started_at = -kHour;
        in.ready_at = -kHour;
        in.has_metrics = true;
        in.utilization = u;
        v.instances.push_back(in);
      }
    }
    return obs;
  }

  // One control tick: decide, then apply the decision to the world.
  Decision step() {
    for (Pool& s : pools) {
      while (!s.coming.empty() && s.coming.front().first <= now_ + kPeriod) {
        s.ready += s.coming.front().second;
        s.coming.pop_front();
      }
    }
    const Observation obs = observation();
    last_obs_ = obs;
    now_ = obs.now;
    const Decision d = policy_.decide(obs);
    for (int p = 0; p < kPoolCount; ++p) {
      Pool& s = pools[p];
      if (!d.instances[p]) {
        continue;
      }
      const int want = *d.instances[p];
      if (want > s.desired) {
        if (ready_delay == 0) {
          s.ready += want - s.desired;
        } else {
          s.coming.push_back({now_ + ready_delay, want - s.desired});
        }
      } else if (want < s.desired) {
        int drop = s.desired - want;
        while (drop > 0 && !s.coming.empty()) {
          const int n = std::min(drop, s.coming.back().second);
          s.coming.back().second -= n;
          drop -= n;
          if (s.coming.back().second == 0) {
            s.coming.pop_back();
          }
        }
        s.ready -= drop;
      }
      s.desired = want;
    }
    if (d.shadow_weight) {
      weight = *d.shadow_weight;
    }
    return d;
  }

  // Steps until `until` (inclusive), calling `check` after each tick.
  void runUntil(TimeNs until, const std::function<void(TimeNs, const Decision&)>& check = {}) {
    while (now_ + kPeriod <= until) {
      const Decision d = step();
      if (check) {
        check(now_, d);
      }
    }
  }

  std::function<bool(TimeNs)> event;
  PredictivePolicy& policy() { return policy_; }
  TimeNs now() const { return now_; }
  const Observation& lastObservation() const { return last_obs_; }

 private:
  PredictivePolicy policy_;
  TimeNs now_ = 0;
  Observation last_obs_;
};

// A step in demand: `low` requests/s before `at`, `high` from it.
std::function<double(TimeNs)> stepAt(TimeNs at, double low, double high) {
  return [=](TimeNs t) { return t < at ? low : high; };
}

int askedFor(const Decision& d, PoolId p) {
  EXPECT_TRUE(d.instances[index(p)].has_value());
  return d.instances[index(p)].value_or(-1);
}

// --- lead time and sizing ---

struct LeadCase {
  TimeNs startup_delay;
  TimeNs surge_at;
};

class LeadTime : public ::testing::TestWithParam<LeadCase> {};

TEST_P(LeadTime, AsksForTheSurgeAtLeastLeadTimeAheadSizedForItsUpperQuantile) {
  const LeadCase c = GetParam();
  PredictiveConfig config = baseConfig(PoolId::kLive);
  config.startup_delay = c.startup_delay;
  const TimeNs lead = c.startup_delay + config.scheduling_buffer;
  const double low = 100, high = 400;
  // The forecast of the interval the surge starts in already carries it.
  const auto rate = stepAt(c.surge_at, low, high);
  Harness h(config, scripted([rate](TimeNs t) { return rate(t + kInterval - 1); }));
  h.demand = rate;
  EXPECT_EQ(h.policy().leadTime(), lead);
  EXPECT_DOUBLE_EQ(h.policy().telemetry()->lead_time_s, toSeconds(lead));

  const int before = needFor(low * 1.25);
  const int after = needFor(high * 1.25);
  ASSERT_LT(before, after);
  TimeNs asked_at = -1;
  h.runUntil(c.surge_at, [&](TimeNs now, const Decision& d) {
    if (h.policy().telemetry()->warming_up) {
      return;
    }
    const int n = askedFor(d, PoolId::kLive);
    if (asked_at < 0 && n == after) {
      asked_at = now;
    }
    if (asked_at < 0) {
      EXPECT_EQ(n, before) << "at " << toSeconds(now) << " s";
    }
  });
  ASSERT_GE(asked_at, 0) << "the surge was never provided for";
  // Asked no later than L before the surge, and no more than one period earlier than L before
  // the interval it falls in.
  EXPECT_LE(asked_at, c.surge_at - lead);
  EXPECT_GT(asked_at, c.surge_at / kInterval * kInterval - lead - kPeriod);
  EXPECT_EQ(h.policy().lastStatus().reason, "Hold");
  EXPECT_EQ(askedFor(h.step(), PoolId::kLive), after);
}

INSTANTIATE_TEST_SUITE_P(StartupDelays, LeadTime,
                         ::testing::Values(LeadCase{65 * kSecond, 3 * kHour},
                                           LeadCase{30 * kSecond, 3 * kHour + 7 * kMinute},
                                           LeadCase{10 * kMinute, 4 * kHour + 150 * kSecond},
                                           LeadCase{25 * kMinute, 5 * kHour}));

TEST(Predictive, SizesForTheUpperQuantileAtTheMeasuredCapacity) {
  for (double factor : {1.0, 1.25, 2.0}) {
    PredictiveConfig config = baseConfig(PoolId::kLive);
    Harness h(config, scripted([](TimeNs) { return 500.0; }, factor));
    h.demand = [](TimeNs) { return 50.0; };  // light: the forecast alone sets the size
    h.runUntil(2 * kHour);
    EXPECT_EQ(h.pools[0].desired, needFor(500 * factor)) << "upper factor " << factor;
    EXPECT_DOUBLE_EQ(h.policy().telemetry()->capacity_rps, kPerInstance);
  }
}

TEST(Predictive, MeasuredCapacityChangesTheSize) {
  // Instances really serve only half their configured rate: the same forecast needs twice the
  // instances once the policy has measured that.
  PredictiveConfig config = baseConfig(PoolId::kLive);
  Harness h(config, scripted([](TimeNs) { return 280.0; }, 1.0));
  h.demand = [](TimeNs) { return 280.0; };
  h.runUntil(2 * kHour);
  EXPECT_EQ(h.pools[0].desired, needFor(280));
  // Instances that really serve half the configured rate show it in their utilization.
  PredictiveConfig slow = baseConfig(PoolId::kLive);
  Harness h2(slow, scripted([](TimeNs) { return 280.0; }, 1.0));
  h2.demand = [](TimeNs) { return 280.0; };
  h2.true_capacity = kCapacity / 2;
  h2.runUntil(3 * kHour);
  EXPECT_NEAR(h2.policy().capacity(PoolId::kLive).factor(), 0.5, 0.01);
  EXPECT_EQ(h2.pools[0].desired, static_cast<int>(std::ceil(280 / (kPerInstance * 0.5))));
}

// --- scale-in ---

TEST(Predictive, ScalesInOnlyOnceTheForecastStaysLowForTheWindow) {
  PredictiveConfig config = baseConfig(PoolId::kLive);
  const TimeNs fall = 4 * kHour;
  Harness h(config, scripted(stepAt(fall, 400, 100)));
  h.demand = stepAt(fall, 400, 100);
  const int high = needFor(400 * 1.25);
  const int low = needFor(100 * 1.25);
  h.runUntil(6 * kHour, [&](TimeNs now, const Decision& d) {
    if (now < 2 * kHour) {
      return;
    }
    const int n = askedFor(d, PoolId::kLive);
    if (now < fall) {
      // The window ahead still reaches into the high forecast.
      EXPECT_EQ(n, high) << "at " << toSeconds(now) << " s";
    } else if (now == fall) {
      // The whole window ahead is low, but the window just past still carried 400 requests/s.
      EXPECT_EQ(n, needFor(400)) << "at " << toSeconds(now) << " s";
      EXPECT_EQ(h.policy().lastStatus().reason, "ScaleIn");
    } else {
      EXPECT_EQ(n, low) << "at " << toSeconds(now) << " s";
    }
  });
}

TEST(Predictive, ADipShorterThanTheScaleInWindowKeepsTheInstances) {
  for (TimeNs window : {TimeNs{0}, 15 * kMinute}) {
    PredictiveConfig config = baseConfig(PoolId::kLive);
    config.scale_in_window = window;
    const TimeNs dip = 4 * kHour;
    auto rate = [dip](TimeNs t) { return t >= dip && t < dip + 10 * kMinute ? 100.0 : 400.0; };
    Harness h(config, scripted(rate));
    h.demand = rate;
    int lowest = 1000;
    h.runUntil(5 * kHour, [&](TimeNs now, const Decision& d) {
      if (now >= 2 * kHour) {
        lowest = std::min(lowest, askedFor(d, PoolId::kLive));
      }
    });
    if (window == 0) {
      // Control: without a window the same dip is long enough to scale in.
      EXPECT_EQ(lowest, needFor(100 * 1.25));
    } else {
      EXPECT_EQ(lowest, needFor(400 * 1.25));
    }
  }
}

TEST(Predictive, NeverScalesInBelowWhatTheCurrentTrafficNeeds) {
  // The forecast misses a load the pool is carrying right now.
  PredictiveConfig config = baseConfig(PoolId::kLive);
  Harness h(config, scripted([](TimeNs t) { return t < 3 * kHour ? 700.0 : 50.0; }));
  h.demand = [](TimeNs) { return 700.0; };
  h.runUntil(3 * kHour - kPeriod);
  EXPECT_EQ(h.pools[0].desired, needFor(700 * 1.25));
  h.runUntil(4 * kHour);
  EXPECT_EQ(h.pools[0].desired, needFor(700));
}

// --- modes ---

TEST(Predictive, ForecastOnlyActsOnNothingButRecordsWhatItWouldHaveDone) {
  const TimeNs surge = 3 * kHour;
  const TimeNs fall = 5 * kHour;
  auto rate = [=](TimeNs t) { return t >= surge && t < fall ? 600.0 : 150.0; };
  // Scaling the live pool, the dry run sees the same traffic as the acting one, so what it
  // would have asked for must match what the acting policy asked for, tick by tick.
  PredictiveConfig acting = baseConfig(PoolId::kLive);
  PredictiveConfig dry = acting;
  dry.mode = PredictiveMode::kForecastOnly;
  Harness a(acting, scripted(rate));
  Harness b(dry, scripted(rate));
  a.demand = rate;
  b.demand = rate;
  EXPECT_EQ(b.policy().kind(), "predictive");
  int compared = 0;
  std::vector<int> sizes;
  while (a.now() < 7 * kHour) {
    const Decision da = a.step();
    const Decision db = b.step();
    EXPECT_TRUE(db.empty()) << "at " << toSeconds(b.now()) << " s";
    const int acted = askedFor(da, PoolId::kLive);
    EXPECT_EQ(b.policy().telemetry()->would_instances, acted) << "at " << toSeconds(b.now());
    if (sizes.empty() || sizes.back() != acted) {
      sizes.push_back(acted);
    }
    ++compared;
  }
  EXPECT_EQ(compared, 7 * 60);
  // The acting run went through warm-up, the surge and back.
  // (Down in two steps: at the fall the last window still carried the surge.)
  EXPECT_EQ(sizes, (std::vector<int>{1, needFor(150 * 1.25), needFor(600 * 1.25), needFor(600),
                                     needFor(150 * 1.25)}));
  EXPECT_EQ(b.pools[0].desired, 1);  // nothing moved in the dry run's world

  // Routing too is only recorded.
  PredictiveConfig shadow_dry = baseConfig(PoolId::kShadow);
  shadow_dry.mode = PredictiveMode::kForecastOnly;
  Harness c(shadow_dry, scripted(rate));
  c.demand = rate;
  c.pools[0] = {5, 5, {}};
  double max_weight = 0;
  int max_would = 0;
  c.runUntil(7 * kHour, [&](TimeNs, const Decision& d) {
    EXPECT_TRUE(d.empty());
    max_weight = std::max(max_weight, c.policy().telemetry()->would_weight);
    max_would = std::max(max_would, c.policy().telemetry()->would_instances);
  });
  EXPECT_DOUBLE_EQ(max_weight, 1.0);
  EXPECT_EQ(max_would, needFor(600 * 1.25));
  EXPECT_EQ(c.policy().telemetry()->would_weight, 0.0);  // and back
  EXPECT_EQ(c.pools[1].desired, 1);
  EXPECT_EQ(c.weight, 0);
}

TEST(Predictive, HybridNeverRunsBelowItsHpa) {
  // The forecast sees half the real load (so the HPA has to step in) except for a surge it
  // foresees (so the forecast leads the HPA there).
  const TimeNs surge = 4 * kHour;
  auto real = [=](TimeNs t) {
    const double base = 150 + 100 * std::sin(toSeconds(t) / 3600.0);
    return t >= surge && t < surge + kHour ? base + 500 : base;
  };
  auto seen = [=](TimeNs t) { return t >= surge && t < surge + kHour ? real(t) : real(t) / 2; };
  PredictiveConfig config = baseConfig(PoolId::kLive);
  config.mode = PredictiveMode::kHybrid;
  config.hpa.min_replicas = 1;
  config.hpa.max_replicas = 60;
  config.hpa.target_utilization = 0.6;
  config.hpa.target = PoolId::kShadow;  // forced to the policy's own pool
  Harness h(config, scripted(seen));
  h.demand = real;
  HpaConfig twin_config = config.hpa;
  twin_config.target = PoolId::kLive;
  HpaPolicy twin(twin_config);
  EXPECT_EQ(h.policy().kind(), "hybrid");
  int floor_bit = 0;
  int forecast_led = 0;
  while (h.now() < 7 * kHour) {
    const Observation obs = h.observation();
    const int hpa = *twin.decide(obs).instances[index(PoolId::kLive)];
    const int asked = askedFor(h.step(), PoolId::kLive);
    ASSERT_GE(asked, hpa) << "at " << toSeconds(h.now()) << " s";
    const PredictiveStatus& s = h.policy().lastStatus();
    ASSERT_TRUE(s.hpa.has_value());
    EXPECT_EQ(*s.hpa, hpa);
    if (!h.policy().telemetry()->warming_up) {
      floor_bit += asked == hpa && s.planned < hpa;
      forecast_led += asked > hpa;
    }
  }
  EXPECT_GT(floor_bit, 0);
  EXPECT_GT(forecast_led, 0);
}

// --- routing ---

TEST(Predictive, ShiftsTrafficToTheShadowPoolAndBack) {
  const TimeNs surge = 3 * kHour;
  const TimeNs fall = 5 * kHour;
  auto rate = [=](TimeNs t) { return t >= surge && t < fall ? 600.0 : 200.0; };
  PredictiveConfig config = baseConfig(PoolId::kShadow);
  Harness h(config, scripted(rate));
  h.demand = rate;
  h.pools[0] = {5, 5, {}};  // the live pool carries 5 x 70 = 350 requests/s
  const TimeNs lead = h.policy().leadTime();
  TimeNs on_at = -1;
  TimeNs off_at = -1;
  h.runUntil(7 * kHour, [&](TimeNs now, const Decision& d) {
    if (h.policy().telemetry()->warming_up) {
      EXPECT_FALSE(d.shadow_weight.has_value());
      EXPECT_EQ(askedFor(d, PoolId::kShadow), config.min_instances);
      return;
    }
    ASSERT_TRUE(d.shadow_weight.has_value());
    if (on_at < 0 && *d.shadow_weight > 0) {
      on_at = now;
      // Only the one ready shadow instance can take traffic yet: 70 of the 200 requests/s.
      EXPECT_DOUBLE_EQ(*d.shadow_weight, kPerInstance / 200);
      EXPECT_EQ(askedFor(d, PoolId::kShadow), needFor(600 * 1.25));
    } else if (on_at >= 0 && now == on_at + kPeriod) {
      EXPECT_DOUBLE_EQ(*d.shadow_weight, 1.0);  // the asked-for instances are ready
    }
    if (on_at >= 0 && off_at < 0 && *d.shadow_weight == 0) {
      off_at = now;
    }
    if (now < surge - lead - kPeriod) {
      // The live pool carries the forecast: the shadow pool stays small and unused.
      EXPECT_EQ(*d.shadow_weight, 0.0);
      EXPECT_EQ(askedFor(d, PoolId::kShadow), config.min_instances);
    }
  });
  EXPECT_LE(on_at, surge - lead);
  EXPECT_GT(on_at, surge - lead - kPeriod);
  // Back once the traffic fell and the forecast stays under the live pool's capacity.
  EXPECT_EQ(off_at, fall + kPeriod);
  EXPECT_EQ(h.pools[1].desired, config.min_instances);
}

TEST(Predictive, OverflowRoutingSendsOnlyTheShareAboveTheLivePool) {
  auto rate = [](TimeNs t) { return t >= 3 * kHour ? 600.0 : 200.0; };
  PredictiveConfig config = baseConfig(PoolId::kShadow);
  config.route_share = RouteShare::kOverflow;
  Harness h(config, scripted(rate));
  h.demand = rate;
  h.pools[0] = {5, 5, {}};
  h.runUntil(4 * kHour);
  const double live = 5 * kPerInstance;
  EXPECT_NEAR(h.weight, 1 - live / (600 * 1.25), 1e-9);
  EXPECT_EQ(h.pools[1].desired, needFor(600 * 1.25 - live));
}

TEST(Predictive, TrafficMovesOnlyAsFastAsShadowInstancesBecomeReady) {
  auto rate = [](TimeNs t) { return t >= 3 * kHour ? 600.0 : 200.0; };
  PredictiveConfig config = baseConfig(PoolId::kShadow);
  Harness h(config, scripted(rate));
  h.demand = rate;
  h.ready_delay = 65 * kSecond;
  h.pools[0] = {5, 5, {}};
  double first_weight = -1;
  double later_weight = -1;
  TimeNs first_at = -1;
  h.runUntil(3 * kHour + 10 * kMinute, [&](TimeNs now, const Decision& d) {
    if (d.shadow_weight && *d.shadow_weight > 0) {
      if (first_at < 0) {
        first_at = now;
        first_weight = *d.shadow_weight;
      } else if (now >= first_at + 2 * kMinute && later_weight < 0) {
        later_weight = *d.shadow_weight;
      }
    }
  });
  // One ready shadow instance takes 70 of the 200 requests/s until the rest are ready.
  EXPECT_NEAR(first_weight, kPerInstance / 200, 1e-9);
  EXPECT_DOUBLE_EQ(later_weight, 1.0);
}

TEST(Predictive, NoRoutingWhenScalingTheLivePoolOrWhenShiftingIsOff) {
  auto rate = [](TimeNs t) { return t >= 3 * kHour ? 600.0 : 200.0; };
  PredictiveConfig live = baseConfig(PoolId::kLive);
  Harness a(live, scripted(rate));
  a.runUntil(4 * kHour, [](TimeNs, const Decision& d) { EXPECT_FALSE(d.shadow_weight); });
  PredictiveConfig no_shift = baseConfig(PoolId::kShadow);
  no_shift.shift_traffic = false;
  Harness b(no_shift, scripted(rate));
  b.runUntil(4 * kHour, [](TimeNs, const Decision& d) { EXPECT_FALSE(d.shadow_weight); });
  // Without routing, the shadow pool is pre-scaled for the whole forecast.
  EXPECT_EQ(b.pools[1].desired, needFor(600 * 1.25));
}

// --- warm-up, history, telemetry ---

TEST(Predictive, HoldsThePoolAtMinimumUntilItHasEnoughHistory) {
  auto log = std::make_shared<FakeLog>();
  PredictiveConfig config = baseConfig(PoolId::kLive);
  config.min_instances = 2;
  config.min_history = 2 * kHour;
  Harness h(config, scripted([](TimeNs) { return 700.0; }, 1.25, log));
  h.pools[0] = {6, 6, {}};
  h.runUntil(2 * kHour - kPeriod, [&](TimeNs, const Decision& d) {
    EXPECT_EQ(askedFor(d, PoolId::kLive), 2);
    EXPECT_TRUE(h.policy().telemetry()->warming_up);
    EXPECT_EQ(h.policy().lastStatus().reason, "WarmingUp");
    EXPECT_TRUE(std::isnan(h.policy().telemetry()->forecast_p50_rps));
  });
  EXPECT_EQ(log->fits, 0);
  EXPECT_NE(h.policy().warmupNote().find("23 of 24"), std::string::npos) << h.policy().warmupNote();
  const Decision d = h.step();
  EXPECT_EQ(log->fits, 1);
  EXPECT_EQ(log->last_fit_size, 24u);
  EXPECT_FALSE(h.policy().telemetry()->warming_up);
  EXPECT_EQ(askedFor(d, PoolId::kLive), needFor(700 * 1.25));
}

TEST(Predictive, KeepsWarmingUpWhileTheForecasterWantsMoreHistory) {
  auto log = std::make_shared<FakeLog>();
  PredictiveConfig config = baseConfig(PoolId::kLive);
  auto f = scripted([](TimeNs) { return 300.0; }, 1.25, log);
  f->needs(36);  // three hours
  Harness h(config, std::move(f));
  h.runUntil(3 * kHour - kPeriod);
  EXPECT_TRUE(h.policy().telemetry()->warming_up);
  EXPECT_NE(h.policy().warmupNote().find("needs 36"), std::string::npos);
  EXPECT_EQ(log->fits, 0);
  h.step();
  EXPECT_FALSE(h.policy().telemetry()->warming_up);
  EXPECT_EQ(log->fits, 1);
  EXPECT_EQ(log->last_fit_size, 36u);
}

TEST(Predictive, APolicyStillWarmingUpSaysSoInItsNotesAndStopsOnceFitted) {
  auto log = std::make_shared<FakeLog>();
  PredictiveConfig config = baseConfig(PoolId::kLive);
  config.min_instances = 2;
  config.min_history = 2 * kHour;
  auto f = scripted([](TimeNs) { return 300.0; }, 1.25, log);
  f->needs(36);  // three hours
  Harness h(config, std::move(f));
  h.runUntil(3 * kHour - kPeriod);
  const std::vector<std::string> notes = h.policy().notes();
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_NE(notes[0].find("never left its warm-up (collecting history: 35 of 36 intervals "
                          "(forecaster '"),
            std::string::npos)
      << notes[0];
  EXPECT_NE(notes[0].find("the live pool was held at min_instances (2)"), std::string::npos)
      << notes[0];
  EXPECT_NE(notes[0].find("min_history (2h)"), std::string::npos) << notes[0];
  h.step();
  EXPECT_TRUE(h.policy().notes().empty());
}

TEST(Predictive, AHybridStillWarmingUpSaysItsHpaAloneSizedThePool) {
  PredictiveConfig config = baseConfig(PoolId::kLive);
  config.mode = PredictiveMode::kHybrid;
  config.min_history = 2 * kHour;
  Harness h(config, scripted([](TimeNs) { return 300.0; }, 1.25));
  h.runUntil(kHour);
  ASSERT_EQ(h.policy().notes().size(), 1u);
  EXPECT_NE(h.policy().notes()[0].find("its HPA alone sized the live pool"), std::string::npos)
      << h.policy().notes()[0];
}

TEST(Predictive, AForecasterThatFailsWithEnoughHistoryIsAnErrorNotAWarmUp) {
  auto log = std::make_shared<FakeLog>();
  PredictiveConfig config = baseConfig(PoolId::kLive);
  config.min_history = kHour;
  auto f = scripted([](TimeNs) { return 300.0; }, 1.25, log);
  f->failFits();
  Harness h(config, std::move(f));
  h.runUntil(kHour - kPeriod);
  EXPECT_TRUE(h.policy().telemetry()->warming_up);
  try {
    h.step();
    FAIL() << "the failed fit was taken for a warm-up";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("forecaster 'fake' failed to fit on 12 intervals"),
              std::string::npos)
        << e.what();
    EXPECT_NE(std::string(e.what()).find("cannot fit"), std::string::npos) << e.what();
  }
}

TEST(Predictive, RejectsKeepingLessHistoryThanTheForecasterNeeds) {
  PredictiveConfig config = baseConfig(PoolId::kLive);
  config.min_history = kHour;
  config.history_kept = 2 * kHour;
  config.refit_period = 0;
  auto f = scripted([](TimeNs) { return 300.0; }, 1.25, std::make_shared<FakeLog>());
  f->needs(36);
  try {
    PredictivePolicy policy(config, std::move(f));
    FAIL() << "accepted a history_kept the forecaster cannot fit on";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("history_kept"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("needs 36"), std::string::npos) << e.what();
  }
}

TEST(Predictive, AggregatesDemandIntoIntervalsWithTheirCalendarAndEvents) {
  auto log = std::make_shared<FakeLog>();
  PredictiveConfig config = baseConfig(PoolId::kLive);
  config.period = 2 * kMinute;  // ticks straddle the 5-minute boundaries
  config.min_history = kInterval;
  auto f = scripted([](TimeNs) { return 10.0; }, 1.25, log);
  PredictivePolicy policy(config, std::move(f));
  const Calendar cal(kEpoch + 9 * kHour, 2 * kHour);
  auto rate = [](TimeNs t) { return toSeconds(t) / 60.0; };  // the window ending at t
  for (TimeNs t = config.period; t <= 2 * kHour; t += config.period) {
    Observation obs;
    obs.now = t;
    obs.window = config.period;
    obs.civil = cal.civil(t);
    obs.demand_rate = rate(t);
    obs.event_active = t > 40 * kMinute && t <= 44 * kMinute;
    obs.pools[0].enabled = true;
    obs.pools[0].configured_capacity_rps = kCapacity;
    policy.decide(obs);
  }
  ASSERT_EQ(log->fits, 1);
  ASSERT_GE(log->observed.size(), 20u);
  for (const SeriesPoint& p : log->observed) {
    // Windows end at multiples of 120 s; each contributes its rate for its overlap.
    double expected = 0;
    for (TimeNs end = config.period; end <= 2 * kHour; end += config.period) {
      const TimeNs from = std::max(end - config.period, p.t);
      const TimeNs to = std::min(end, p.t + kInterval);
      if (to > from) {
        expected += rate(end) * toSeconds(to - from);
      }
    }
    EXPECT_NEAR(p.value, expected, 1e-6) << "interval at " << toSeconds(p.t) << " s";
    EXPECT_FALSE(p.missing);
    const CivilTime c = cal.civil(p.t);
    EXPECT_EQ(p.civil.time_of_day, c.time_of_day);
    EXPECT_EQ(p.civil.day_of_week, c.day_of_week);
    EXPECT_EQ(p.civil.day, c.day);
    // The event covered the windows (40, 42] and (42, 44] minutes.
    const bool event = p.t < 44 * kMinute && p.t + kInterval > 40 * kMinute;
    EXPECT_EQ(p.event, event) << "interval at " << toSeconds(p.t) << " s";
  }
}

// Demand for the zero-run tests: 100 requests/s, nothing from 1 h to 4 h, 100 again after.
double outageDemand(TimeNs t) {
  return t >= kHour && t < 4 * kHour ? 0.0 : 100.0;
}

TEST(Predictive, FlagsALongRunOfZeroDemandMissingAsAnOutage) {
  auto log = std::make_shared<FakeLog>();
  PredictiveConfig config = baseConfig(PoolId::kLive);
  config.min_history = kInterval;
  config.refit_period = 5 * kHour;  // the refit after the outage sees the whole run flagged
  config.refit_validation = kHour;
  auto f = scripted([](TimeNs) { return 100.0; }, 1.25, log);
  Harness h(config, std::move(f));
  h.demand = outageDemand;
  h.runUntil(6 * kHour);
  std::size_t zeros = 0, flagged = 0;
  for (const SeriesPoint& p : log->observed) {
    const bool in_outage = p.t >= kHour && p.t < 4 * kHour;
    if (!in_outage) {
      EXPECT_FALSE(p.missing) << "interval at " << toSeconds(p.t) << " s";
      continue;
    }
    EXPECT_EQ(p.value, 0.0);
    ++zeros;
    // The first 23 zero intervals are quiet traffic until the run reaches 2 hours (24).
    EXPECT_EQ(p.missing, p.t >= kHour + 23 * kInterval) << "interval at " << toSeconds(p.t);
    flagged += p.missing ? 1 : 0;
  }
  EXPECT_EQ(zeros, 36u);
  EXPECT_EQ(flagged, 13u);
  // The refit at 5 h learns from a history where the whole 3-hour run is missing.
  ASSERT_GE(log->fits, 2);
  EXPECT_EQ(log->last_fit_missing, 36u);
}

TEST(Predictive, KeepsZeroDemandWhenTheRunIsShortOrTheRuleIsOff) {
  for (const TimeNs rule : {4 * kHour, TimeNs{0}}) {
    auto log = std::make_shared<FakeLog>();
    PredictiveConfig config = baseConfig(PoolId::kLive);
    config.min_history = kInterval;
    config.zero_run_missing = rule;
    Harness h(config, scripted([](TimeNs) { return 100.0; }, 1.25, log));
    h.demand = outageDemand;
    h.runUntil(6 * kHour);
    ASSERT_FALSE(log->observed.empty());
    for (const SeriesPoint& p : log->observed) {
      EXPECT_FALSE(p.missing) << "rule " << toSeconds(rule) << " s, interval at " << toSeconds(p.t)
                              << " s";
    }
  }
}

TEST(Predictive, HandsAnnouncedEventsToTheForecasterForHistoryAndForecasts) {
  auto log = std::make_shared<FakeLog>();
  PredictiveConfig config = baseConfig(PoolId::kLive);
  config.min_history = kInterval;
  PredictivePolicy policy(config, scripted([](TimeNs) { return 10.0; }, 1.25, log));
  // x3 from 60 min: a 10-minute ramp, a plateau, a 10-minute decay ending at 100 min.
  const std::vector<TrafficEvent> events{
      {"launch", 60 * kMinute, 100 * kMinute, 3.0, 10 * kMinute, 10 * kMinute}};
  const Calendar cal(kEpoch, 0);
  std::vector<SeriesPoint> calendar_at_50;
  for (TimeNs t = config.period; t <= 2 * kHour; t += config.period) {
    Observation obs;
    obs.now = t;
    obs.window = config.period;
    obs.civil = cal.civil(t);
    obs.demand_rate = 10;
    obs.announced_events = events;
    obs.pools[0].enabled = true;
    obs.pools[0].configured_capacity_rps = kCapacity;
    policy.decide(obs);
    if (t == 50 * kMinute) {
      calendar_at_50 = log->last_calendar;
    }
  }
  // At 50 min the forecast covers 50..50 + 5 k min: the ramp's intervals at their mean.
  ASSERT_GE(calendar_at_50.size(), 4u);
  EXPECT_EQ(calendar_at_50[0].t, 50 * kMinute);
  EXPECT_DOUBLE_EQ(calendar_at_50[0].event_multiplier, 1.0);
  EXPECT_FALSE(calendar_at_50[0].event);
  EXPECT_NEAR(calendar_at_50[2].event_multiplier, 1.5, 1e-9);  // 60-65 min: a quarter up
  EXPECT_NEAR(calendar_at_50[3].event_multiplier, 2.5, 1e-9);  // 65-70 min: three quarters
  EXPECT_TRUE(calendar_at_50[3].event);
  for (const SeriesPoint& p : log->observed) {
    const double expected = p.t >= 70 * kMinute && p.t < 90 * kMinute ? 3.0 : -1;
    if (expected > 0) {
      EXPECT_DOUBLE_EQ(p.event_multiplier, expected) << toSeconds(p.t);
    }
    if (p.t + kInterval <= 60 * kMinute || p.t >= 100 * kMinute) {
      EXPECT_DOUBLE_EQ(p.event_multiplier, 1.0) << toSeconds(p.t);
    }
  }
}

TEST(Predictive, ReportsTheForecastMadeOneLeadTimeAgo) {
  // The fake forecasts the time it was asked (in seconds) as the rate, so the telemetry shows
  // which forecast it reports.
  auto made = std::make_shared<double>(0);
  PredictiveConfig config = baseConfig(PoolId::kLive);
  config.startup_delay = 8 * kMinute;  // L = 9 minutes
  auto f = scripted([made](TimeNs) { return *made; }, 2.0);
  Harness h(config, std::move(f));
  const TimeNs lead = h.policy().leadTime();
  int checked = 0;
  while (h.now() < 3 * kHour) {
    *made = toSeconds(h.now() + kPeriod);
    h.step();
    const PolicyTelemetry& t = *h.policy().telemetry();
    if (h.now() < kHour + lead) {
      EXPECT_TRUE(std::isnan(t.forecast_p50_rps)) << "at " << toSeconds(h.now()) << " s";
      continue;
    }
    // Forecasts are made as each interval closes; the one reported is the newest at least L old.
    const TimeNs expected = (h.now() - lead) / kInterval * kInterval;
    EXPECT_DOUBLE_EQ(t.forecast_p50_rps, toSeconds(expected)) << "at " << toSeconds(h.now());
    EXPECT_DOUBLE_EQ(t.forecast_upper_rps, 2 * toSeconds(expected));
    ++checked;
  }
  EXPECT_GT(checked, 100);
}

TEST(Predictive, HistoryStaysBoundedAndTheFeedbackLoopKeepsTheLastGoodModel) {
  for (double refit_bias : {40.0, 1.0}) {
    auto log = std::make_shared<FakeLog>();
    auto f = std::make_unique<FakeForecaster>(kInterval, 12, log);
    f->biased(10, refit_bias);  // in requests per interval
    PredictiveConfig config = baseConfig(PoolId::kLive);
    config.period = kInterval;
    config.history_kept = 2 * kDay;
    config.refit_period = kDay;
    config.refit_validation = 6 * kHour;
    Harness h(config, std::move(f));
    h.runUntil(3 * kDay + kInterval);
    EXPECT_EQ(h.policy().historySize(), 2 * 288u);
    // Fitted at 1 h, refitted at 25 h and 49 h.
    const PolicyTelemetry& t = *h.policy().telemetry();
    EXPECT_EQ(log->fits, 3);
    if (refit_bias > 10) {
      EXPECT_EQ(t.refits_rejected, 2);
      EXPECT_EQ(t.refits_accepted, 0);
      EXPECT_DOUBLE_EQ(h.policy().keeper().currentMae(), 10.0);
    } else {
      EXPECT_EQ(t.refits_accepted, 2);
      EXPECT_EQ(t.refits_rejected, 0);
      EXPECT_DOUBLE_EQ(h.policy().keeper().currentMae(), 1.0);
    }
  }
}

// --- configuration ---

std::string problemOf(PredictiveConfig config, std::unique_ptr<Forecaster> f) {
  try {
    PredictivePolicy p(std::move(config), std::move(f));
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(Predictive, RejectsBadSettingsNamingTheField) {
  EXPECT_TRUE(checkPredictiveConfig(PredictiveConfig{}).empty());
  auto fake = [] { return scripted([](TimeNs) { return 1.0; }); };
  PredictiveConfig c = baseConfig(PoolId::kShadow);
  EXPECT_EQ(problemOf(c, fake()), "");

  PredictiveConfig q = c;
  q.upper_quantile = 0.95;
  EXPECT_NE(problemOf(q, fake()).find("predictive.upper_quantile: 0.95 is not among the "
                                      "forecaster's quantiles (0.1, 0.5, 0.9)"),
            std::string::npos);
  PredictiveConfig i = c;
  i.forecast_interval = 15 * kMinute;
  EXPECT_NE(problemOf(i, fake()).find("predictive.forecast_interval"), std::string::npos);
  PredictiveConfig w = c;
  w.scale_in_window = 2 * kHour;  // beyond the fake's 12 intervals
  EXPECT_NE(problemOf(w, fake()).find("predictive.forecaster.horizon"), std::string::npos);
  PredictiveConfig m = c;
  m.min_instances = 5;
  m.max_instances = 3;
  EXPECT_NE(problemOf(m, fake()).find("predictive.max_instances"), std::string::npos);
  PredictiveConfig v = c;
  v.refit_validation = 5 * kMinute;
  EXPECT_NE(problemOf(v, fake()).find("predictive.refit_validation"), std::string::npos);
  PredictiveConfig k = c;
  k.history_kept = 12 * kHour;
  EXPECT_NE(problemOf(k, fake()).find("predictive.history_kept"), std::string::npos);
  PredictiveConfig hy = c;
  hy.mode = PredictiveMode::kHybrid;
  hy.hpa.max_replicas = 0;
  EXPECT_NE(problemOf(hy, fake()).find("predictive.hpa.max_replicas"), std::string::npos);
  PredictiveConfig u = c;
  u.target_utilization = 1.5;
  EXPECT_NE(problemOf(u, fake()).find("predictive.target_utilization"), std::string::npos);
  EXPECT_NE(problemOf(c, nullptr).find("predictive.forecaster: missing"), std::string::npos);
  // Several problems: the first is named, the rest counted.
  PredictiveConfig many = c;
  many.period = 0;
  many.min_instances = -1;
  EXPECT_NE(problemOf(many, fake()).find("(and 1 more)"), std::string::npos);
}

TEST(Predictive, DerivesTheForecasterSpecAndStartupDelay) {
  PredictiveConfig c;
  c.forecast_interval = 10 * kMinute;
  c.startup_delay = 20 * kMinute;
  c.scale_in_window = kHour;
  c.forecaster.kind = "holt-winters";
  c.forecaster.horizon = 3;
  const ForecasterSpec s = forecasterSpecFor(c);
  EXPECT_EQ(s.kind, "holt-winters");
  EXPECT_EQ(s.interval, 10 * kMinute);
  // L = 21 min, + 1 min period + 60 min window = 82 min: 9 intervals, plus the partial one.
  EXPECT_EQ(requiredHorizon(c), 10);
  EXPECT_EQ(s.horizon, 10);
  EXPECT_EQ(backtestHorizon(c), 3);

  InstanceModel im;
  im.provisioning = {5 * kSecond, 8 * kSecond};
  im.startup = {30 * kSecond, 90 * kSecond};
  EXPECT_EQ(startupDelayOf(im), 98 * kSecond);
  im.startup = {20 * kSecond, 0, true};  // exponential: p99 = mean * ln 100
  EXPECT_NEAR(toSeconds(startupDelayOf(im)), 8 + 20 * std::log(100.0), 1e-6);
}

}  // namespace
}  // namespace shadowscale
