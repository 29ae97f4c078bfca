#include "live/echo_server.h"

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <nlohmann/json.hpp>
#include <thread>

#include "core/input_error.h"
#include "tests/support/http_get.h"

namespace shadowscale {
namespace {

using testing::httpRequest;

// An echo server on 127.0.0.1 port 0, served by a thread for the length of a test.
class RunningEcho {
 public:
  explicit RunningEcho(EchoConfig config) : server_(config) {
    thread_ = std::thread([this] { server_.run(false); });
  }
  ~RunningEcho() {
    server_.stop();
    thread_.join();
  }
  EchoServer& server() { return server_; }
  unsigned short port() const { return server_.port(); }

 private:
  EchoServer server_;
  std::thread thread_;
};

EchoConfig constantService(TimeNs service) {
  EchoConfig c;
  c.service = {service, service};
  return c;
}

TEST(EchoServer, AnswersAfterItsServiceTimeWithWhatItDid) {
  RunningEcho echo(constantService(30 * kMillisecond));
  const auto before = std::chrono::steady_clock::now();
  const auto answer = httpRequest(echo.port(), "/api/items/7", "POST", "hello");
  const auto took = std::chrono::steady_clock::now() - before;
  ASSERT_EQ(answer.status, 200u) << answer.error;
  const auto doc = nlohmann::json::parse(answer.body);
  EXPECT_EQ(doc["method"], "POST");
  EXPECT_EQ(doc["target"], "/api/items/7");
  EXPECT_EQ(doc["service_ms"], 30.0);
  EXPECT_EQ(doc["request_bytes"], 5);
  EXPECT_EQ(doc["port"], echo.port());
  // A lower bound only: the answer cannot come before the service time is over.
  EXPECT_GE(took, std::chrono::milliseconds(30));
  EXPECT_EQ(echo.server().counters().served, 1u);
}

TEST(EchoServer, StatusQueryParameterSetsTheAnswersStatus) {
  RunningEcho echo(constantService(0));
  EXPECT_EQ(httpRequest(echo.port(), "/x?a=1&status=503").status, 503u);
  EXPECT_EQ(httpRequest(echo.port(), "/x?status=404").status, 404u);
  EXPECT_EQ(httpRequest(echo.port(), "/x?status=abc").status, 200u);
}

TEST(EchoServer, NotReadyDuringItsStartUpDelay) {
  EchoConfig c = constantService(0);
  c.startup_delay = kHour;
  RunningEcho echo(c);
  const auto ready = httpRequest(echo.port(), "/healthz");
  EXPECT_EQ(ready.status, 503u);
  EXPECT_EQ(ready.body, "starting\n");
  EXPECT_EQ(httpRequest(echo.port(), "/").status, 503u);
  EXPECT_EQ(echo.server().counters().not_ready, 1u);
}

TEST(EchoServer, ReadyAtOnceWithoutADelay) {
  EchoConfig c = constantService(0);
  c.ready_path = "/ready";
  RunningEcho echo(c);
  EXPECT_EQ(httpRequest(echo.port(), "/ready").status, 200u);
}

TEST(EchoServer, RefusesWhenEveryWorkerIsBusyAndTheQueueIsFull) {
  EchoConfig c = constantService(2 * kSecond);
  c.workers = 1;
  c.queue_capacity = 0;
  RunningEcho echo(c);
  // Two requests at once on two connections: one is served, the other finds the only worker
  // busy and no queue, whichever comes first.
  auto a = std::async(std::launch::async, [&] { return httpRequest(echo.port(), "/a"); });
  auto b = std::async(std::launch::async, [&] { return httpRequest(echo.port(), "/b"); });
  const unsigned sa = a.get().status;
  const unsigned sb = b.get().status;
  EXPECT_EQ(std::min(sa, sb), 200u);
  EXPECT_EQ(std::max(sa, sb), 503u);
  EXPECT_EQ(echo.server().counters().queue_full, 1u);
}

TEST(EchoServer, StopAnswersTheRequestInServiceThenReturns) {
  EchoConfig c = constantService(300 * kMillisecond);
  EchoServer server(c);
  std::thread runner([&] { server.run(false); });
  auto inflight =
      std::async(std::launch::async, [&] { return httpRequest(server.port(), "/slow"); });
  // Wait (without a timed sleep) until the request is with a worker, then stop.
  while (server.counters().accepted == 0) {
    std::this_thread::yield();
  }
  server.stop();
  const auto answer = inflight.get();
  runner.join();  // run() returned: the drain is over
  EXPECT_EQ(answer.status, 200u);
  EXPECT_EQ(answer.connection, "close");
  // No longer listening.
  EXPECT_EQ(httpRequest(server.port(), "/").status, 0u);
}

TEST(EchoServer, RejectsABadConfiguration) {
  EchoConfig c;
  c.workers = 0;
  EXPECT_THROW(EchoServer{c}, InputError);
  c = EchoConfig{};
  c.cpu_share = 1.5;
  EXPECT_THROW(EchoServer{c}, InputError);
  c = EchoConfig{};
  c.host = "localhost:80";
  EXPECT_THROW(EchoServer{c}, InputError);
}

}  // namespace
}  // namespace shadowscale
