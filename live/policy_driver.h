#pragma once

#include <array>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/calendar.h"
#include "core/policy.h"
#include "live/live_pool.h"
#include "live/router.h"
#include "live/traffic_stats.h"
#include "live/wall_clock.h"

namespace shadowscale::live {

// Runs the scaling policies on wall time, as the simulator runs them on virtual time: every
// policy period it builds the same Observation (per pool: states, instances with their CPU
// utilization from /proc, request, mirror, served and error rates and the p99 latency over the
// window) and applies the Decision to the pools (instance counts) and to ProxyCore (the shadow
// weight, moved over the ramp). It also runs the pools' lifecycle every 100 ms. Everything runs
// on the control thread.
class PolicyDriver {
 public:
  PolicyDriver(boost::asio::io_context& control, const WallClock& clock, Router& router,
               std::array<LivePool*, kPoolCount> pools, TrafficStats& stats,
               std::vector<std::unique_ptr<ScalingPolicy>> policies);

  void start();
  void stop();
  // Called on the control thread, once, when a policy throws (its forecaster cannot fit, say):
  // the policies stop and the message says why. Without it the exception would end the process.
  void onFailure(std::function<void(const std::string&)> callback) {
    on_failure_ = std::move(callback);
  }

  // Primary requests/s over the last policy window (0 before the first).
  double demandRps() const { return demand_rps_; }
  // The last telemetry of a forecasting policy, if any (control thread).
  const std::optional<PolicyTelemetry>& telemetry() const { return telemetry_; }
  // The same, from any thread.
  std::optional<PolicyTelemetry> telemetrySnapshot() const;
  // Decisions taken so far (for tests and metrics).
  std::uint64_t decisions() const { return decisions_; }

  // Builds the observation for policy slot `slot` at `now` (window since its last tick).
  Observation observe(std::size_t slot, TimeNs now);
  // Applies a decision to the pools and the router.
  void apply(const Decision& decision, TimeNs now);

 private:
  struct Slot {
    std::unique_ptr<ScalingPolicy> policy;
    std::unique_ptr<boost::asio::steady_timer> timer;
    TimeNs last_tick = 0;
    std::array<PoolTraffic, kPoolCount> before{};
  };

  void armPolicy(std::size_t slot);
  void armLifecycle();

  boost::asio::io_context& control_;
  const WallClock& clock_;
  Calendar calendar_;
  Router& router_;
  std::array<LivePool*, kPoolCount> pools_;
  TrafficStats& stats_;
  std::vector<Slot> slots_;
  boost::asio::steady_timer lifecycle_;
  bool running_ = false;
  double demand_rps_ = 0;
  std::optional<PolicyTelemetry> telemetry_;
  mutable std::mutex telemetry_mu_;  // telemetry_'s writes and other threads' reads
  std::uint64_t decisions_ = 0;
  std::function<void(const std::string&)> on_failure_;
};

}  // namespace shadowscale::live
