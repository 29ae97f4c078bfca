#include "live/session.h"

#include <chrono>

#include "live/mirror.h"
#include "live/worker.h"

namespace shadowscale::live {
namespace {

namespace beast = boost::beast;

std::chrono::nanoseconds ns(TimeNs t) {
  return std::chrono::nanoseconds(t);
}

// The text of a status the proxy answers itself.
const char* reasonText(unsigned status) {
  switch (status) {
    case 400:
      return "bad request";
    case 408:
      return "request timeout: the request did not arrive in time";
    case 413:
      return "request body too large";
    case 431:
      return "request header fields too large";
    case 502:
      return "bad gateway: the upstream instance refused or dropped the connection";
    case 503:
      return "service unavailable: no ready instance";
    case 504:
      return "gateway timeout: the upstream instance did not answer in time";
  }
  return "error";
}

unsigned statusFor(UpstreamFailure f) {
  switch (f) {
    case UpstreamFailure::kTimeout:
      return 504;
    case UpstreamFailure::kNoInstance:
      return 503;
    default:
      return 502;
  }
}

}  // namespace

Session::Session(boost::asio::ip::tcp::socket socket, Worker& worker, ProxyShared& shared)
    : stream_(std::move(socket)),
      read_timer_(stream_.get_executor()),
      worker_(worker),
      shared_(shared) {
  beast::error_code ec;
  const auto remote = stream_.socket().remote_endpoint(ec);
  peer_ = ec ? "unknown" : remote.address().to_string();
}

void Session::start() {
  worker_.add(shared_from_this());
  waitForRequest();
}

void Session::closeIfIdle() {
  if (idle_) {
    close();
  }
}

void Session::waitForRequest() {
  idle_ = true;
  if (shared_.draining.load()) {
    return close();
  }
  if (buffer_.size() > 0) {
    return readRequest();  // a pipelined request is here already
  }
  // Between requests the idle timeout applies; once a byte arrives, the client timeout.
  stream_.expires_after(ns(shared_.server.idle_timeout));
  stream_.async_read_some(buffer_.prepare(4096),
                          [self = shared_from_this()](beast::error_code ec, std::size_t n) {
                            self->buffer_.commit(n);
                            if (ec || n == 0) {
                              return self->close();
                            }
                            self->readRequest();
                          });
}

void Session::readRequest() {
  idle_ = false;
  parser_.emplace();
  parser_->header_limit(static_cast<std::uint32_t>(shared_.server.max_header_bytes));
  parser_->body_limit(shared_.server.max_body_bytes);
  // A timeout of the stream itself would close the socket, leaving no way to answer 408; so the
  // client's time is kept by a timer of its own that cancels the read.
  stream_.expires_never();
  timed_out_ = false;
  read_timer_.expires_after(ns(shared_.server.client_timeout));
  read_timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
    if (!ec) {
      self->timed_out_ = true;
      beast::error_code ignored;
      self->stream_.socket().cancel(ignored);
    }
  });
  http::async_read(stream_, buffer_, *parser_,
                   [self = shared_from_this()](beast::error_code ec, std::size_t) {
                     self->read_timer_.cancel();
                     self->onRead(ec);
                   });
}

void Session::onRead(beast::error_code ec) {
  if (!ec) {
    return forward();
  }
  if (timed_out_) {
    ec = beast::error::timeout;
  }
  const unsigned status = statusForReadError(ec, true);
  if (status == 0) {
    return close();
  }
  rejectRead(status);
}

void Session::rejectRead(unsigned status) {
  shared_.stats.recordClientError(status);
  response_ = proxyResponse(static_cast<http::status>(status), reasonText(status), 11, false);
  // What is left of a bad request cannot be told from the next one: the connection ends here.
  buffer_.consume(buffer_.size());
  shared_.active_requests.fetch_add(1);
  write(true, true);
}

