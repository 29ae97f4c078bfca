// Process pools with real shadowscale-echo instances behind the proxy: start-up and readiness,
// scaling out and in, draining, and a full live-to-shadow transition and back under load that
// fails no request.
#include "live/process_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "live/proxy_server.h"
#include "scenarios/scenario_loader.h"
#include "tests/live/http_test_support.h"

namespace shadowscale::live {
namespace {

using testing::HttpClient;

#ifdef SHADOWSCALE_ECHO
constexpr const char* kEcho = SHADOWSCALE_ECHO;
#else
constexpr const char* kEcho = nullptr;
#endif

// Waits for a condition the proxy reaches on its own (an instance becoming ready, a ramp
// ending), checking every 10 ms for at most a minute; true when it held.
bool eventually(const std::function<bool()>& condition) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::minutes(1);
  while (std::chrono::steady_clock::now() < until) {
    if (condition()) {
      return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return condition();
}

std::string processPool(const std::string& name, const std::string& extra_args,
                        const std::string& bounds) {
  return name + " {\n  " + bounds + "\n  instance { timeout: \"10s\" drain_timeout: \"10s\" }\n" +
         "  process { command: \"" + std::string(kEcho) + " --port {port} " + extra_args +
         "\" ready_timeout: \"30s\" stop_timeout: \"5s\" }\n}\n";
}

// A proxy serving on its own thread until the test ends.
class RunningProxy {
 public:
  explicit RunningProxy(const std::string& config)
      : spec_(parseProxyFileText(config, "test.textproto", ".")),
        server_(spec_, ProxyServerOptions{1.0, false}) {
    thread_ = std::thread([this] { exit_code_ = server_.run(); });
  }
  ~RunningProxy() { stop(); }
  int stop() {
    if (thread_.joinable()) {
      server_.stop();
      thread_.join();
    }
    return exit_code_;
  }
  ProxyServer& server() { return server_; }

 private:
  ProxyFileSpec spec_;
  ProxyServer server_;
  std::thread thread_;
  int exit_code_ = -1;
};

// Clients sending requests back to back on kept-alive connections until stopped.
class Load {
 public:
  Load(int port, int clients) {
    for (int c = 0; c < clients; ++c) {
      threads_.emplace_back([this, port] {
        HttpClient client(port);
        while (!stop_) {
          const auto res = client.get("/work");
          ++(res.result_int() == 200 ? ok_ : failed_);
        }
      });
    }
  }
  ~Load() { finish(); }
  void finish() {
    stop_ = true;
    for (auto& t : threads_) {
      if (t.joinable()) {
        t.join();
      }
    }
  }
  int ok() const { return ok_; }
  int failed() const { return failed_; }

 private:
  std::atomic<bool> stop_{false};
  std::atomic<int> ok_{0};
  std::atomic<int> failed_{0};
  std::vector<std::thread> threads_;
};

int instancesIn(const LivePool& pool, InstanceState state) {
  return pool.stateCounts()[static_cast<std::size_t>(state)];
}

TEST(ProcessPool, StartsInstancesMeasuresStartupAndScales) {
  if (kEcho == nullptr) {
    GTEST_SKIP() << "shadowscale-echo is not built";
  }
  RunningProxy proxy("server { listen: \"127.0.0.1:0\" admin_listen: \"off\" }\n" +
                     processPool("live_pool", "--startup-delay 300ms",
                                 "initial_instances: 1 min_instances: 0 max_instances: 3"));
  LivePool& pool = *proxy.server().pool(PoolId::kLive);
  ASSERT_TRUE(eventually([&] { return pool.readyCount() == 1; }));
  const auto reports = pool.report();
  ASSERT_EQ(reports.size(), 1u);
  // Not ready before its start-up delay was over: the readiness path is what counts.
  EXPECT_GE(reports[0].startup_seconds, 0.3);
  HttpClient client(proxy.server().port());
  EXPECT_EQ(client.get("/a").result_int(), 200u);

  pool.setDesired(3, proxy.server().clock().now());
  ASSERT_TRUE(eventually([&] { return pool.readyCount() == 3; }));
  EXPECT_TRUE(eventually([&] {
    const auto r = pool.report();
    return r.size() == 3 && r[0].rss_bytes > 0;
  }));
  pool.setDesired(1, proxy.server().clock().now());
  ASSERT_TRUE(eventually([&] { return pool.report().size() == 1; }));
  EXPECT_EQ(pool.readyCount(), 1);
  EXPECT_EQ(pool.failures(), 0u);
  EXPECT_EQ(client.get("/b").result_int(), 200u);
  EXPECT_EQ(proxy.stop(), 0);
  EXPECT_TRUE(pool.stopped());
}

TEST(ProcessPool, AnInstanceThatNeverGetsReadyIsStoppedAndCounted) {
  if (kEcho == nullptr) {
    GTEST_SKIP() << "shadowscale-echo is not built";
  }
  RunningProxy proxy(
      "server { listen: \"127.0.0.1:0\" admin_listen: \"off\" }\n"
      "live_pool {\n  initial_instances: 1\n  process { command: \"" +
      std::string(kEcho) +
      " --port {port} --startup-delay 60s\" ready_timeout: \"500ms\" stop_timeout: \"1s\" }\n}\n");
  LivePool& pool = *proxy.server().pool(PoolId::kLive);
  // It answers 503 for a minute, longer than the ready timeout: each try fails and is replaced.
  ASSERT_TRUE(eventually([&] { return pool.failures() >= 1; }));
  EXPECT_EQ(pool.readyCount(), 0);
  HttpClient client(proxy.server().port());
  EXPECT_EQ(client.get("/a").result_int(), 503u);
  EXPECT_EQ(proxy.stop(), 0);
}

TEST(ProcessPool, APolicyScalesThePoolOnWallTime) {
  if (kEcho == nullptr) {
    GTEST_SKIP() << "shadowscale-echo is not built";
  }
  // A schedule asking for two instances at any time, applied every second by the driver.
  RunningProxy proxy(
      "server { listen: \"127.0.0.1:0\" admin_listen: \"off\" }\n" +
      processPool("live_pool", "", "initial_instances: 1 min_instances: 1 max_instances: 3") +
      "setup { policy { schedule { period: \"1s\" default_instances: 2 } } }\n");
  LivePool& pool = *proxy.server().pool(PoolId::kLive);
  ASSERT_TRUE(eventually([&] { return pool.readyCount() == 2; }));
  EXPECT_EQ(pool.desired(), 2);
  EXPECT_EQ(proxy.stop(), 0);
}

TEST(ProcessPool, FullTransitionToShadowAndBackUnderLoadFailsNoRequest) {
  if (kEcho == nullptr) {
    GTEST_SKIP() << "shadowscale-echo is not built";
  }
  RunningProxy proxy("server { listen: \"127.0.0.1:0\" admin_listen: \"off\" io_threads: 2 }\n" +
                     processPool("live_pool", "--service-mean 2ms --workers 8",
                                 "initial_instances: 2 min_instances: 0 max_instances: 2") +
                     processPool("shadow_pool", "--service-mean 2ms --workers 8",
                                 "initial_instances: 1 min_instances: 0 max_instances: 2") +
                     "setup { shadow_pool: true transition_ramp: \"400ms\" }\n");
  ProxyServer& server = proxy.server();
  LivePool& live = *server.pool(PoolId::kLive);
  LivePool& shadow = *server.pool(PoolId::kShadow);
  ASSERT_TRUE(eventually([&] { return live.readyCount() == 2 && shadow.readyCount() == 1; }));
  Load load(server.port(), 4);
  ASSERT_TRUE(eventually([&] { return load.ok() > 50; }));

  // Live to shadow: the weight ramps to 1, then the live pool drains to nothing.
  shadow.setDesired(2, server.clock().now());
  ASSERT_TRUE(eventually([&] { return shadow.readyCount() == 2; }));
  server.router().setShadowWeight(1.0);
  ASSERT_TRUE(eventually([&] { return server.router().shadowWeight() >= 1.0; }));
  live.setDesired(0, server.clock().now());
  ASSERT_TRUE(eventually([&] { return live.report().empty(); }));
  const int during = load.ok();
  ASSERT_TRUE(eventually([&] { return load.ok() > during + 50; }));

  // And back: live instances start, the weight ramps to 0, the shadow pool drains.
  live.setDesired(2, server.clock().now());
  ASSERT_TRUE(eventually([&] { return live.readyCount() == 2; }));
  server.router().setShadowWeight(0.0);
  ASSERT_TRUE(eventually([&] { return server.router().shadowWeight() <= 0.0; }));
  shadow.setDesired(0, server.clock().now());
  ASSERT_TRUE(eventually([&] { return shadow.report().empty(); }));
  const int after = load.ok();
  ASSERT_TRUE(eventually([&] { return load.ok() > after + 50; }));
  load.finish();

  EXPECT_EQ(load.failed(), 0);
  const TrafficSnapshot t = server.stats().snapshot();
  EXPECT_GT(t.pools[0].primary, 0u);
  EXPECT_GT(t.pools[1].primary, 0u);
  EXPECT_EQ(t.pools[0].failed + t.pools[1].failed, 0u);
  EXPECT_EQ(live.failures() + shadow.failures(), 0u);
  EXPECT_EQ(instancesIn(live, InstanceState::kDraining), 0);
  EXPECT_EQ(proxy.stop(), 0);
}

}  // namespace
}  // namespace shadowscale::live
