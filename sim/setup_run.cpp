#include "sim/setup_run.h"

#include "sim/engine.h"

#include <algorithm>
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <memory>
#include <unordered_map>
#include <variant>

#include "core/metrics/billing.h"
#include "core/metrics/elasticity.h"
#include "core/metrics/latency_histogram.h"
#include "core/metrics/scaling_lag.h"
#include "core/metrics/slo_tracker.h"
#include "core/proxy_core.h"
#include "core/text.h"
#include "core/time_text.h"
#include "models/lstm_loader.h"
#include "replay/traffic_factory.h"
#include "sim/db_pool.h"
#include "sim/event_queue.h"
#include "sim/policy_factory.h"
#include "sim/sim_pool.h"

namespace shadowscale {

namespace {

// How often demand and supply are sampled for scaling lag and the elasticity metrics.
constexpr TimeNs kSamplePeriod = 15 * kSecond;
// Requests handed from the source to the run loop at once.
constexpr std::size_t kBatch = 4096;
// A loaded model trained on traffic more than this many times heavier or lighter than the run's
// learned another scale.
constexpr double kLevelRatioNoted = 3;

// Cumulative request counts of one pool.
struct Counters {
  std::uint64_t primary = 0, ok = 0, rejected = 0, timed_out = 0;
  std::uint64_t mirror = 0, mirror_ok = 0, mirror_failed = 0;
  std::uint64_t failed() const { return rejected + timed_out; }
};

// "2026-03-02T00:00:00Z": the whole second an interval starts in.
std::string utcIso(TimeNs unix_ns) {
  const TimeNs into_second = ((unix_ns % kSecond) + kSecond) % kSecond;
  return formatUtc(unix_ns - into_second);
}

}  // namespace

// Everything one run owns; lives only while run() executes.
struct SetupRun::State {
  State(const Scenario& sc, const SetupSpec& setup, std::unique_ptr<TrafficSource> src)
      : scenario(sc),
        setup(setup),
        billing(sc.cost),
        db(sc.db_pool_size),
        core(proxyConfig(setup), Rng::stream(sc.seed, "proxy." + setup.name)),
        source(std::move(src)),
        slo(sc.slo),
        lag(std::max(sc.live.max_instances + (setup.shadow_pool ? sc.shadow.max_instances : 0),
                     1)) {
    // Every setup sees the same traffic: the source's stream depends on the run seed only.
    pools[0] = std::make_unique<SimPool>(PoolId::kLive, sc.live, Rng::stream(sc.seed, "pool.live"),
                                         events, db, billing);
    if (setup.shadow_pool) {
      pools[1] = std::make_unique<SimPool>(
          PoolId::kShadow, sc.shadow, Rng::stream(sc.seed, "pool.shadow"), events, db, billing);
    }
    end = sc.traffic.duration > 0 ? sc.traffic.duration : source->duration();
    calendar = Calendar(source->epoch(), 0);
  }

  static ProxyConfig proxyConfig(const SetupSpec& setup) {
    ProxyConfig c = setup.proxy;
    if (!setup.shadow_pool) {
      c.mirror_fraction = 0;
      c.initial_shadow_weight = 0;
    }
    return c;
  }

  // The hot loop body: route one request, serve it, record it.
  void handle(const Request& r) {
    const TimeNs t = r.arrival;
    SimPool& live = *pools[0];
    SimPool* shadow = pools[1].get();
    const RouteDecision d = core.route(t, live.hasReady(), shadow != nullptr && shadow->hasReady());
    const int p = index(d.primary);
    SimPool& pool = p == 0 ? live : *shadow;
    const ServiceResult res = pool.dispatch(r, t);
    Counters& c = counters[p];
    ++c.primary;
    const bool judged = t >= scenario.warmup;
    switch (res.outcome) {
      case Outcome::kOk:
        ++c.ok;
        interval_hist[p].record(res.latency);
        if (judged) {
          slo.record(res.latency, true);
        }
        break;
      case Outcome::kTimedOut:
        ++c.timed_out;
        interval_hist[p].record(res.latency);
        if (judged) {
          slo.record(res.latency, false);
        }
        break;
      case Outcome::kRejected:
        ++c.rejected;
        if (judged) {
          slo.record(0, false);
        }
        break;
    }
    if (d.mirror && shadow != nullptr) {
      // Fire and forget: the copy's result is only measured, never returned to a client.
      const ServiceResult m = shadow->dispatch(r, t);
      Counters& s = counters[1];
      ++s.mirror;
      if (m.outcome == Outcome::kOk) {
        ++s.mirror_ok;
        if (t >= scenario.warmup) {
          mirror_hist.record(m.latency);
        }
      } else {
        ++s.mirror_failed;
      }
    }
  }

