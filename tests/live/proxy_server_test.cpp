// The live proxy end to end over loopback: forwarding, bad input, upstream failures, mirroring
// within its budget, metrics and the drain at shutdown.
#include "live/proxy_server.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "core/input_error.h"
#include "replay/capture_reader.h"
#include "scenarios/scenario_loader.h"
#include "tests/live/http_test_support.h"

namespace shadowscale::live {
namespace {

using testing::HttpClient;
using testing::rawExchange;
using testing::rawStatus;
using testing::TestBackend;

// A proxy from configuration text, serving on its own thread until stopped.
class RunningProxy {
 public:
  explicit RunningProxy(const std::string& config)
      : spec_(parseProxyFileText(config, "test.textproto", ".")),
        server_(spec_, ProxyServerOptions{1.0, false}) {
    thread_ = std::thread([this] { exit_code_ = server_.run(); });
  }
  ~RunningProxy() { stop(); }

  // Drains and stops the proxy; its exit code.
  int stop() {
    if (thread_.joinable()) {
      server_.stop();
      thread_.join();
    }
    return exit_code_;
  }
  int port() const { return server_.port(); }
  int adminPort() const { return server_.adminPort(); }
  ProxyServer& server() { return server_; }

 private:
  ProxyFileSpec spec_;
  ProxyServer server_;
  std::thread thread_;
  int exit_code_ = -1;
};

// The server block every test uses: any free ports, short limits so bad input shows quickly.
std::string serverBlock(const std::string& extra = "") {
  return R"(server {
  listen: "127.0.0.1:0"
  admin_listen: "127.0.0.1:0"
  io_threads: 2
  client_timeout: "300ms"
  max_header_bytes: 1024
  max_body_bytes: 1000
  mirror_budget: 2
)" + extra +
         "}\n";
}

std::string staticPool(const std::string& name, const std::string& address) {
  return name + " { instance { timeout: \"500ms\" } static { address: \"" + address + "\" } }\n";
}

// A port nothing listens on: bound by the kernel's choice, then closed.
int closedPort() {
  boost::asio::io_context ioc;
  boost::asio::ip::tcp::acceptor a(
      ioc, boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0));
  return a.local_endpoint().port();
}

std::string metricsOf(int admin_port) {
  HttpClient admin(admin_port);
  return admin.get("/metrics").body();
}

// Whether the exposition has the line "<name> <value>".
bool hasSample(const std::string& metrics, const std::string& name, const std::string& value) {
  return metrics.find("\n" + name + " " + value + "\n") != std::string::npos;
}

TEST(ProxyServer, ForwardsRequestsWithoutHopByHopHeaders) {
  TestBackend backend;
  RunningProxy proxy(serverBlock() + staticPool("live_pool", backend.address()));
  HttpClient client(proxy.port());
  testing::http::request<testing::http::string_body> req{testing::http::verb::post, "/orders?id=7",
                                                         11};
  req.set("Connection", "keep-alive, X-Hop");
  req.set("X-Hop", "secret");
  req.set("Keep-Alive", "timeout=5");
  req.set("TE", "trailers");
  req.set("X-End-To-End", "kept");
  req.body() = "hello";
  const auto res = client.send(req);
  ASSERT_EQ(res.result_int(), 200u);
  const std::string& echoed = res.body();
  EXPECT_NE(echoed.find("POST /orders?id=7\n"), std::string::npos) << echoed;
  EXPECT_NE(echoed.find("X-End-To-End: kept\n"), std::string::npos) << echoed;
  EXPECT_NE(echoed.find("X-Forwarded-For: 127.0.0.1\n"), std::string::npos) << echoed;
  EXPECT_NE(echoed.find("body: hello"), std::string::npos) << echoed;
  for (const char* hop : {"X-Hop", "Keep-Alive", "TE:"}) {
    EXPECT_EQ(echoed.find(hop), std::string::npos) << hop << " was forwarded:\n" << echoed;
  }
  // The same client connection serves the next request too.
  EXPECT_EQ(client.get("/second").result_int(), 200u);
  EXPECT_EQ(proxy.stop(), 0);
}

