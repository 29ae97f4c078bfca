// The proxy's upstream client over loopback: kept-alive connections reused, and a request on a
// reused connection that failed sent again only when sending it twice is harmless.
#include "live/upstream_client.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "tests/live/http_test_support.h"

namespace shadowscale::live {
namespace {

using testing::TestBackend;

// One I/O thread's client driven from the test thread, against one backend instance.
class UpstreamClientTest : public ::testing::Test {
 protected:
  UpstreamClientTest() : client_(ioc_, 2 * kSecond) {
    instance_ = std::make_shared<LiveInstance>();
    instance_->key = 1;
    instance_->endpoint = boost::asio::ip::tcp::endpoint(
        boost::asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(backend_.port()));
    instance_->address = backend_.address();
    instance_->state = InstanceState::kReady;
  }

  // Sends one request and runs the loop until its result is in.
  UpstreamResult send(http::verb method, const std::string& target) {
    auto request = std::make_shared<Request>(method, target, 11);
    request->set(http::field::host, "api.example");
    if (method == http::verb::post || method == http::verb::patch) {
      request->body() = "{\"order\":1}";
    }
    request->keep_alive(true);
    request->prepare_payload();
    std::optional<UpstreamResult> result;
    client_.send(instance_, request, false, 5 * kSecond,
                 [&result](UpstreamResult r) { result = std::move(r); });
    ioc_.restart();
    while (!result && ioc_.run_one() > 0) {
    }
    return std::move(*result);
  }

  // How many requests with `target` the backend received.
  std::size_t receivedWith(const std::string& target) {
    std::size_t n = 0;
    for (const auto& r : backend_.received()) {
      n += r.target() == target ? 1 : 0;
    }
    return n;
  }

  TestBackend backend_;
  boost::asio::io_context ioc_{1};
  UpstreamClient client_;
  std::shared_ptr<LiveInstance> instance_;
};

TEST_F(UpstreamClientTest, ReusesTheKeptAliveConnection) {
  ASSERT_TRUE(send(http::verb::get, "/a").ok);
  ASSERT_TRUE(send(http::verb::get, "/b").ok);
  // The first connection went back to the idle list and carried the second request.
  EXPECT_EQ(client_.takeIdle(*instance_) != nullptr, true);
  EXPECT_EQ(client_.takeIdle(*instance_), nullptr);
}

TEST_F(UpstreamClientTest, IdempotentRequestOnAClosedKeptAliveConnectionIsSentAgain) {
  // The backend answers /close and then closes the connection, which the client keeps idle.
  ASSERT_TRUE(send(http::verb::get, "/close").ok);
  backend_.waitForClosed(1);
  const UpstreamResult r = send(http::verb::get, "/again");
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(r.response.result_int(), 200u);
  EXPECT_EQ(receivedWith("/again"), 1u);
}

TEST_F(UpstreamClientTest, IdempotentRequestDroppedAfterItWasReadIsSentOnceMore) {
  ASSERT_TRUE(send(http::verb::get, "/warm").ok);
  // /reset reads the whole request, then drops the connection: a GET may go out again once.
  const UpstreamResult r = send(http::verb::get, "/reset");
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.failure, UpstreamFailure::kReset);
  EXPECT_EQ(backend_.waitForRequests(3), 3u);
  EXPECT_EQ(receivedWith("/reset"), 2u);
}

TEST_F(UpstreamClientTest, PostSentOnAReusedConnectionIsNeverSentTwice) {
  ASSERT_TRUE(send(http::verb::get, "/warm").ok);
  const UpstreamResult r = send(http::verb::post, "/reset");
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.failure, UpstreamFailure::kReset);
  // A second copy would have arrived on a fresh connection by the time the result was in.
  EXPECT_EQ(receivedWith("/reset"), 1u);
}

TEST_F(UpstreamClientTest, PatchSentOnAReusedConnectionIsNeverSentTwice) {
  ASSERT_TRUE(send(http::verb::get, "/warm").ok);
  const UpstreamResult r = send(http::verb::patch, "/reset");
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(receivedWith("/reset"), 1u);
}

TEST_F(UpstreamClientTest, PostIsNotSentOnAKeptAliveConnectionTheInstanceClosed) {
  ASSERT_TRUE(send(http::verb::get, "/close").ok);
  backend_.waitForClosed(1);
  // Sent there, the POST would fail with no way to know whether to send it again; the client
  // sees the connection closed beforehand and opens a fresh one.
  const UpstreamResult r = send(http::verb::post, "/order");
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(r.response.result_int(), 200u);
  EXPECT_EQ(receivedWith("/order"), 1u);
}

}  // namespace
}  // namespace shadowscale::live
