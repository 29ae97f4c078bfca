#include "live/real_run.h"

#include <utility>  // first: Boost 1.74's asio/awaitable.hpp uses std::exchange unincluded

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cinttypes>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

#include "core/input_error.h"
#include "core/metrics/elasticity.h"
#include "core/metrics/scaling_lag.h"
#include "core/metrics/slo_tracker.h"
#include "core/time_text.h"
#include "io/atomic_file.h"
#include "live/proxy_server.h"
#include "live/replay_client.h"
#include "live/replay_report.h"
#include "live/traffic_schedule.h"
#include "replay/traffic_factory.h"
#include "report/html_report.h"
#include "sim/report.h"
#include "sim/setup_run.h"

namespace shadowscale {

namespace {

using Steady = std::chrono::steady_clock;

// The client's per-interval latencies, filled by the client's thread and taken by the sampler.
struct IntervalLatency {
  std::mutex mu;
  LatencyHistogram hist;
  std::uint64_t failed = 0;
};

// What a real setup's run adds up over its intervals.
struct RealTotals {
  std::array<int, kPoolCount> max_instances{};
  std::array<double, kPoolCount> instance_hours{};
  std::array<double, kPoolCount> cost{};
};

// How often demand and supply are sampled for scaling lag and the elasticity metrics, in
// scenario time (as the simulator samples them).
constexpr TimeNs kSamplePeriod = 15 * kSecond;

// Watches a real run while its traffic flows, on a thread of its own, in scenario time: every
// scenario interval it writes one intervals.csv row in the columns of a simulated run
// (SetupRun::csvHeader; a column a real run cannot know stays empty), and every kSamplePeriod it
// compares demand (instances the observed rate needs, from the pool's configured capacity, as
// the simulator computes it) with supply (ready instances serving primaries) for scaling lag and
// the elasticity metrics.
class IntervalSampler {
 public:
  // `epoch` is the Unix time of the traffic's time 0, `end` the traffic's length.
  IntervalSampler(const Scenario& scenario, const SetupSpec& setup, double speed, TimeNs epoch,
                  TimeNs end, live::ProxyServer& proxy, IntervalLatency& latency,
                  std::ostream* rows)
      : scenario_(scenario),
        setup_(setup),
        speed_(speed),
        epoch_(epoch),
        end_(end),
        proxy_(proxy),
        latency_(latency),
        rows_(rows),
        lag_(std::max(
            scenario.live.max_instances + (setup.shadow_pool ? scenario.shadow.max_instances : 0),
            1)) {}

  void start() {
    start_ = Steady::now();
    before_ = proxy_.stats().snapshot();
    thread_ = std::thread([this] { loop(); });
  }
  // Closes the last (partial) interval, takes a last sample and stops.
  void stop() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stopping_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }
  const RealTotals& totals() const { return totals_; }
  // Sets the scaling-lag and elasticity metrics (after stop()).
  void setLagMetrics(SetupResult& r) const {
    const LagSummary lag = lag_.summary();
    r.set("scaling_lag_events", static_cast<double>(lag.count));
    r.set("scaling_lag_p50_s", toSeconds(lag.p50));
    r.set("scaling_lag_p90_s", toSeconds(lag.p90));
    r.set("scaling_lag_max_s", toSeconds(lag.max));
    r.set("scaling_lag_unresolved", static_cast<double>(lag.unresolved));
    r.set("theta_u", elasticity_.thetaU());
    r.set("theta_o", elasticity_.thetaO());
    r.set("tau_u", elasticity_.tauU());
    r.set("tau_o", elasticity_.tauO());
  }

 private:
  // Scenario time now: real time since start() times the speed.
  TimeNs scenarioNow() const {
    const auto real = std::chrono::duration_cast<std::chrono::nanoseconds>(Steady::now() - start_);
    return static_cast<TimeNs>(static_cast<double>(real.count()) * speed_);
  }
  Steady::time_point realTime(TimeNs scenario_time) const {
    return start_ + std::chrono::nanoseconds(
                        static_cast<TimeNs>(static_cast<double>(scenario_time) / speed_));
  }

  void loop() {
    const TimeNs interval = scenario_.interval;
    std::int64_t row = 0;
    TimeNs next_sample = kSamplePeriod;
    for (;;) {
      const TimeNs next_row = (row + 1) * interval;
      const TimeNs next = std::min(next_row, next_sample);
      bool last = false;
      {
        std::unique_lock<std::mutex> lock(mu_);
        last = cv_.wait_until(lock, realTime(next), [this] { return stopping_; });
      }
      const TimeNs now = last ? std::max(scenarioNow(), row * interval) : next;
      if (last || now >= next_sample) {
        sample(now);
        next_sample += kSamplePeriod;
      }
      // Rows cover the traffic's length, as a simulated run's do; the last one may be partial.
      if ((last || now >= next_row) && row * interval < end_) {
        const TimeNs row_end = std::min({now, next_row, end_});
        closeInterval(
            row, static_cast<double>(row_end - row * interval) / static_cast<double>(interval));
        ++row;
      }
      if (last) {
        lag_.finish(std::max(now, last_sample_));
        return;
      }
    }
  }