  // Instances needed to serve `rate` requests/s within the SLO (docs/metrics.md).
  int demandInstances(double rate) const {
    return shadowscale::demandInstances(rate, pools[0]->capacityPerInstance(),
                                        scenario.slo.utilization_at_slo);
  }

  // Ready instances that serve primaries now.
  int supplyInstances(TimeNs now) const {
    const double w = core.shadowWeight(now);
    int s = 0;
    if (w < 1.0 || !pools[1]) {
      s += pools[0]->readyCount();
    }
    if (pools[1] && w > 0.0) {
      s += pools[1]->readyCount();
    }
    return s;
  }

  std::uint64_t primaries() const { return counters[0].primary + counters[1].primary; }

  void sample(TimeNs now) {
    const double rate =
        static_cast<double>(primaries() - primaries_at_sample) / toSeconds(now - last_sample);
    const int d = demandInstances(rate);
    const int s = supplyInstances(now);
    if (now > scenario.warmup) {
      lag.observe(now, d, s);
      elasticity.add(now - std::max(last_sample, scenario.warmup), d, s);
    }
    last_sample = now;
    primaries_at_sample = primaries();
  }

  void tick(std::size_t i, TimeNs now) {
    PolicySlot& slot = policy_slots[i];
    Observation obs;
    obs.now = now;
    obs.window = now - slot.last_tick;
    obs.civil = calendar.civil(now);
    obs.db_pool_size = db.size();
    obs.shadow_weight = core.shadowWeight(now);
    obs.shadow_weight_target = core.targetShadowWeight();
    const double window_s = std::max(toSeconds(obs.window), 1e-9);
    std::uint64_t demand = 0;
    for (int p = 0; p < kPoolCount; ++p) {
      const Counters& c = counters[p];
      const Counters& b = slot.before[p];
      demand += c.primary - b.primary;
      if (!pools[p]) {
        continue;
      }
      PoolView& v = obs.pools[p];
      const auto& occupied = slot.occupied[p];
      pools[p]->fillView(v, now, obs.window, [&occupied](std::uint64_t id) {
        auto it = occupied.find(id);
        return it == occupied.end() ? TimeNs{0} : it->second;
      });
      const auto sent = static_cast<double>((c.primary - b.primary) + (c.mirror - b.mirror));
      v.arrival_rate = static_cast<double>(c.primary - b.primary) / window_s;
      v.mirror_rate = static_cast<double>(c.mirror - b.mirror) / window_s;
      v.served_rate = static_cast<double>((c.ok - b.ok) + (c.mirror_ok - b.mirror_ok)) / window_s;
      const auto failed =
          static_cast<double>((c.failed() - b.failed()) + (c.mirror_failed - b.mirror_failed));
      v.error_rate = sent > 0 ? failed / sent : 0.0;
    }
    obs.demand_rate = static_cast<double>(demand) / window_s;
    for (const auto& e : source->events()) {
      obs.event_active = obs.event_active || (now >= e.start && now < e.end);
    }
    obs.announced_events = source->events();

    const Decision dec = slot.policy->decide(obs);
    apply(dec, now);

    slot.last_tick = now;
    for (int p = 0; p < kPoolCount; ++p) {
      slot.before[p] = counters[p];
    }
    for (int p = 0; p < kPoolCount; ++p) {
      // Instance ids are unique within a pool, so each pool has its own map.
      auto& occupied = slot.occupied[p];
      occupied.clear();
      if (pools[p]) {
        pools[p]->forEachInstance(
            [&](const SimInstance& in) { occupied[in.id] = in.occupiedUpTo(now); });
      }
    }
  }

  void apply(const Decision& dec, TimeNs now) {
    for (int p = 0; p < kPoolCount; ++p) {
      if (!pools[p]) {
        continue;
      }
      if (dec.cpu_per_instance[p]) {
        pools[p]->setCpu(*dec.cpu_per_instance[p], now);
      }
      if (dec.instances[p]) {
        pools[p]->setDesired(*dec.instances[p], now);
      }
    }
    if (dec.db_pool_size) {
      db.resize(*dec.db_pool_size, now);
    }
    if (dec.shadow_weight && pools[1]) {
      core.setShadowWeight(*dec.shadow_weight, now);
    }
  }

