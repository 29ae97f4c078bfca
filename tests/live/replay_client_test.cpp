#include "live/replay_client.h"

#include <gtest/gtest.h>

#include <thread>

#include "core/input_error.h"
#include "live/echo_server.h"
#include "live/replay_schedule.h"
#include "tests/support/capture_files.h"

namespace shadowscale {
namespace {

using testing::evenRecords;
using testing::TempPath;
using testing::TestRecord;
using testing::writeTestCapture;

// shadowscale-echo's server on 127.0.0.1 port 0, run by a thread for the length of a test.
class RunningEcho {
 public:
  explicit RunningEcho(EchoConfig config) : server_(config) {
    thread_ = std::thread([this] { server_.run(false); });
  }
  ~RunningEcho() { stop(); }
  void stop() {
    if (thread_.joinable()) {
      server_.stop();
      thread_.join();
    }
  }
  EchoServer& server() { return server_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(server_.port()); }

 private:
  EchoServer server_;
  std::thread thread_;
};

EchoConfig echoWith(TimeNs service, int workers = 4) {
  EchoConfig c;
  c.service = {service, service};
  c.workers = workers;
  c.queue_capacity = 1000;
  return c;
}

struct Replayed {
  ReplayResult result;
  std::uint64_t slo_violation_minutes = 0;
  double error_rate = 0;
};

Replayed replayFile(const std::string& capture, const std::string& url, double speed,
                    int connections, std::size_t max_waiting = 10000,
                    TimeNs timeout = 10 * kSecond) {
  ReplaySchedule schedule(capture, speed);
  ReplayOptions options;
  options.target = parseTargetUrl(url);
  options.max_connections = connections;
  options.max_waiting = max_waiting;
  options.timeout = timeout;
  SloTracker slo(options.slo);
  Replayed out;
  out.result = replay(schedule, options, slo);
  out.slo_violation_minutes = slo.violationMinutes();
  out.error_rate = slo.errorRate();
  return out;
}

TEST(Replay, SendsEveryRequestAndCountsTheAnswersByStatus) {
  RunningEcho echo(echoWith(kMillisecond));
  TempPath file("statuses.capture");
  auto records = evenRecords(6, 5 * kMillisecond);
  records[1].path = "/missing?status=404";
  records[2].path = "/broken?status=500";
  records[3].method = "POST";
  records[3].body = "hello";
  writeTestCapture(file.str(), records);
  const Replayed r = replayFile(file.str(), echo.url(), 1.0, 8);
  EXPECT_EQ(r.result.scheduled, 6u);
  EXPECT_EQ(r.result.sent, 6u);
  EXPECT_EQ(r.result.completed, 6u);
  EXPECT_EQ(r.result.status_classes[2], 4u);
  EXPECT_EQ(r.result.status_classes[4], 1u);
  EXPECT_EQ(r.result.status_classes[5], 1u);
  EXPECT_EQ(r.result.failed(), 1u);  // only the 5xx: a 404 is an answer
  EXPECT_DOUBLE_EQ(r.error_rate, 1.0 / 6.0);
  EXPECT_EQ(echo.server().counters().served, 6u);
  EXPECT_EQ(r.result.latency.count(), 6u);
  EXPECT_GE(r.result.latency.min(), kMillisecond);  // the service time at least
}

// A server that can serve one request at a time, 100 ms each, gets ten requests 10 ms apart.
// The last is due 90 ms after the first but cannot be answered before 1 s after it: its latency
// from the intended send time is at least 910 ms, even when the client holds one connection
// and so sends it only when the ninth is answered (a closed-loop client would report 100 ms).
TEST(Replay, AStalledServerShowsItsQueueingInTheLatencyWithOneConnection) {
  RunningEcho echo(echoWith(100 * kMillisecond, /*workers=*/1));
  TempPath file("stall.capture");
  writeTestCapture(file.str(), evenRecords(10, 10 * kMillisecond));
  const Replayed r = replayFile(file.str(), echo.url(), 1.0, /*connections=*/1);
  ASSERT_EQ(r.result.completed, 10u);
  EXPECT_EQ(r.result.max_connections_open, 1);
  EXPECT_GE(r.result.latency.max(), 910 * kMillisecond);
  // The wait happened in the client: sends lagged their intended times by most of that.
  EXPECT_GE(r.result.send_lag.max(), 810 * kMillisecond);
  // Each answer, timed from its actual send, took at least the service time.
  EXPECT_GE(r.result.response.min(), 100 * kMillisecond);
  EXPECT_GT(r.result.latency.percentile(0.5), r.result.response.percentile(0.5));
}

TEST(Replay, AStalledServerShowsItsQueueingInTheLatencyWithOpenConnections) {
  RunningEcho echo(echoWith(100 * kMillisecond, /*workers=*/1));
  TempPath file("stall-open.capture");
  writeTestCapture(file.str(), evenRecords(10, 10 * kMillisecond));
  const Replayed r = replayFile(file.str(), echo.url(), 1.0, /*connections=*/64);
  ASSERT_EQ(r.result.completed, 10u);
  // Here the queue is in the server, and the answers' own times show it too.
  EXPECT_GT(r.result.max_connections_open, 1);
  EXPECT_GE(r.result.latency.max(), 910 * kMillisecond);
  EXPECT_GE(r.result.response.max(), 900 * kMillisecond);
}

TEST(Replay, DropsWhatCannotEvenWaitForAConnection) {
  RunningEcho echo(echoWith(200 * kMillisecond));
  TempPath file("burst.capture");
  writeTestCapture(file.str(), evenRecords(10, 0));  // ten at the same instant
  const Replayed r = replayFile(file.str(), echo.url(), 1.0, /*connections=*/1,
                                /*max_waiting=*/2);
  EXPECT_EQ(r.result.sent, 3u);  // one on the connection, two waiting
  EXPECT_EQ(r.result.dropped, 7u);
  EXPECT_EQ(r.result.failed(), 7u);
  EXPECT_DOUBLE_EQ(r.error_rate, 0.7);
}

TEST(Replay, CountsRefusedConnectionsAsFailures) {
  std::string url;
  {
    RunningEcho gone(echoWith(0));
    url = gone.url();
  }  // stopped: nothing listens on its port any more
  TempPath file("refused.capture");
  writeTestCapture(file.str(), evenRecords(3, kMillisecond));
  const Replayed r = replayFile(file.str(), url, 1.0, 4);
  EXPECT_EQ(r.result.connection_errors, 3u);
  EXPECT_EQ(r.result.completed, 0u);
  EXPECT_DOUBLE_EQ(r.error_rate, 1.0);
  EXPECT_EQ(r.slo_violation_minutes, 1u);
}

TEST(Replay, ARequestNotAnsweredWithinTheTimeoutFails) {
  RunningEcho echo(echoWith(kSecond));
  TempPath file("slow.capture");
  writeTestCapture(file.str(), evenRecords(1, 0));
  const Replayed r =
      replayFile(file.str(), echo.url(), 1.0, 4, 10000, /*timeout=*/100 * kMillisecond);
  EXPECT_EQ(r.result.timeouts, 1u);
  EXPECT_GE(r.result.latency.max(), 100 * kMillisecond);
}

TEST(Replay, TargetUrlsAreCheckedAndTheirPrefixIsKept) {
  const ReplayTarget t = parseTargetUrl("http://127.0.0.1:8081/api/");
  EXPECT_EQ(t.host, "127.0.0.1");
  EXPECT_EQ(t.port, "8081");
  EXPECT_EQ(t.base_path, "/api");
  EXPECT_EQ(t.host_header, "127.0.0.1:8081");
  EXPECT_EQ(parseTargetUrl("http://shop.example").port, "80");
  EXPECT_EQ(parseTargetUrl("http://[::1]:9000").host, "::1");
  EXPECT_THROW(parseTargetUrl("https://shop.example"), InputError);
  EXPECT_THROW(parseTargetUrl("shop.example:80"), InputError);
  EXPECT_THROW(parseTargetUrl("http://:80"), InputError);
  EXPECT_THROW(parseTargetUrl("http://host:99999"), InputError);
  EXPECT_THROW(parseTargetUrl("http://host:http"), InputError);
}

}  // namespace
}  // namespace shadowscale