TEST(ProxyServer, BadInputGetsItsStatusWhileGoodTrafficFlows) {
  TestBackend backend;
  RunningProxy proxy(serverBlock() + staticPool("live_pool", backend.address()));
  std::atomic<bool> done{false};
  std::atomic<int> good_ok{0};
  std::atomic<int> good_bad{0};
  std::vector<std::thread> good;
  for (int t = 0; t < 2; ++t) {
    good.emplace_back([&, t] {
      HttpClient client(proxy.port());
      for (int i = 0; !done || i < 20; ++i) {
        const std::string target = "/good/" + std::to_string(t) + "/" + std::to_string(i);
        const auto res = client.get(target);
        const bool ok = res.result_int() == 200 && res.body().find("GET " + target) == 0;
        ++(ok ? good_ok : good_bad);
      }
    });
  }
  const int port = proxy.port();
  EXPECT_EQ(rawStatus(rawExchange(port, "GARBAGE\r\n\r\n")), 400);
  EXPECT_EQ(rawStatus(rawExchange(port, "GET / HTTP/1.1\r\nHost: a\r\nX-Big: " +
                                            std::string(2000, 'a') + "\r\n\r\n")),
            431);
  EXPECT_EQ(
      rawStatus(rawExchange(port, "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5000\r\n\r\n" +
                                      std::string(5000, 'b'))),
      413);
  // A client that stops half-way through its headers.
  const std::string partial = "GET / HTTP/1.1\r\nHost: a\r\n";
  EXPECT_EQ(rawStatus(rawExchange(port, partial + "\r\n", partial.size())), 408);
  EXPECT_EQ(rawStatus(rawExchange(port,
                                  "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n"
                                  "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n")),
            400);
  EXPECT_EQ(rawStatus(rawExchange(port,
                                  "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n"
                                  "Content-Length: 3\r\n\r\n0\r\n\r\n")),
            400);
  {
    HttpClient client(port);
    EXPECT_EQ(client.get("/reset").result_int(), 502u);
    EXPECT_EQ(client.get("/slow?ms=3000").result_int(), 504u);
    EXPECT_EQ(client.get("/after-failures").result_int(), 200u);
  }
  done = true;
  for (auto& t : good) {
    t.join();
  }
  EXPECT_GE(good_ok.load(), 40);
  EXPECT_EQ(good_bad.load(), 0);
  const std::string metrics = metricsOf(proxy.adminPort());
  EXPECT_TRUE(hasSample(metrics, "shadowscale_client_errors_total{code=\"400\"}", "3")) << metrics;
  EXPECT_TRUE(hasSample(metrics, "shadowscale_client_errors_total{code=\"408\"}", "1"));
  EXPECT_TRUE(hasSample(metrics, "shadowscale_client_errors_total{code=\"413\"}", "1"));
  EXPECT_TRUE(hasSample(metrics, "shadowscale_client_errors_total{code=\"431\"}", "1"));
  EXPECT_TRUE(hasSample(
      metrics, "shadowscale_upstream_failures_total{pool=\"live\",reason=\"reset\"}", "1"));
  EXPECT_TRUE(hasSample(
      metrics, "shadowscale_upstream_failures_total{pool=\"live\",reason=\"timeout\"}", "1"));
  EXPECT_EQ(proxy.stop(), 0);
}

TEST(ProxyServer, RefusedUpstreamIsAnswered502AndCounted) {
  RunningProxy proxy(serverBlock() +
                     staticPool("live_pool", "127.0.0.1:" + std::to_string(closedPort())));
  HttpClient client(proxy.port());
  EXPECT_EQ(client.get("/").result_int(), 502u);
  EXPECT_EQ(client.get("/").result_int(), 502u);
  const std::string metrics = metricsOf(proxy.adminPort());
  EXPECT_TRUE(hasSample(
      metrics, "shadowscale_upstream_failures_total{pool=\"live\",reason=\"refused\"}", "2"))
      << metrics;
  EXPECT_TRUE(hasSample(metrics, "shadowscale_requests_total{pool=\"live\",code=\"5xx\"}", "2"));
}