  void closeInterval(TimeNs now, std::ostream* rows) {
    const TimeNs start = now - scenario.interval;
    double cost[kPoolCount] = {0, 0};
    for (int p = 0; p < kPoolCount; ++p) {
      const double accrued = billing.accrued(static_cast<PoolId>(p), now).cost;
      cost[p] = accrued - accrued_cost[p];
      accrued_cost[p] = accrued;
    }
    LatencyHistogram& all = interval_all;
    all.reset();
    for (int p = 0; p < kPoolCount; ++p) {
      all.merge(interval_hist[p]);
      if (start >= scenario.warmup) {
        run_hist[p].merge(interval_hist[p]);
      }
      interval_hist[p].reset();
    }
    if (rows != nullptr) {
      const double secs = toSeconds(scenario.interval);
      std::uint64_t prim[kPoolCount], failed = 0;
      for (int p = 0; p < kPoolCount; ++p) {
        prim[p] = counters[p].primary - row_before[p].primary;
        failed += counters[p].failed() - row_before[p].failed();
      }
      const std::uint64_t total = prim[0] + prim[1];
      const std::uint64_t mirrored = counters[1].mirror - row_before[1].mirror;
      char buf[640];
      int n = std::snprintf(
          buf, sizeof buf, "%s,%.0f,%s,%.4f,%.4f,%.4f,%.4f,%" PRIu64 ",%.6f,%.3f,%.3f,%.3f,%.3f",
          setup.name.c_str(), toSeconds(start), utcIso(calendar.epoch() + start).c_str(),
          static_cast<double>(total) / secs, static_cast<double>(prim[0]) / secs,
          static_cast<double>(prim[1]) / secs, static_cast<double>(mirrored) / secs, failed,
          total > 0 ? static_cast<double>(failed) / static_cast<double>(total) : 0.0,
          toMillis(all.percentile(0.5)), toMillis(all.percentile(0.9)),
          toMillis(all.percentile(0.99)), toMillis(all.max()));
      for (int p = 0; p < kPoolCount; ++p) {
        std::array<int, 4> s{};
        double cpu = 0;
        if (pools[p]) {
          s = pools[p]->stateCounts();
          cpu = pools[p]->cpu();
        }
        n += std::snprintf(buf + n, sizeof buf - n, ",%d,%d,%d,%d,%.2f", s[0], s[1], s[2], s[3],
                           cpu);
      }
      n += std::snprintf(buf + n, sizeof buf - n, ",%.4f,%.6f,%.6f", core.shadowWeight(now),
                         cost[0], cost[1]);
      const PolicyTelemetry* tel = telemetry();
      if (tel != nullptr && std::isfinite(tel->forecast_p50_rps)) {
        n += std::snprintf(buf + n, sizeof buf - n, ",%.4f,%.4f,%d\n", tel->forecast_p50_rps,
                           tel->forecast_upper_rps, tel->would_instances);
      } else {
        n += std::snprintf(buf + n, sizeof buf - n, ",,,%d\n", tel ? tel->would_instances : 0);
      }
      rows->write(buf, n);
    }
    scoreForecast(now);
    for (int p = 0; p < kPoolCount; ++p) {
      row_before[p] = counters[p];
    }
    for (int p = 0; p < kPoolCount; ++p) {
      if (pools[p]) {
        const auto s = pools[p]->stateCounts();
        max_instances[p] = std::max(max_instances[p], s[0] + s[1] + s[2] + s[3]);
      }
    }
  }

  // The telemetry of the setup's first policy that reports one (the predictive policy).
  const PolicyTelemetry* telemetry() const {
    for (const auto& slot : policy_slots) {
      if (const PolicyTelemetry* t = slot.policy->telemetry()) {
        return t;
      }
    }
    return nullptr;
  }