void Session::forward() {
  shared_.active_requests.fetch_add(1);
  arrival_ = shared_.clock.now();
  request_ = std::make_shared<Request>(parser_->release());
  // What the response needs to know of the client's request, before it becomes the upstream
  // request in place.
  client_version_ = request_->version();
  client_keep_alive_ = request_->keep_alive();
  head_ = request_->method() == http::verb::head;
  LivePool* live = shared_.pool(PoolId::kLive);
  LivePool* shadow = shared_.pool(PoolId::kShadow);
  const RouteDecision d =
      shared_.router.route(live->hasReady(), shadow != nullptr && shadow->hasReady());
  const PoolId pool_id =
      d.primary == PoolId::kShadow && shadow != nullptr ? PoolId::kShadow : PoolId::kLive;
  LivePool* pool = shared_.pool(pool_id);
  std::shared_ptr<LiveInstance> instance = pool->acquire();
  if (!instance) {
    UpstreamResult none;
    none.failure = UpstreamFailure::kNoInstance;
    return onUpstream(std::move(none), pool_id, "");
  }
  makeUpstreamRequest(*request_, peer_);
  if (d.mirror) {
    sendMirrorCopy(shared_, worker_.upstream(), *request_);
  }
  worker_.upstream().send(instance, request_, head_, pool->spec().instance.timeout,
                          [self = shared_from_this(), instance, pool_id](UpstreamResult r) {
                            LivePool::release(*instance);
                            self->onUpstream(std::move(r), pool_id, instance->address);
                          });
}

void Session::onUpstream(UpstreamResult result, PoolId pool, const std::string& upstream) {
  const TimeNs latency = shared_.clock.now() - arrival_;
  const bool keep_alive = client_keep_alive_ && !shared_.draining.load();
  unsigned status = 0;
  if (result.ok) {
    status = result.response.result_int();
    shared_.stats.recordAnswered(pool, status, latency);
    response_ = std::move(result.response);
    prepareClientResponse(response_, client_version_, keep_alive, head_);
  } else {
    status = statusFor(result.failure);
    shared_.stats.recordFailure(pool, result.failure, status, latency);
    response_ = proxyResponse(static_cast<http::status>(status), reasonText(status),
                              client_version_, keep_alive);
  }
  if (shared_.capture != nullptr) {
    CapturedExchange e;
    e.request = request_.get();
    e.response = result.ok ? &response_ : nullptr;
    e.status = status;
    e.arrival = arrival_;
    e.latency = latency;
    e.pool = pool;
    e.upstream = upstream;
    shared_.capture->record(e);
  }
  write(!keep_alive);
}

void Session::write(bool close_after, bool linger) {
  stream_.expires_after(ns(shared_.server.client_timeout));
  http::async_write(
      stream_, response_,
      [self = shared_from_this(), close_after, linger](beast::error_code ec, std::size_t) {
        self->shared_.active_requests.fetch_sub(1);
        self->request_.reset();
        if (!ec && linger) {
          return self->lingeringClose();
        }
        if (ec || close_after) {
          return self->close();
        }
        self->waitForRequest();
      });
}

void Session::lingeringClose() {
  // Closing with unread request bytes would make the kernel reset the connection, and the
  // client could lose the error response; so stop sending, read what the client still sends
  // (for at most a moment) and then close, as nginx's lingering close does.
  beast::error_code ignored;
  stream_.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_send, ignored);
  stream_.expires_after(std::chrono::seconds(2));
  drainInput();
}

void Session::drainInput() {
  buffer_.consume(buffer_.size());
  stream_.async_read_some(buffer_.prepare(16384),
                          [self = shared_from_this()](beast::error_code ec, std::size_t) {
                            if (ec) {
                              return self->close();
                            }
                            self->drainInput();
                          });
}

void Session::close() {
  if (closed_) {
    return;
  }
  closed_ = true;
  idle_ = false;
  beast::error_code ignored;
  stream_.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_send, ignored);
  stream_.close();
}

}  // namespace shadowscale::live
