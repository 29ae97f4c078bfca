#include "live/upstream_client.h"

#include <sys/socket.h>

#include <boost/beast/http.hpp>
#include <cerrno>
#include <chrono>

namespace shadowscale::live {
namespace {

namespace beast = boost::beast;

// Idle connections kept per instance; more are closed after their response.
constexpr std::size_t kMaxIdlePerInstance = 256;
// Largest response body passed through.
constexpr std::uint64_t kMaxResponseBody = std::uint64_t{1} << 30;

// Whether sending the request twice has the effect of sending it once (RFC 9110 9.2.2), so it
// may be sent again after a failure that leaves unknown whether the instance acted on it.
bool idempotent(http::verb method) {
  switch (method) {
    case http::verb::get:
    case http::verb::head:
    case http::verb::options:
    case http::verb::trace:
    case http::verb::put:
    case http::verb::delete_:
      return true;
    default:
      return false;
  }
}

// Whether an idle kept-alive connection can carry a request: the instance has neither closed
// it nor sent anything unasked (which would be taken for the answer).
bool stillOpen(UpstreamConnection& c) {
  if (c.buffer.size() > 0) {
    return false;
  }
  char byte = 0;
  const ssize_t n = ::recv(c.stream.socket().native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
}

// One request's exchange with an instance: connect (or reuse), write, read.
class Exchange : public std::enable_shared_from_this<Exchange> {
 public:
  Exchange(UpstreamClient& client, std::shared_ptr<LiveInstance> instance,
           std::shared_ptr<Request> request, bool head, TimeNs timeout,
           std::function<void(UpstreamResult)> done)
      : client_(client),
        instance_(std::move(instance)),
        request_(std::move(request)),
        head_(head),
        timeout_(timeout),
        done_(std::move(done)) {}

  void start() {
    conn_ = client_.takeIdle(*instance_);
    // A request that must not be sent twice gets a connection the instance has not closed:
    // once it is out, a failure is final.
    while (conn_ && !idempotent(request_->method()) && !stillOpen(*conn_)) {
      closeConnection();
      conn_ = client_.takeIdle(*instance_);
    }
    reused_ = conn_ != nullptr;
    if (reused_) {
      return write();
    }
    connect();
  }

 private:
  void connect() {
    conn_ = std::make_unique<UpstreamConnection>(client_.context());
    conn_->stream.expires_after(std::chrono::nanoseconds(client_.connectTimeout()));
    conn_->stream.async_connect(instance_->endpoint,
                                [self = shared_from_this()](beast::error_code ec) {
                                  if (ec) {
                                    return self->fail(UpstreamFailure::kRefused);
                                  }
                                  self->write();
                                });
  }

  void write() {
    conn_->stream.expires_after(std::chrono::nanoseconds(timeout_));
    beast::http::async_write(conn_->stream, *request_,
                             [self = shared_from_this()](beast::error_code ec, std::size_t n) {
                               self->bytes_sent_ += n;
                               if (ec) {
                                 return self->retryOr(ec, false);
                               }
                               self->read();
                             });
  }

  void read() {
    parser_.emplace();
    parser_->body_limit(kMaxResponseBody);
    if (head_) {
      parser_->skip(true);
    }
    beast::http::async_read(conn_->stream, conn_->buffer, *parser_,
                            [self = shared_from_this()](beast::error_code ec, std::size_t) {
                              if (ec) {
                                return self->retryOr(ec, self->parser_->got_some());
                              }
                              self->succeed();
                            });
  }

  // A reused connection the instance had closed: try once more on a fresh one, unless the
  // instance may have acted on the request and acting twice would differ from acting once
  // (a POST or PATCH of which a byte went out).
  void retryOr(beast::error_code ec, bool got_some) {
    const bool may_resend = bytes_sent_ == 0 || idempotent(request_->method());
    if (reused_ && !got_some && ec != beast::error::timeout && may_resend) {
      reused_ = false;
      bytes_sent_ = 0;
      conn_.reset();
      return connect();
    }
    fail(ec == beast::error::timeout ? UpstreamFailure::kTimeout : UpstreamFailure::kReset);
  }

  void succeed() {
    UpstreamResult result;
    result.ok = true;
    result.response = parser_->release();
    if (result.response.keep_alive() && instance_->serving()) {
      conn_->stream.expires_never();
      client_.putIdle(instance_, std::move(conn_));
    } else {
      closeConnection();
    }
    done_(std::move(result));
  }

  void fail(UpstreamFailure failure) {
    closeConnection();
    UpstreamResult result;
    result.failure = failure;
    done_(std::move(result));
  }

  void closeConnection() {
    if (conn_) {
      beast::error_code ignored;
      conn_->stream.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
      conn_->stream.close();
      conn_.reset();
    }
  }

  UpstreamClient& client_;
  std::shared_ptr<LiveInstance> instance_;
  std::shared_ptr<Request> request_;
  bool head_;
  TimeNs timeout_;
  std::function<void(UpstreamResult)> done_;
  std::unique_ptr<UpstreamConnection> conn_;
  bool reused_ = false;
  std::size_t bytes_sent_ = 0;  // of the request, on the current connection
  std::optional<beast::http::response_parser<beast::http::string_body>> parser_;
};

}  // namespace

UpstreamClient::UpstreamClient(boost::asio::io_context& ioc, TimeNs connect_timeout)
    : ioc_(ioc), connect_timeout_(connect_timeout) {}

void UpstreamClient::send(std::shared_ptr<LiveInstance> instance, std::shared_ptr<Request> request,
                          bool head, TimeNs timeout, std::function<void(UpstreamResult)> done) {
  std::make_shared<Exchange>(*this, std::move(instance), std::move(request), head, timeout,
                             std::move(done))
      ->start();
}

std::unique_ptr<UpstreamConnection> UpstreamClient::takeIdle(const LiveInstance& instance) {
  const auto it = idle_.find(instance.key);
  if (it == idle_.end() || it->second.connections.empty()) {
    return nullptr;
  }
  std::unique_ptr<UpstreamConnection> c = std::move(it->second.connections.back());
  it->second.connections.pop_back();
  return c;
}

void UpstreamClient::putIdle(const std::shared_ptr<LiveInstance>& instance,
                             std::unique_ptr<UpstreamConnection> connection) {
  IdleList& list = idle_[instance->key];
  if (list.connections.empty()) {
    list.instance = instance;
  }
  if (list.connections.size() < kMaxIdlePerInstance) {
    list.connections.push_back(std::move(connection));
  }
}

void UpstreamClient::sweep() {
  std::erase_if(idle_, [](const auto& entry) {
    const auto in = entry.second.instance.lock();
    return !in || !in->serving();
  });
}

void UpstreamClient::closeIdle() {
  idle_.clear();
}

}  // namespace shadowscale::live