  // Ready instances that serve primaries now (the simulator's supply).
  int supplyInstances() const {
    const double w = proxy_.router().shadowWeight();
    const live::LivePool* live = proxy_.pool(PoolId::kLive);
    const live::LivePool* shadow = proxy_.pool(PoolId::kShadow);
    int s = 0;
    if (w < 1.0 || shadow == nullptr) {
      s += live->readyCount();
    }
    if (shadow != nullptr && w > 0.0) {
      s += shadow->readyCount();
    }
    return s;
  }

  void sample(TimeNs now) {
    const live::TrafficSnapshot snap = proxy_.stats().snapshot();
    const std::uint64_t primaries = snap.pools[0].primary + snap.pools[1].primary;
    if (now > last_sample_) {
      const double rate =
          static_cast<double>(primaries - primaries_at_sample_) / toSeconds(now - last_sample_);
      const int d = demandInstances(rate, proxy_.pool(PoolId::kLive)->configuredCapacityRps(),
                                    scenario_.slo.utilization_at_slo);
      const int s = supplyInstances();
      if (now > scenario_.warmup) {
        lag_.observe(now, d, s);
        elasticity_.add(now - std::max(last_sample_, scenario_.warmup), d, s);
      }
    }
    last_sample_ = now;
    primaries_at_sample_ = primaries;
  }

  void closeInterval(std::int64_t index, double fraction) {
    const double secs = toSeconds(scenario_.interval) * std::max(fraction, 1e-9);
    const live::TrafficSnapshot now = proxy_.stats().snapshot();
    std::uint64_t prim[kPoolCount], failed = 0;
    for (int p = 0; p < kPoolCount; ++p) {
      prim[p] = now.pools[p].primary - before_.pools[p].primary;
      failed += now.pools[p].failed - before_.pools[p].failed;
    }
    const std::uint64_t mirrored = now.pools[1].mirror_sent - before_.pools[1].mirror_sent;
    before_ = now;
    LatencyHistogram hist;
    {
      std::lock_guard<std::mutex> lock(latency_.mu);
      hist = latency_.hist;
      latency_.hist.reset();
    }
    const std::uint64_t total = prim[0] + prim[1];
    const TimeNs start = index * scenario_.interval;
    const std::string utc = formatUtc(epoch_ + start);
    char buf[768];
    int n = std::snprintf(
        buf, sizeof buf, "%s,%.0f,%s,%.4f,%.4f,%.4f,%.4f,%" PRIu64 ",%.6f,%.3f,%.3f,%.3f,%.3f",
        setup_.name.c_str(), toSeconds(start), utc.c_str(), static_cast<double>(total) / secs,
        static_cast<double>(prim[0]) / secs, static_cast<double>(prim[1]) / secs,
        static_cast<double>(mirrored) / secs, failed,
        total > 0 ? static_cast<double>(failed) / static_cast<double>(total) : 0.0,
        toMillis(hist.percentile(0.5)), toMillis(hist.percentile(0.9)),
        toMillis(hist.percentile(0.99)), toMillis(hist.max()));
    double cost[kPoolCount] = {0, 0};
    for (int p = 0; p < kPoolCount; ++p) {
      std::array<int, 4> s{};
      double cpu = 0;
      if (live::LivePool* pool = proxy_.pool(static_cast<PoolId>(p))) {
        s = pool->stateCounts();
        cpu = pool->spec().cpu_per_instance;
      }
      // Instances running (starting, ready or draining) are paid for, as the simulator bills.
      const int running = s[1] + s[2] + s[3];
      totals_.max_instances[p] = std::max(totals_.max_instances[p], s[2]);
      const double hours = running * secs / 3600.0;
      totals_.instance_hours[p] += hours;
      cost[p] = hours * cpu * scenario_.cost.price_per_cpu_hour;
      totals_.cost[p] += cost[p];
      n += std::snprintf(buf + n, sizeof buf - n, ",%d,%d,%d,%d,%.2f", s[0], s[1], s[2], s[3], cpu);
    }
    n += std::snprintf(buf + n, sizeof buf - n, ",%.4f,%.6f,%.6f", proxy_.router().shadowWeight(),
                       cost[0], cost[1]);
    // The forecast a predictive policy made for now, as a simulated run writes it.
    const std::optional<PolicyTelemetry> tel = proxy_.forecast();
    if (tel && std::isfinite(tel->forecast_p50_rps)) {
      n += std::snprintf(buf + n, sizeof buf - n, ",%.4f,%.4f,%d\n", tel->forecast_p50_rps,
                         tel->forecast_upper_rps, tel->would_instances);
    } else {
      n += std::snprintf(buf + n, sizeof buf - n, ",,,\n");
    }
    if (rows_ != nullptr) {
      rows_->write(buf, n);
    }
  }

