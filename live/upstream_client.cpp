#include "live/upstream_client.h"

#include <sys/socket.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/parser.hpp>
#include <cerrno>
#include <chrono>
#include <optional>

namespace shadowscale::live {
namespace {

namespace beast = boost::beast;
namespace net = boost::asio;

// Idle connections kept per instance; more are closed after their response.
constexpr std::size_t kMaxIdlePerInstance = 256;
// Largest response body passed through.
constexpr std::uint64_t kMaxResponseBody = std::uint64_t{1} << 30;
// Bytes asked of the socket per read.
constexpr std::size_t kReadChunk = 16384;

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
  const ssize_t n = ::recv(c.socket.native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
}

// One request's exchange with an instance: connect (or reuse), write, read.
class Exchange : public std::enable_shared_from_this<Exchange> {
 public:
  Exchange(UpstreamClient& client, std::shared_ptr<LiveInstance> instance,
           std::shared_ptr<const Request> request, bool head, TimeNs timeout,
           UpstreamClient::Callback done)
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
    appendWire(*request_, wire_);
    if (reused_) {
      return write();
    }
    connect();
  }

 private:
  void connect() {
    conn_ = std::make_shared<UpstreamConnection>(client_.executor());
    conn_->deadline.setAfter(std::chrono::nanoseconds(client_.connectTimeout()), *conn_);
    conn_->socket.async_connect(
        instance_->endpoint, [self = shared_from_this()](boost::system::error_code ec) {
          if (ec) {
            return self->fail(UpstreamFailure::kRefused);
          }
          boost::system::error_code ignored;
          self->conn_->socket.set_option(net::ip::tcp::no_delay(true), ignored);
          self->write();
        });
  }

  void write() {
    conn_->timed_out = false;
    conn_->deadline.setAfter(std::chrono::nanoseconds(timeout_), *conn_);
    net::async_write(conn_->socket, net::buffer(wire_),
                     [self = shared_from_this()](boost::system::error_code ec, std::size_t n) {
                       self->bytes_sent_ += n;
                       if (ec) {
                         return self->retryOr();
                       }
                       self->parser_.emplace();
                       self->parser_->body_limit(kMaxResponseBody);
                       if (self->head_) {
                         self->parser_->skip(true);
                       }
                       self->parse();
                     });
  }

  // Parses what the connection's buffer holds, reading more until the response is whole.
  void parse() {
    beast::flat_buffer& buffer = conn_->buffer;
    while (buffer.size() > 0) {
      beast::error_code ec;
      const std::size_t used = parser_->put(buffer.data(), ec);
      buffer.consume(used);
      if (ec == http::error::need_more) {
        break;
      }
      if (ec) {
        return fail(UpstreamFailure::kReset);  // not HTTP: the connection cannot be trusted
      }
      if (parser_->is_done()) {
        return succeed(true);
      }
      if (used == 0) {
        break;
      }
    }
    conn_->socket.async_read_some(
        buffer.prepare(kReadChunk),
        [self = shared_from_this()](boost::system::error_code ec, std::size_t n) {
          self->conn_->buffer.commit(n);
          if (n > 0) {
            self->got_some_ = true;
          }
          if (!ec) {
            return self->parse();
          }
          if (ec == net::error::eof && self->got_some_) {
            // A response without a length ends with the connection.
            beast::error_code eof;
            self->parser_->put_eof(eof);
            if (!eof && self->parser_->is_done()) {
              return self->succeed(false);
            }
          }
          self->retryOr();
        });
  }

  // A reused connection the instance had closed: try once more on a fresh one, unless the
  // instance may have acted on the request and acting twice would differ from acting once
  // (a POST or PATCH of which a byte went out).
  void retryOr() {
    const bool timed_out = conn_->timed_out;
    const bool may_resend = bytes_sent_ == 0 || idempotent(request_->method());
    if (reused_ && !got_some_ && !timed_out && may_resend) {
      reused_ = false;
      bytes_sent_ = 0;
      closeConnection();
      return connect();
    }
    fail(timed_out ? UpstreamFailure::kTimeout : UpstreamFailure::kReset);
  }

  void succeed(bool reusable) {
    UpstreamResult result;
    result.ok = true;
    result.response = parser_->release();
    if (reusable && result.response.keep_alive() && instance_->serving()) {
      conn_->deadline.set(LazyDeadline<UpstreamConnection>::kNever, *conn_);
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
      conn_->close();
      conn_.reset();
    }
  }

  UpstreamClient& client_;
  std::shared_ptr<LiveInstance> instance_;
  std::shared_ptr<const Request> request_;
  bool head_;
  TimeNs timeout_;
  UpstreamClient::Callback done_;
  std::shared_ptr<UpstreamConnection> conn_;
  std::string wire_;  // the request as it goes out
  bool reused_ = false;
  bool got_some_ = false;       // a byte of the response arrived
  std::size_t bytes_sent_ = 0;  // of the request, on the current connection
  std::optional<http::response_parser<http::string_body>> parser_;
};

}  // namespace

void UpstreamConnection::close() {
  boost::system::error_code ignored;
  socket.shutdown(net::ip::tcp::socket::shutdown_both, ignored);
  socket.close(ignored);
  deadline.cancel();
}

void UpstreamConnection::onDeadline() {
  if (socket.is_open()) {
    // The operation in progress ends with operation_aborted; the exchange sees timed_out.
    timed_out = true;
    boost::system::error_code ignored;
    socket.cancel(ignored);
  }
}

UpstreamClient::UpstreamClient(boost::asio::io_context& ioc, TimeNs connect_timeout)
    : ioc_(ioc), connect_timeout_(connect_timeout) {}

void UpstreamClient::send(std::shared_ptr<LiveInstance> instance,
                          std::shared_ptr<const Request> request, bool head, TimeNs timeout,
                          Callback done) {
  std::make_shared<Exchange>(*this, std::move(instance), std::move(request), head, timeout,
                             std::move(done))
      ->start();
}

std::shared_ptr<UpstreamConnection> UpstreamClient::takeIdle(const LiveInstance& instance) {
  const auto it = idle_.find(instance.key);
  if (it == idle_.end() || it->second.connections.empty()) {
    return nullptr;
  }
  std::shared_ptr<UpstreamConnection> c = std::move(it->second.connections.back());
  it->second.connections.pop_back();
  return c;
}

void UpstreamClient::putIdle(const std::shared_ptr<LiveInstance>& instance,
                             std::shared_ptr<UpstreamConnection> connection) {
  IdleList& list = idle_[instance->key];
  if (list.connections.empty()) {
    list.instance = instance;
  }
  if (list.connections.size() < kMaxIdlePerInstance) {
    list.connections.push_back(std::move(connection));
  } else {
    connection->close();
  }
}

void UpstreamClient::sweep() {
  std::erase_if(idle_, [](auto& entry) {
    const auto in = entry.second.instance.lock();
    if (in && in->serving()) {
      return false;
    }
    for (auto& c : entry.second.connections) {
      c->close();
    }
    return true;
  });
}

void UpstreamClient::closeIdle() {
  for (auto& [key, list] : idle_) {
    for (auto& c : list.connections) {
      c->close();
    }
  }
  idle_.clear();
}

}  // namespace shadowscale::live
