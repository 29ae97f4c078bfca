#pragma once

#include <array>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "live/admin_server.h"
#include "live/listener.h"
#include "live/live_capture.h"
#include "live/live_pool.h"
#include "live/policy_driver.h"
#include "live/proxy_shared.h"
#include "live/router.h"
#include "live/traffic_stats.h"
#include "live/wall_clock.h"
#include "live/worker.h"
#include "scenarios/scenario.h"

namespace shadowscale::live {

// How a ProxyServer runs besides its configuration.
struct ProxyServerOptions {
  double speed = 1.0;          // the policies' clock runs this many times faster than real time
  bool handle_signals = true;  // SIGTERM and SIGINT start the drain
};

// The live proxy: listens for clients, routes each request with ProxyCore to the live or
// shadow pool (mirroring a sampled share), runs the pools' instances and the scaling policies
// on wall time, serves /metrics on the admin listener and, on SIGTERM or stop(), drains: stops
// accepting, lets requests in flight finish (up to the drain timeout), stops the instances,
// closes the capture.
class ProxyServer {
 public:
  // Binds the listeners and starts the pools' initial instances. Throws InputError for an
  // address it cannot listen on or resolve.
  ProxyServer(const ServerSpec& server, const PoolSpec& live, const PoolSpec& shadow,
              const SetupSpec& setup, std::uint64_t seed, ProxyServerOptions options = {});
  explicit ProxyServer(const ProxyFileSpec& file, ProxyServerOptions options = {});
  ~ProxyServer();
  ProxyServer(const ProxyServer&) = delete;
  ProxyServer& operator=(const ProxyServer&) = delete;

  // Serves until stop() or a signal and the drain that follows; returns the exit code (0, or 1
  // when the capture could not be written).
  int run();
  // Starts the drain (thread-safe).
  void stop();
  // Blocks until every pool has a ready instance, or `timeout` passes; true when they have.
  bool waitUntilReady(std::chrono::milliseconds timeout);

  int port() const { return listener_->port(); }
  int adminPort() const { return admin_ ? admin_->port() : -1; }
  TrafficStats& stats() { return stats_; }
  const WallClock& clock() const { return clock_; }
  LivePool* pool(PoolId p) const { return pools_[static_cast<std::size_t>(index(p))].get(); }
  // ProxyCore's routing, thread-safe (the policies move its weight; tests and tools may too).
  Router& router() { return router_; }
  // Why the proxy stopped by itself (a scaling policy failed), or empty (thread-safe).
  std::string failure() const;
  // The last forecast of a predictive policy, if any (thread-safe).
  std::optional<PolicyTelemetry> forecast() const { return driver_->telemetrySnapshot(); }
  // The Prometheus exposition (control thread, or while the server is not running).
  std::string metricsText() const;

 private:
  void beginDrain();
  void checkDrain(TimeNs deadline);
  void checkStopped();
  void finish();
  void sweepConnections();

  ServerSpec server_;
  WallClock clock_;
  boost::asio::io_context control_{1};
  Router router_;
  TrafficStats stats_;
  std::array<std::unique_ptr<LivePool>, kPoolCount> pools_;
  ProxyShared shared_;
  std::unique_ptr<LiveCapture> capture_;
  std::vector<std::unique_ptr<Worker>> workers_;
  std::shared_ptr<Listener> listener_;
  std::shared_ptr<AdminServer> admin_;
  std::unique_ptr<PolicyDriver> driver_;
  std::optional<boost::asio::signal_set> signals_;
  boost::asio::steady_timer drain_timer_{control_};
  boost::asio::steady_timer sweep_timer_{control_};
  bool draining_ = false;
  int exit_code_ = 0;
  mutable std::mutex failure_mu_;
  std::string failure_;
};

}  // namespace shadowscale::live