  const Scenario& scenario_;
  const SetupSpec& setup_;
  double speed_;
  TimeNs epoch_;
  TimeNs end_;
  live::ProxyServer& proxy_;
  IntervalLatency& latency_;
  std::ostream* rows_;
  Steady::time_point start_;
  live::TrafficSnapshot before_;
  RealTotals totals_;
  ScalingLagTracker lag_;
  ElasticityTracker elasticity_;
  TimeNs last_sample_ = 0;
  std::uint64_t primaries_at_sample_ = 0;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread thread_;
};

std::vector<std::string> routeNames(const Scenario& scenario) {
  std::vector<std::string> names;
  for (const RouteModel& r : scenario.live.instance.routes) {
    names.push_back(r.name);
  }
  return names;
}

// The traffic of a real run, cut short once the setup's scaling policy has failed: the run
// fails then anyway, and a long run would otherwise go on sending for hours. It is checked as
// each request comes due, so sparse traffic stops at its next request.
class UntilPolicyFails final : public RequestSchedule {
 public:
  UntilPolicyFails(RequestSchedule& traffic, const live::ProxyServer& proxy)
      : traffic_(traffic), proxy_(proxy) {}

  TimeNs nextDue() override { return stopped() ? kNever : traffic_.nextDue(); }
  bool next(ReplayRequest& out) override { return !stopped() && traffic_.next(out); }
  std::uint64_t total() const override { return traffic_.total(); }

 private:
  bool stopped() {
    stopped_ = stopped_ || !proxy_.failure().empty();
    return stopped_;
  }

  RequestSchedule& traffic_;
  const live::ProxyServer& proxy_;
  bool stopped_ = false;
};

// The proxy of a real run: on a free loopback port, no admin listener, no signals.
ServerSpec runServer(const Scenario& scenario) {
  ServerSpec server = scenario.server;
  server.admin = false;
  return server;
}

}  // namespace