  // Scores the forecast made for this interval against the demand that came.
  void scoreForecast(TimeNs now) {
    const PolicyTelemetry* tel = telemetry();
    if (tel == nullptr || !std::isfinite(tel->forecast_p50_rps)) {
      return;
    }
    const double actual = static_cast<double>((counters[0].primary - row_before[0].primary) +
                                              (counters[1].primary - row_before[1].primary)) /
                          toSeconds(scenario.interval);
    const double f = tel->forecast_p50_rps;
    forecast_n += 1;
    forecast_abs_error += std::fabs(actual - f);
    forecast_smape += (actual + f) > 0 ? 2.0 * std::fabs(actual - f) / (actual + f) : 0.0;
    forecast_covered += actual <= tel->forecast_upper_rps ? 1 : 0;
    actual_sum += actual;
    (void)now;
  }

  // One policy and what it saw at its last tick.
  struct PolicySlot {
    std::unique_ptr<ScalingPolicy> policy;
    TimeNs last_tick = 0;
    Counters before[kPoolCount];
    std::unordered_map<std::uint64_t, TimeNs> occupied[kPoolCount];  // per pool, by instance id
  };

  const Scenario& scenario;
  const SetupSpec& setup;
  EventQueue events;
  Billing billing;
  DbPool db;
  std::unique_ptr<SimPool> pools[kPoolCount];
  ProxyCore core;
  std::unique_ptr<TrafficSource> source;
  Calendar calendar;
  TimeNs end = 0;
  Counters counters[kPoolCount];
  Counters row_before[kPoolCount];
  Counters warmup_end[kPoolCount];  // counts when the warm-up ended (zero without one)
  LatencyHistogram interval_hist[kPoolCount];
  LatencyHistogram run_hist[kPoolCount];
  LatencyHistogram interval_all;
  LatencyHistogram mirror_hist;
  SloTracker slo;
  ScalingLagTracker lag;
  ElasticityTracker elasticity;
  std::vector<PolicySlot> policy_slots;
  TimeNs last_sample = 0;
  std::uint64_t primaries_at_sample = 0;
  int max_instances[kPoolCount] = {0, 0};
  double accrued_cost[kPoolCount] = {0, 0};
  // Forecast accuracy over the run, interval by interval.
  std::uint64_t forecast_n = 0, forecast_covered = 0;
  double forecast_abs_error = 0, forecast_smape = 0;
  double actual_sum = 0;  // demand (requests/s) summed over the scored intervals
  // The recurring events (interval close, SLO minute, sampler, policy ticks): each re-arms itself
  // with its own std::function, so they live here, as long as the run.
  std::vector<std::unique_ptr<std::function<void(TimeNs)>>> recurring;

  // Runs `action` every `period` from `period` on while the run lasts.
  void every(TimeNs period, std::function<void(TimeNs)> action) {
    auto event = std::make_unique<std::function<void(TimeNs)>>();
    std::function<void(TimeNs)>* self = event.get();
    *event = [this, period, self, action = std::move(action)](TimeNs t) {
      action(t);
      if (t + period <= end) {
        events.schedule(t + period, *self);
      }
    };
    events.schedule(period, *self);
    recurring.push_back(std::move(event));
  }