TEST(ProxyServer, MirrorCopiesGetTheHostSuffixAndRedactedHeaders) {
  TestBackend live;
  TestBackend shadow;
  RunningProxy proxy(serverBlock() + staticPool("live_pool", live.address()) +
                     staticPool("shadow_pool", shadow.address()) +
                     "setup { shadow_pool: true mirror_fraction: 1 }\n");
  HttpClient client(proxy.port());
  testing::http::request<testing::http::string_body> req{testing::http::verb::get,
                                                         "/me?access_token=abc&x=1", 11};
  req.set("Host", "api.example:8080");
  req.set("Authorization", "Bearer secret");
  const auto res = client.send(req);
  ASSERT_EQ(res.result_int(), 200u);
  // The client's answer comes from the live pool, with its own headers untouched.
  EXPECT_NE(res.body().find("Authorization: Bearer secret"), std::string::npos) << res.body();
  ASSERT_EQ(shadow.waitForRequests(1), 1u);
  const auto copy = shadow.received().at(0);
  EXPECT_EQ(std::string(copy[testing::http::field::host]), "api.example-shadow:8080");
  EXPECT_EQ(std::string(copy[testing::http::field::authorization]), "REDACTED");
  EXPECT_EQ(std::string(copy.target()), "/me?access_token=REDACTED&x=1");
  EXPECT_EQ(live.received().size(), 1u);
}

TEST(ProxyServer, MirrorBudgetDropsCopiesInsteadOfHoldingLiveTraffic) {
  TestBackend live;
  TestBackend stuck_shadow(true);
  // The shadow's copies may take a minute: none times out while the test runs.
  RunningProxy proxy(serverBlock() + staticPool("live_pool", live.address()) +
                     "shadow_pool { instance { timeout: \"60s\" } static { address: \"" +
                     stuck_shadow.address() + "\" } }\n" +
                     "setup { shadow_pool: true mirror_fraction: 1 }\n");
  HttpClient client(proxy.port());
  for (int i = 0; i < 20; ++i) {
    ASSERT_EQ(client.get("/r" + std::to_string(i)).result_int(), 200u);
  }
  // The budget is 2: two copies wait on the stuck shadow, the other 18 were dropped.
  const std::string metrics = metricsOf(proxy.adminPort());
  EXPECT_TRUE(hasSample(metrics, "shadowscale_mirror_dropped_total", "18")) << metrics;
  EXPECT_TRUE(hasSample(metrics, "shadowscale_mirror_in_flight", "2")) << metrics;
  EXPECT_TRUE(hasSample(metrics, "shadowscale_requests_total{pool=\"live\",code=\"2xx\"}", "20"));
}

TEST(ProxyServer, MirrorToADownShadowLeavesLiveTrafficAlone) {
  TestBackend live;
  RunningProxy proxy(serverBlock() + staticPool("live_pool", live.address()) +
                     staticPool("shadow_pool", "127.0.0.1:" + std::to_string(closedPort())) +
                     "setup { shadow_pool: true mirror_fraction: 1 }\n");
  HttpClient client(proxy.port());
  for (int i = 0; i < 10; ++i) {
    ASSERT_EQ(client.get("/r").result_int(), 200u);
  }
  EXPECT_EQ(live.received().size(), 10u);
  EXPECT_EQ(proxy.stop(), 0);
}

TEST(ProxyServer, StopLetsRequestsInFlightFinish) {
  TestBackend backend;
  RunningProxy proxy(serverBlock("  drain_timeout: \"20s\"\n") +
                     "live_pool { instance { timeout: \"20s\" } static { address: \"" +
                     backend.address() + "\" } }\n");
  unsigned status = 0;
  std::thread slow([&] {
    HttpClient client(proxy.port());
    status = client.get("/slow?ms=400").result_int();
  });
  ASSERT_EQ(backend.waitForRequests(1), 1u);
  EXPECT_EQ(proxy.stop(), 0);
  slow.join();
  EXPECT_EQ(status, 200u);
}