SetupResult runRealSetup(const Scenario& scenario, const SetupSpec& setup, double speed,
                         std::ostream* rows) {
  live::ProxyServerOptions proxy_options;
  proxy_options.speed = speed;
  proxy_options.handle_signals = false;
  live::ProxyServer proxy(runServer(scenario), scenario.live, scenario.shadow, setup, scenario.seed,
                          proxy_options);
  std::thread proxy_thread([&proxy] { proxy.run(); });
  struct Joiner {  // stops the proxy however this function is left
    live::ProxyServer& proxy;
    std::thread& thread;
    ~Joiner() {
      proxy.stop();
      thread.join();
    }
  } joiner{proxy, proxy_thread};
  const TimeNs ready_wait =
      scenario.live.process ? scenario.live.process->ready_timeout : 10 * kSecond;
  if (!proxy.waitUntilReady(std::chrono::milliseconds(ready_wait / kMillisecond + 1000))) {
    throw std::runtime_error("setup " + setup.name + ": the pools had no ready instance after " +
                             std::to_string(ready_wait / kSecond) + " s");
  }
  const std::string base = std::filesystem::path(scenario.source_path).parent_path().string();
  std::unique_ptr<TrafficSource> source =
      makeTrafficSource(scenario.traffic, scenario.seed, base, routeNames(scenario));
  const TimeNs epoch = source->epoch();
  const TimeNs end = scenario.traffic.duration > 0 ? scenario.traffic.duration : source->duration();
  // A trace's own length when the scenario gives none (duration 0), as a simulated run does.
  TrafficSchedule schedule(std::move(source), routeNames(scenario), speed, end);
  ReplayOptions options;
  options.target = parseTargetUrl("http://127.0.0.1:" + std::to_string(proxy.port()));
  options.max_connections = 256;
  options.timeout = scenario.live.instance.timeout + 5 * kSecond;
  options.slo = scenario.slo;
  options.slo_minute = static_cast<TimeNs>(static_cast<double>(kMinute) / speed);
  IntervalLatency latency;
  options.on_result = [&latency](TimeNs l, bool ok) {
    std::lock_guard<std::mutex> lock(latency.mu);
    latency.hist.record(l);
    latency.failed += ok ? 0 : 1;
  };
  SloTracker slo(scenario.slo);
  IntervalSampler sampler(scenario, setup, speed, epoch, end, proxy, latency, rows);
  sampler.start();
  UntilPolicyFails traffic(schedule, proxy);
  const ReplayResult client = replay(traffic, options, slo);
  sampler.stop();
  const live::TrafficSnapshot seen = proxy.stats().snapshot();

  if (const std::string why = proxy.failure(); !why.empty()) {
    throw std::runtime_error("setup " + setup.name + ": scaling policy failed: " + why +
                             " (the run stopped its traffic after " +
                             std::to_string(client.scheduled) + " requests)");
  }

  SetupResult r = replayMetrics(setup.name, client, slo);
  // The client measured real time; the run reports scenario time.
  const double scenario_s = toSeconds(client.wall) * speed;
  r.set("duration_s", scenario_s);
  r.set("throughput_rps", scenario_s > 0 ? static_cast<double>(client.completed) / scenario_s : 0);
  const RealTotals& t = sampler.totals();
  r.set("requests_live", static_cast<double>(seen.pools[0].primary));
  r.set("requests_shadow", static_cast<double>(seen.pools[1].primary));
  r.set("mirrored", static_cast<double>(seen.pools[1].mirror_sent));
  r.set("mirror_dropped", static_cast<double>(seen.mirror_dropped));
  r.set("instance_hours", t.instance_hours[0] + t.instance_hours[1]);
  r.set("instance_hours_live", t.instance_hours[0]);
  r.set("instance_hours_shadow", t.instance_hours[1]);
  r.set("cost_live", t.cost[0]);
  r.set("cost_shadow", t.cost[1]);
  r.set("cost_total", t.cost[0] + t.cost[1]);
  r.set("max_instances_live", t.max_instances[0]);
  r.set("max_instances_shadow", t.max_instances[1]);
  const LatencyHistogram mirror = proxy.stats().histogram(PoolId::kShadow, true);
  r.set("mirror_p99_ms", toMillis(mirror.percentile(0.99)));
  sampler.setLagMetrics(r);
  char note[160];
  std::snprintf(note, sizeof note,
                "real run at %gx: latency measured by the client from each request's intended "
                "send time",
                speed);
  r.notes.push_back(note);
  return r;
}

RunReport runRealScenario(const Scenario& input, const RealRunOptions& options) {
  const auto wall_start = Steady::now();
  Scenario scenario = input;
  if (options.seed) {
    scenario.seed = *options.seed;
  }
  if (!(options.speed > 0)) {
    throw InputError("--speed: must be a number above 0");
  }
  namespace fs = std::filesystem;
  const bool write = !options.out_dir.empty();
  if (write) {
    fs::create_directories(options.out_dir);
  }
  const std::string csv_path = (fs::path(options.out_dir) / "intervals.csv").string();
  std::ofstream csv;
  if (write) {
    csv.open(csv_path + ".tmp", std::ios::binary | std::ios::trunc);
    if (!csv) {
      throw std::runtime_error(csv_path + ".tmp: cannot write");
    }
    csv << SetupRun::csvHeader();
  }
  RunReport report;
  report.scenario = scenario.name;
  report.seed = scenario.seed;
  try {
    for (const SetupSpec& setup : scenario.setups) {
      if (!options.quiet) {
        std::fprintf(stderr, "shadowscale: real run of setup %s at %gx\n", setup.name.c_str(),
                     options.speed);
      }
      report.setups.push_back(runRealSetup(scenario, setup, options.speed, write ? &csv : nullptr));
    }
  } catch (...) {
    if (write) {
      csv.close();
      std::error_code ec;
      fs::remove(csv_path + ".tmp", ec);  // nothing half-written
    }
    throw;
  }
  report.checks = checkThresholds(scenario, report.setups);
  if (write) {
    if (!csv.flush()) {
      throw std::runtime_error(csv_path + ": write failed");
    }
    csv.close();
    fs::rename(csv_path + ".tmp", csv_path);
    const std::string summary = summaryJson(scenario, report);
    writeFileAtomically((fs::path(options.out_dir) / "summary.json").string(), summary);
    writeFileAtomically((fs::path(options.out_dir) / "junit.xml").string(),
                        junitXml(scenario, report));
    HtmlReportOptions html;
    html.slo_latency_ms = toMillis(scenario.slo.latency_target);
    html.slo_percentile = scenario.slo.percentile;
    writeFileAtomically((fs::path(options.out_dir) / "report.html").string(),
                        htmlReport(csv_path, summary, html));
  }
  report.wall_seconds = std::chrono::duration<double>(Steady::now() - wall_start).count();
  return report;
}

}  // namespace shadowscale
