#include "live/proxy_server.h"

#include <signal.h>

#include <boost/asio/post.hpp>
#include <cmath>
#include <cstdio>
#include <thread>

#include "core/input_error.h"
#include "core/rng.h"
#include "live/process_pool.h"
#include "live/prometheus.h"
#include "live/static_pool.h"
#include "sim/policy_factory.h"

namespace shadowscale::live {
namespace {

// Makes the real pool a spec describes; null for a pool the setup does not use.
std::unique_ptr<LivePool> makePool(PoolId id, const PoolSpec& spec,
                                   boost::asio::io_context& control, const WallClock& clock) {
  if (spec.fixed) {
    return std::make_unique<StaticPool>(id, spec, clock.now());
  }
  if (spec.process) {
    return std::make_unique<ProcessPool>(id, spec, control, clock);
  }
  throw InputError(std::string(poolName(id)) +
                   "_pool: the live proxy needs real instances; give process { ... } or "
                   "static { ... }");
}

constexpr std::chrono::milliseconds kDrainPoll{20};

}  // namespace

ProxyServer::ProxyServer(const ServerSpec& server, const PoolSpec& live, const PoolSpec& shadow,
                         const SetupSpec& setup, std::uint64_t seed, ProxyServerOptions options)
    : server_(server),
      clock_(options.speed),
      router_(setup.proxy, Rng::stream(seed, "proxy-router"), clock_),
      stats_(static_cast<int>(setup.policies.size())),
      shared_(server_, clock_, router_, stats_) {
  pools_[0] = makePool(PoolId::kLive, live, control_, clock_);
  if (setup.shadow_pool) {
    pools_[1] = makePool(PoolId::kShadow, shadow, control_, clock_);
  }
  shared_.pools = {pools_[0].get(), pools_[1].get()};
  if (!server_.capture_path.empty()) {
    capture_ = std::make_unique<LiveCapture>(server_.capture_path, clock_.unixEpoch());
    shared_.capture = capture_.get();
  }
  std::vector<Worker*> workers;
  for (int i = 0; i < server_.io_threads; ++i) {
    workers_.push_back(std::make_unique<Worker>(server_.connect_timeout));
    workers.push_back(workers_.back().get());
  }
  listener_ = std::make_shared<Listener>(
      bindListener(workers_[0]->context(), server_.listen_host, server_.listen_port), workers,
      shared_);
  if (server_.admin) {
    admin_ = std::make_shared<AdminServer>(
        bindListener(control_, server_.admin_host, server_.admin_port),
        [this] { return metricsText(); });
  }
  driver_ = std::make_unique<PolicyDriver>(control_, clock_, router_, shared_.pools, stats_,
                                           makePolicies(setup));
  driver_->onFailure([this](const std::string& why) {
    std::fprintf(stderr, "shadowscale proxy: scaling policy failed: %s; stopping\n", why.c_str());
    {
      std::lock_guard lock(failure_mu_);
      failure_ = why;
    }
    exit_code_ = 1;
    beginDrain();
  });
  if (options.handle_signals) {
    signals_.emplace(control_, SIGTERM, SIGINT);
  }
}

ProxyServer::ProxyServer(const ProxyFileSpec& file, ProxyServerOptions options)
    : ProxyServer(file.server, file.live, file.shadow, file.setup, file.seed, options) {}

ProxyServer::~ProxyServer() {
  for (auto& w : workers_) {
    w->stop();
  }
}

int ProxyServer::run() {
  listener_->start();
  if (admin_) {
    admin_->start();
  }
  driver_->start();
  if (signals_) {
    signals_->async_wait([this](const boost::system::error_code& ec, int) {
      if (!ec) {
        beginDrain();
      }
    });
  }
  sweep_timer_.expires_after(std::chrono::seconds(1));
  sweepConnections();
  for (auto& w : workers_) {
    w->start();
  }
  control_.run();
  return exit_code_;
}

void ProxyServer::stop() {
  boost::asio::post(control_, [this] { beginDrain(); });
}

bool ProxyServer::waitUntilReady(std::chrono::milliseconds timeout) {
  const auto until = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < until) {
    bool ready = true;
    for (const auto& p : pools_) {
      ready = ready && (p == nullptr || p->hasReady());
    }
    if (ready) {
      return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

void ProxyServer::sweepConnections() {
  sweep_timer_.async_wait([this](const boost::system::error_code& ec) {
    if (ec || draining_) {
      return;
    }
    for (auto& w : workers_) {
      Worker* worker = w.get();
      boost::asio::post(worker->context(), [worker] { worker->upstream().sweep(); });
    }
    sweep_timer_.expires_at(sweep_timer_.expiry() + std::chrono::seconds(1));
    sweepConnections();
  });
}

void ProxyServer::beginDrain() {
  if (draining_) {
    return;
  }
  draining_ = true;
  shared_.draining = true;
  listener_->close();
  for (auto& w : workers_) {
    Worker* worker = w.get();
    boost::asio::post(worker->context(), [worker] { worker->closeIdleSessions(); });
  }
  checkDrain(clock_.now() + server_.drain_timeout);
}

void ProxyServer::checkDrain(TimeNs deadline) {
  if (shared_.active_requests.load() > 0 && clock_.now() < deadline) {
    drain_timer_.expires_after(kDrainPoll);
    drain_timer_.async_wait([this, deadline](const boost::system::error_code& ec) {
      if (!ec) {
        checkDrain(deadline);
      }
    });
    return;
  }
  driver_->stop();
  for (auto& p : pools_) {
    if (p) {
      p->stopAll();
    }
  }
  checkStopped();
}

void ProxyServer::checkStopped() {
  bool stopped = true;
  const TimeNs now = clock_.now();
  for (auto& p : pools_) {
    if (p) {
      p->tick(now);
      stopped = stopped && p->stopped();
    }
  }
  if (!stopped) {
    drain_timer_.expires_after(kDrainPoll);
    drain_timer_.async_wait([this](const boost::system::error_code& ec) {
      if (!ec) {
        checkStopped();
      }
    });
    return;
  }
  finish();
}

void ProxyServer::finish() {
  if (capture_) {
    try {
      capture_->close();
    } catch (const std::exception& e) {
      std::fprintf(stderr, "shadowscale proxy: %s\n", e.what());
      exit_code_ = 1;
    }
  }
  for (auto& w : workers_) {
    w->stop();
  }
  if (admin_) {
    admin_->close();
  }
  if (signals_) {
    boost::system::error_code ignored;
    signals_->cancel(ignored);
  }
  sweep_timer_.cancel();
  control_.stop();
}

std::string ProxyServer::failure() const {
  std::lock_guard lock(failure_mu_);
  return failure_;
}

std::string ProxyServer::metricsText() const {
  MetricsView v;
  v.traffic = stats_.snapshot();
  for (int p = 0; p < kPoolCount; ++p) {
    const auto i = static_cast<std::size_t>(p);
    v.latency[i] = stats_.histogram(static_cast<PoolId>(p));
    if (pools_[i]) {
      v.has_pool[i] = true;
      v.instances[i] = pools_[i]->report();
      v.desired[i] = pools_[i]->desired();
      v.instance_failures[i] = pools_[i]->failures();
    }
  }
  v.mirror_latency = stats_.histogram(PoolId::kShadow, true);
  v.shadow_weight = router_.shadowWeight();
  v.shadow_weight_target = router_.targetShadowWeight();
  v.mirror_in_flight = shared_.mirror.inFlight();
  v.mirror_budget = server_.mirror_budget;
  v.demand_rps = driver_->demandRps();
  if (const auto& t = driver_->telemetry(); t && std::isfinite(t->forecast_p50_rps)) {
    v.forecast_p50_rps = t->forecast_p50_rps;
    v.forecast_upper_rps = t->forecast_upper_rps;
  }
  v.active_requests = shared_.active_requests.load();
  return renderPrometheus(v);
}

}  // namespace shadowscale::live