TEST(ProxyServer, AdminListenerServesMetricsAndHealth) {
  TestBackend backend;
  RunningProxy proxy(serverBlock() + staticPool("live_pool", backend.address()));
  HttpClient client(proxy.port());
  ASSERT_EQ(client.get("/x").result_int(), 200u);
  // The admin listener answers one request per connection.
  EXPECT_EQ(HttpClient(proxy.adminPort()).get("/healthz").body(), "ok\n");
  EXPECT_EQ(HttpClient(proxy.adminPort()).get("/nothing").result_int(), 404u);
  const std::string metrics = metricsOf(proxy.adminPort());
  EXPECT_TRUE(hasSample(metrics, "shadowscale_requests_total{pool=\"live\",code=\"2xx\"}", "1"))
      << metrics;
  EXPECT_TRUE(hasSample(metrics, "shadowscale_request_duration_seconds_count{pool=\"live\"}", "1"));
  EXPECT_TRUE(hasSample(metrics, "shadowscale_instances{pool=\"live\",state=\"ready\"}", "1"));
  EXPECT_NE(metrics.find("# TYPE shadowscale_request_duration_seconds histogram\n"),
            std::string::npos);
}

TEST(ProxyServer, CapturesLiveTrafficAndMirrorCopiesIntoAWholeFile) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                    ("shadowscale-live-capture-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "live.sscap").string();
  TestBackend live;
  TestBackend shadow;
  {
    RunningProxy proxy(serverBlock("  capture: \"" + path + "\"\n  capture_mirror: true\n") +
                       staticPool("live_pool", live.address()) +
                       staticPool("shadow_pool", shadow.address()) +
                       "setup { shadow_pool: true mirror_fraction: 1 }\n");
    HttpClient client(proxy.port());
    testing::http::request<testing::http::string_body> req{testing::http::verb::post, "/pay", 11};
    req.set("Authorization", "Bearer secret");
    req.body() = "amount=5";
    ASSERT_EQ(client.send(req).result_int(), 200u);
    ASSERT_EQ(client.get("/list").result_int(), 200u);
    // Copies are fire-and-forget: wait until the proxy has the shadow's two answers.
    for (int i = 0; i < 6000 && proxy.server().stats().snapshot().pools[1].mirror_sent < 2; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ASSERT_EQ(proxy.server().stats().snapshot().pools[1].mirror_sent, 2u);
    // While the proxy runs, only the .part file exists.
    EXPECT_FALSE(std::filesystem::exists(path));
    EXPECT_EQ(proxy.stop(), 0);
  }
  EXPECT_FALSE(std::filesystem::exists(path + ".part"));
  CaptureReader reader(path);
  EXPECT_EQ(reader.header().source_format(), "proxy");
  capture::CaptureRecord r;
  int primaries = 0;
  int copies = 0;
  while (reader.next(r)) {
    (r.mirror() ? copies : primaries) += 1;
    EXPECT_EQ(r.status(), 200u);
    for (const auto& h : r.headers()) {
      if (h.name() == "authorization") {
        EXPECT_EQ(h.value(), "REDACTED");
      }
    }
    if (r.path() == "/pay" && !r.mirror()) {
      EXPECT_EQ(r.method(), "POST");
      EXPECT_EQ(r.body_size(), 8u);
      EXPECT_EQ(r.pool().rfind("live ", 0), 0u) << r.pool();
    }
  }
  EXPECT_EQ(primaries, 2);
  EXPECT_EQ(copies, 2);
  std::filesystem::remove_all(dir);
}

TEST(ProxyServer, ListenAddressInUseIsABadInputNamingIt) {
  TestBackend backend;
  boost::asio::io_context ioc;
  boost::asio::ip::tcp::acceptor taken(
      ioc, boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0));
  const std::string address = "127.0.0.1:" + std::to_string(taken.local_endpoint().port());
  const ProxyFileSpec spec =
      parseProxyFileText("server { listen: \"" + address + "\" admin_listen: \"off\" }\n" +
                             staticPool("live_pool", backend.address()),
                         "test.textproto", ".");
  try {
    ProxyServer server(spec, ProxyServerOptions{1.0, false});
    FAIL() << "no error for a listen address in use";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find(address + ": cannot listen"), std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace shadowscale::live