  // Pool p's counts after the warm-up.
  Counters judged(int p) const {
    Counters c = counters[p];
    const Counters& w = warmup_end[p];
    c.primary -= w.primary;
    c.ok -= w.ok;
    c.rejected -= w.rejected;
    c.timed_out -= w.timed_out;
    c.mirror -= w.mirror;
    c.mirror_ok -= w.mirror_ok;
    c.mirror_failed -= w.mirror_failed;
    return c;
  }
};

SetupRun::SetupRun(const Scenario& scenario, const SetupSpec& setup)
    : scenario_(scenario), setup_(setup) {}

SetupRun::~SetupRun() = default;

std::string SetupRun::csvHeader() {
  return "setup,time_s,time_utc,demand_rps,live_rps,shadow_rps,mirror_rps,errors,error_rate,"
         "p50_ms,p90_ms,p99_ms,max_ms,"
         "live_provisioning,live_starting,live_ready,live_draining,live_cpu,"
         "shadow_provisioning,shadow_starting,shadow_ready,shadow_draining,shadow_cpu,"
         "shadow_weight,cost_live,cost_shadow,forecast_p50_rps,forecast_upper_rps,"
         "forecast_instances\n";
}

SetupResult SetupRun::run() {
  const std::string base = std::filesystem::path(scenario_.source_path).parent_path().string();
  std::vector<std::string> routes;
  for (const RouteModel& r : scenario_.live.instance.routes) {
    routes.push_back(r.name);
  }
  // On the heap: the histograms make the state too big for a worker thread's stack.
  const auto state = std::make_unique<State>(
      scenario_, setup_, makeTrafficSource(scenario_.traffic, scenario_.seed, base, routes));
  State& s = *state;
  start(s);
  simulate(s);
  return summarise(s);
}

void SetupRun::start(State& s) {
  s.pools[0]->startReady(scenario_.live.initial_instances, 0);
  if (s.pools[1]) {
    s.pools[1]->startReady(scenario_.shadow.initial_instances, 0);
  }
  for (auto& policy : makePolicies(setup_)) {
    State::PolicySlot slot;
    slot.policy = std::move(policy);
    s.policy_slots.push_back(std::move(slot));
  }
  const TimeNs end = s.end;
  s.every(scenario_.interval, [this, &s, end](TimeNs t) {
    s.closeInterval(t, rows_);
    if (progress_ != nullptr) {
      progress_->store(static_cast<double>(t) / static_cast<double>(end));
    }
    if (cancel_ != nullptr && cancel_->load()) {
      throw RunCancelled();
    }
  });
  s.every(kMinute, [this, &s](TimeNs t) {
    const SloMinute m = s.slo.closeMinute();
    if (minute_sink_) {
      minute_sink_(t, m);
    }
  });
  s.every(kSamplePeriod, [&s](TimeNs t) { s.sample(t); });
  for (std::size_t i = 0; i < s.policy_slots.size(); ++i) {
    const TimeNs period = std::max<TimeNs>(s.policy_slots[i].policy->period(), kMillisecond);
    s.every(period, [&s, i](TimeNs t) { s.tick(i, t); });
  }
  if (scenario_.warmup > 0) {
    s.events.schedule(scenario_.warmup, [&s](TimeNs) {
      for (int p = 0; p < kPoolCount; ++p) {
        s.warmup_end[p] = s.counters[p];
      }
    });
  }
}

void SetupRun::simulate(State& s) {
  std::vector<Request> batch(kBatch);
  while (true) {
    const TimeNs next_event = s.events.nextTime();
    const TimeNs until = std::min(next_event, s.end);
    const std::size_t n = s.source->next(until, batch);
    if (n > 0) {
      for (std::size_t i = 0; i < n; ++i) {
        s.handle(batch[i]);
      }
      continue;
    }
    if (next_event > s.end) {
      break;
    }
    s.events.runNext();
  }
  for (auto& pool : s.pools) {
    if (pool) {
      pool->stopAll(s.end);
    }
  }
  s.lag.finish(s.end);
}

SetupResult SetupRun::summarise(State& s) const {
  SetupResult r;
  r.name = setup_.name;
  summariseRequests(s, r);
  const LagSummary lag = s.lag.summary();
  r.set("scaling_lag_events", static_cast<double>(lag.count));
  r.set("scaling_lag_p50_s", toSeconds(lag.p50));
  r.set("scaling_lag_p90_s", toSeconds(lag.p90));
  r.set("scaling_lag_max_s", toSeconds(lag.max));
  r.set("scaling_lag_unresolved", static_cast<double>(lag.unresolved));
  r.set("theta_u", s.elasticity.thetaU());
  r.set("theta_o", s.elasticity.thetaO());
  r.set("tau_u", s.elasticity.tauU());
  r.set("tau_o", s.elasticity.tauO());
  const PoolBill& bill_live = s.billing.bill(PoolId::kLive);
  const PoolBill& bill_shadow = s.billing.bill(PoolId::kShadow);
  r.set("instance_hours", bill_live.instance_hours + bill_shadow.instance_hours);
  r.set("instance_hours_live", bill_live.instance_hours);
  r.set("instance_hours_shadow", bill_shadow.instance_hours);
  r.set("cost_live", bill_live.cost);
  r.set("cost_shadow", bill_shadow.cost);
  r.set("cost_total", bill_live.cost + bill_shadow.cost);
  r.set("max_instances_live", s.max_instances[0]);
  r.set("max_instances_shadow", s.max_instances[1]);
  const Counters shadow = s.judged(1);
  r.set("mirror_p99_ms", toMillis(s.mirror_hist.percentile(0.99)));
  r.set("mirror_error_rate",
        shadow.mirror > 0 ? static_cast<double>(shadow.mirror_failed) / shadow.mirror : 0.0);
  summariseForecasts(s, r);
  for (const auto& slot : s.policy_slots) {
    for (std::string& note : slot.policy->notes()) {
      r.notes.push_back(std::move(note));
    }
  }
  if (std::string note = loadedModelNote(s, r); !note.empty()) {
    r.notes.push_back(std::move(note));
  }
  for (const TrafficGap& g : s.source->gaps()) {
    r.traffic_gaps.emplace_back(s.calendar.epoch() + g.start, s.calendar.epoch() + g.end);
  }
  return r;
}

void SetupRun::summariseRequests(State& s, SetupResult& r) const {
  LatencyHistogram all = s.run_hist[0];
  all.merge(s.run_hist[1]);
  const Counters live = s.judged(0);
  const Counters shadow = s.judged(1);
  const std::uint64_t primaries = live.primary + shadow.primary;
  r.simulated_requests = s.counters[0].primary + s.counters[1].primary + s.counters[1].mirror;
  r.set("requests", static_cast<double>(primaries));
  r.set("requests_live", static_cast<double>(live.primary));
  r.set("requests_shadow", static_cast<double>(shadow.primary));
  r.set("mirrored", static_cast<double>(shadow.mirror));
  r.set("p50_ms", toMillis(all.percentile(0.5)));
  r.set("p90_ms", toMillis(all.percentile(0.9)));
  r.set("p99_ms", toMillis(all.percentile(0.99)));
  r.set("p999_ms", toMillis(all.percentile(0.999)));
  r.set("max_ms", toMillis(all.max()));
  r.set("error_rate", s.slo.errorRate());
  r.set("timeouts", static_cast<double>(live.timed_out + shadow.timed_out));
  r.set("rejections", static_cast<double>(live.rejected + shadow.rejected));
  r.set("slo_violation_minutes", static_cast<double>(s.slo.violationMinutes()));
  r.set("slo_over_target_share", s.slo.overTargetShare());
}

std::string SetupRun::loadedModelNote(const State& s, const SetupResult& r) const {
  std::string path;
  for (const PolicySpec& p : setup_.policies) {
    if (const auto* c = std::get_if<PredictiveConfig>(&p)) {
      path = c->forecaster.model_path;
    }
  }
  if (path.empty() || s.forecast_n == 0) {
    return std::string();
  }
  // The traffic's level against the one the model learned (its normalisation: the mean of
  // log1p(count) over its training intervals). A model trained on a trace of another scale
  // reads inputs it never saw; when its forecasts also cover nothing, it forecasts that trace.
  const std::unique_ptr<LstmModel> model = loadLstm(path);
  const double trained_rps =
      std::expm1(model->info().norm_mean) / toSeconds(model->options().interval);
  const double run_rps = s.actual_sum / static_cast<double>(s.forecast_n);
  const double ratio = trained_rps > 0 ? run_rps / trained_rps : INFINITY;
  const double coverage = r.metric("forecast_coverage");
  if (coverage > 0 && ratio >= 1.0 / kLevelRatioNoted && ratio <= kLevelRatioNoted) {
    return std::string();
  }
  char text[200];
  std::snprintf(text, sizeof text,
                " was trained on traffic of about %s requests/s; this run's averaged %s (%.3gx), "
                "and its upper forecast covered %.0f%% of intervals",
                formatReadable(trained_rps).c_str(), formatReadable(run_rps).c_str(), ratio,
                100 * coverage);
  return "the model loaded from " + std::filesystem::path(path).filename().string() + text +
         ": it learned another scale; train it on this traffic (shadowscale train) or scale the "
         "traffic to its (rate_multiplier)";
}

void SetupRun::summariseForecasts(State& s, SetupResult& r) const {
  if (const PolicyTelemetry* tel = s.telemetry()) {
    const double n = static_cast<double>(s.forecast_n);
    r.set("forecast_intervals", n);
    r.set("forecast_mae_rps", n > 0 ? s.forecast_abs_error / n : NAN);
    r.set("forecast_smape", n > 0 ? 100.0 * s.forecast_smape / n : NAN);
    r.set("forecast_coverage", n > 0 ? static_cast<double>(s.forecast_covered) / n : NAN);
    r.set("refits_accepted", tel->refits_accepted);
    r.set("refits_rejected", tel->refits_rejected);
    r.set("lead_time_s", tel->lead_time_s);
  }
}

}  // namespace shadowscale
