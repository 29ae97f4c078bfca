#include "live/session.h"

#include <boost/asio/write.hpp>
#include <chrono>

#include "live/mirror.h"
#include "live/worker.h"

namespace shadowscale::live {
namespace {

namespace beast = boost::beast;
namespace net = boost::asio;

// Bytes asked of the socket per read: a typical request whole, a large body in few reads.
constexpr std::size_t kReadChunk = 16384;
// How long a connection is read (and its bytes thrown away) after an error response.
constexpr std::chrono::seconds kLinger{2};

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

Session::Session(Socket socket, Worker& worker, ProxyShared& shared)
    : socket_(std::move(socket)),
      deadline_(socket_.get_executor()),
      worker_(worker),
      shared_(shared) {
  boost::system::error_code ec;
  const auto remote = socket_.remote_endpoint(ec);
  peer_ = ec ? "unknown" : remote.address().to_string();
}

void Session::start() {
  worker_.add(shared_from_this());
  waitForRequest();
}

void Session::closeIfIdle() {
  if (phase_ == Phase::kIdle) {
    close();
  }
}

void Session::enter(Phase phase, std::chrono::nanoseconds limit) {
  phase_ = phase;
  if (phase == Phase::kForwarding) {
    deadline_.set(LazyDeadline<Session>::kNever, *this);
  } else {
    deadline_.setAfter(limit, *this);
  }
}

void Session::onDeadline() {
  if (closed_) {
    return;
  }
  if (phase_ == Phase::kReading) {
    // The read in progress ends with operation_aborted; readFailed answers 408.
    timed_out_ = true;
    boost::system::error_code ignored;
    socket_.cancel(ignored);
    return;
  }
  if (phase_ != Phase::kForwarding) {
    close();  // idle too long, or a client that does not read its response
  }
}

void Session::waitForRequest() {
  if (shared_.draining.load(std::memory_order_relaxed)) {
    return close();
  }
  // Between requests the idle timeout applies; once a byte arrives, the client timeout.
  enter(Phase::kIdle, ns(shared_.server.idle_timeout));
  if (buffer_.size() > 0) {
    return parse();  // a pipelined request is here already
  }
  readMore();
}

void Session::readMore() {
  socket_.async_read_some(buffer_.prepare(kReadChunk),
                          [self = shared_from_this()](boost::system::error_code ec, std::size_t n) {
                            self->onRead(ec, n);
                          });
}

void Session::onRead(boost::system::error_code ec, std::size_t n) {
  buffer_.commit(n);
  if (closed_) {
    return;
  }
  if (ec || n == 0) {
    return readFailed(ec ? ec : net::error::eof);
  }
  parse();
}

void Session::parse() {
  if (!parser_) {
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(shared_.server.max_header_bytes));
    parser_->body_limit(shared_.server.max_body_bytes);
    timed_out_ = false;
    enter(Phase::kReading, ns(shared_.server.client_timeout));
  }
  // Parse what the buffer holds; a request that arrived whole is served without another read.
  while (buffer_.size() > 0) {
    beast::error_code ec;
    const std::size_t used = parser_->put(buffer_.data(), ec);
    buffer_.consume(used);
    if (ec == http::error::need_more) {
      break;
    }
    if (ec) {
      return readFailed(ec);
    }
    if (parser_->is_done()) {
      return forward();
    }
    if (used == 0) {
      break;
    }
  }
  readMore();
}

void Session::readFailed(boost::system::error_code ec) {
  if (phase_ == Phase::kIdle) {
    return close();  // closed or reset between requests: nothing to answer
  }
  if (timed_out_) {
    ec = beast::error::timeout;
  }
  const bool got_some = parser_ && parser_->got_some();
  unsigned status = statusForReadError(ec, got_some);
  if (status == 0 && timed_out_) {
    status = 408;  // the limit passed after the request's first bytes
  }
  if (status == 0) {
    return close();
  }
  rejectRead(status);
}

void Session::rejectRead(unsigned status) {
  shared_.stats.recordClientError(status);
  parser_.reset();
  head_ = false;
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
  parser_.reset();
  enter(Phase::kForwarding, {});
  // What the response needs to know of the client's request, before it becomes the upstream
  // request in place.
  client_version_ = request_->version();
  client_keep_alive_ = request_->keep_alive();
  head_ = request_->method() == http::verb::head;
  LivePool* live = shared_.pool(PoolId::kLive);
  LivePool* shadow = shared_.pool(PoolId::kShadow);
  const RouteDecision d =
      shared_.router.route(live->hasReady(), shadow != nullptr && shadow->hasReady());
  pool_ = d.primary == PoolId::kShadow && shadow != nullptr ? PoolId::kShadow : PoolId::kLive;
  LivePool* pool = shared_.pool(pool_);
  instance_ = pool->acquire();
  if (!instance_) {
    UpstreamResult none;
    none.failure = UpstreamFailure::kNoInstance;
    return onUpstream(std::move(none));
  }
  makeUpstreamRequest(*request_, peer_);
  if (d.mirror) {
    sendMirrorCopy(shared_, worker_.upstream(), *request_);
  }
  // The callback holds only the session (the instance and pool are its members), small enough
  // for std::function to keep without an allocation.
  worker_.upstream().send(
      instance_, request_, head_, pool->spec().instance.timeout,
      [self = shared_from_this()](UpstreamResult r) { self->onUpstream(std::move(r)); });
}

void Session::onUpstream(UpstreamResult result) {
  const TimeNs latency = shared_.clock.now() - arrival_;
  std::shared_ptr<LiveInstance> instance = std::move(instance_);
  if (instance) {
    LivePool::release(*instance);
  }
  const bool keep_alive = client_keep_alive_ && !shared_.draining.load(std::memory_order_relaxed);
  unsigned status = 0;
  if (result.ok) {
    status = result.response.result_int();
    shared_.stats.recordAnswered(pool_, status, latency);
    response_ = std::move(result.response);
    prepareClientResponse(response_, client_version_, keep_alive, head_);
  } else {
    status = statusFor(result.failure);
    shared_.stats.recordFailure(pool_, result.failure, status, latency);
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
    e.pool = pool_;
    e.upstream = instance ? instance->address : std::string();
    shared_.capture->record(e);
  }
  write(!keep_alive);
}

void Session::write(bool close_after, bool linger) {
  out_.clear();
  appendWire(response_, head_, out_);
  enter(Phase::kWriting, ns(shared_.server.client_timeout));
  net::async_write(
      socket_, net::buffer(out_),
      [self = shared_from_this(), close_after, linger](boost::system::error_code ec, std::size_t) {
        self->shared_.active_requests.fetch_sub(1);
        self->request_.reset();
        if (self->closed_) {
          return;
        }
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
  boost::system::error_code ignored;
  socket_.shutdown(net::ip::tcp::socket::shutdown_send, ignored);
  enter(Phase::kLingering, kLinger);
  drainInput();
}

void Session::drainInput() {
  buffer_.consume(buffer_.size());
  socket_.async_read_some(buffer_.prepare(kReadChunk),
                          [self = shared_from_this()](boost::system::error_code ec, std::size_t) {
                            if (ec || self->closed_) {
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
  boost::system::error_code ignored;
  socket_.shutdown(net::ip::tcp::socket::shutdown_send, ignored);
  socket_.close(ignored);
  deadline_.cancel();
}

}  // namespace shadowscale::live
