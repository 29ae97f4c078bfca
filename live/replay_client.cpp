#include "live/replay_client.h"

#include <utility>  // first: Boost 1.74's asio/awaitable.hpp uses std::exchange unincluded

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <deque>
#include <memory>
#include <optional>
#include <vector>

#include "core/input_error.h"

namespace shadowscale {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using SteadyTime = std::chrono::steady_clock::time_point;

ReplayTarget parseTargetUrl(const std::string& url) {
  const std::string scheme = "http://";
  if (url.rfind(scheme, 0) != 0) {
    throw InputError("--target: '" + url + "' is not an http:// URL" +
                     (url.rfind("https://", 0) == 0 ? " (https is not supported)" : ""));
  }
  std::string rest = url.substr(scheme.size());
  ReplayTarget t;
  const std::size_t slash = rest.find('/');
  if (slash != std::string::npos) {
    t.base_path = rest.substr(slash);
    rest = rest.substr(0, slash);
    while (!t.base_path.empty() && t.base_path.back() == '/') {
      t.base_path.pop_back();  // the captured targets bring their own leading '/'
    }
  }
  t.host_header = rest;
  const std::size_t colon = rest.rfind(':');
  if (colon != std::string::npos && rest.find(']', colon) == std::string::npos) {
    t.port = rest.substr(colon + 1);
    rest = rest.substr(0, colon);
    if (t.port.empty() || t.port.find_first_not_of("0123456789") != std::string::npos ||
        std::stoul(t.port) == 0 || std::stoul(t.port) > 65535) {
      throw InputError("--target: '" + url + "': the port must be a number from 1 to 65535");
    }
  }
  if (rest.size() >= 2 && rest.front() == '[' && rest.back() == ']') {
    rest = rest.substr(1, rest.size() - 2);  // an IPv6 literal
  }
  if (rest.empty()) {
    throw InputError("--target: '" + url + "' names no host");
  }
  t.host = rest;
  return t;
}

namespace {

class Connection;

// A request that is due: what to send and when it should have been sent.
struct Pending {
  ReplayRequest request;
  SteadyTime intended;
};

// The state of one replay: the schedule's timer, the connections, the waiting line and the
// results. Runs on one thread, so nothing here is locked.
class ReplayRun {
 public:
  ReplayRun(RequestSchedule& schedule, const ReplayOptions& options, SloTracker& slo,
            ReplayResult& result)
      : schedule_(schedule), options_(options), slo_(slo), result_(result), timer_(ioc_) {}

  void run();
  net::io_context& ioc() { return ioc_; }
  const tcp::resolver::results_type& endpoints() const { return endpoints_; }
  const ReplayOptions& options() const { return options_; }
  ReplayResult& result() { return result_; }

  // A connection finished its request (answered or failed) and can take the next.
  void connectionFree(Connection* c);
  // One request ended: its latencies and outcome.
  void record(const Pending& p, SteadyTime sent_at, SteadyTime now, bool ok);
  void opened() {
    ++result_.connections_opened;
    ++open_;
    result_.max_connections_open = std::max(result_.max_connections_open, open_);
  }
  void closed() { --open_; }

 private:
  void onTimer();
  void dispatch(Pending p);
  void closeSloMinutes(SteadyTime now);
  void finishIfDone();

  RequestSchedule& schedule_;
  const ReplayOptions& options_;
  SloTracker& slo_;
  ReplayResult& result_;
  net::io_context ioc_;
  net::steady_timer timer_;
  tcp::resolver::results_type endpoints_;
  SteadyTime start_;
  SteadyTime next_minute_;
  SteadyTime last_progress_;
  std::vector<std::shared_ptr<Connection>> connections_;
  std::vector<Connection*> idle_;
  std::deque<Pending> waiting_;
  std::uint64_t in_flight_ = 0;
  int open_ = 0;
  bool scheduled_all_ = false;
};

// One kept-alive client connection: connect when needed, write a request, read its answer.
class Connection : public std::enable_shared_from_this<Connection> {
 public:
  explicit Connection(ReplayRun& run) : run_(run), stream_(run.ioc()) {}

  void send(Pending p) {
    pending_ = std::move(p);
    retried_ = false;
    build();
    start();
  }
  void close() {
    if (open_) {
      beast::error_code ec;
      stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
      stream_.close();
      open_ = false;
      run_.closed();
    }
  }

 private:
  void build() {
    const ReplayRequest& r = pending_.request;
    const ReplayTarget& t = run_.options().target;
    request_ = {};
    const http::verb verb = http::string_to_verb(r.method);
    if (verb == http::verb::unknown) {
      request_.method_string(r.method);
    } else {
      request_.method(verb);
    }
    request_.target(t.base_path + r.target);
    request_.version(11);
    request_.set(http::field::host, t.host_header);
    for (const auto& [name, value] : r.headers) {
      request_.insert(name, value);
    }
    request_.body() = r.body;
    request_.keep_alive(true);
    request_.prepare_payload();
  }

  void start() {
    reused_ = open_;
    sent_at_ = std::chrono::steady_clock::now();
    ++run_.result().sent;
    stream_.expires_after(std::chrono::nanoseconds(run_.options().timeout));
    if (open_) {
      write();
      return;
    }
    stream_.async_connect(run_.endpoints(),
                          [self = shared_from_this()](beast::error_code ec, const tcp::endpoint&) {
                            if (ec) {
                              self->fail(ec);
                              return;
                            }
                            self->open_ = true;
                            self->run_.opened();
                            self->write();
                          });
  }

  void write() {
    http::async_write(stream_, request_,
                      [self = shared_from_this()](beast::error_code ec, std::size_t) {
                        if (ec) {
                          self->fail(ec);
                          return;
                        }
                        self->read();
                      });
  }

  void read() {
    parser_.emplace();
    parser_->body_limit(std::uint64_t{1} << 30);
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code ec, std::size_t bytes) {
                       if (ec) {
                         self->fail(ec);
                         return;
                       }
                       self->answered(bytes);
                     });
  }

  void answered(std::size_t bytes) {
    const auto now = std::chrono::steady_clock::now();
    ReplayResult& r = run_.result();
    const unsigned status = parser_->get().result_int();
    ++r.completed;
    ++r.status_classes[status >= 100 && status < 600 ? status / 100 : 0];
    r.bytes_received += bytes;
    const bool keep = parser_->get().keep_alive();
    parser_.reset();
    if (!keep) {
      close();
    }
    run_.record(pending_, sent_at_, now, status < 500);
    run_.connectionFree(this);
  }

  void fail(beast::error_code ec) {
    const auto now = std::chrono::steady_clock::now();
    const bool timed_out = ec == beast::error::timeout;
    close();
    buffer_.clear();
    parser_.reset();
    // A kept-alive connection the server closed while idle fails the next request before any
    // answer: send it once more on a new connection, as HTTP clients do.
    if (reused_ && !retried_ && !timed_out) {
      retried_ = true;
      --run_.result().sent;
      start();
      return;
    }
    ReplayResult& r = run_.result();
    if (timed_out) {
      ++r.timeouts;
    } else {
      ++r.connection_errors;
    }
    run_.record(pending_, sent_at_, now, false);
    run_.connectionFree(this);
  }

  ReplayRun& run_;
  beast::tcp_stream stream_;
  bool open_ = false;
  bool reused_ = false;
  bool retried_ = false;
  Pending pending_;
  SteadyTime sent_at_;
  http::request<http::string_body> request_;
  beast::flat_buffer buffer_;
  std::optional<http::response_parser<http::string_body>> parser_;
};

void ReplayRun::run() {
  tcp::resolver resolver(ioc_);
  beast::error_code ec;
  endpoints_ = resolver.resolve(options_.target.host, options_.target.port, ec);
  if (ec) {
    throw InputError("--target: cannot resolve '" + options_.target.host + "': " + ec.message());
  }
  start_ = std::chrono::steady_clock::now() + std::chrono::nanoseconds(options_.start_delay);
  next_minute_ = start_ + std::chrono::nanoseconds(options_.slo_minute);
  last_progress_ = start_;
  onTimer();
  ioc_.run();
  closeSloMinutes(std::chrono::steady_clock::now());
  if (slo_.openMinute().requests > 0) {
    slo_.closeMinute();  // the last, partial minute is judged too
  }
}

void ReplayRun::onTimer() {
  const auto now = std::chrono::steady_clock::now();
  const TimeNs elapsed = std::chrono::duration_cast<std::chrono::nanoseconds>(now - start_).count();
  ReplayRequest r;
  while (schedule_.nextDue() <= elapsed && schedule_.next(r)) {
    const SteadyTime intended = start_ + std::chrono::nanoseconds(r.due);
    dispatch({std::move(r), intended});
  }
  const TimeNs due = schedule_.nextDue();
  if (due == kNever) {
    scheduled_all_ = true;
    finishIfDone();
    return;
  }
  timer_.expires_at(start_ + std::chrono::nanoseconds(due));
  timer_.async_wait([this](beast::error_code ec) {
    if (!ec) {
      onTimer();
    }
  });
}

void ReplayRun::dispatch(Pending p) {
  ++result_.scheduled;
  if (!idle_.empty()) {
    Connection* c = idle_.back();
    idle_.pop_back();
    ++in_flight_;
    c->send(std::move(p));
  } else if (connections_.size() < static_cast<std::size_t>(options_.max_connections)) {
    connections_.push_back(std::make_shared<Connection>(*this));
    ++in_flight_;
    connections_.back()->send(std::move(p));
  } else if (waiting_.size() < options_.max_waiting) {
    waiting_.push_back(std::move(p));
  } else {
    // Open model: the schedule does not slow down for a slow server, so what cannot even wait
    // is dropped and counted as failed (k6 calls these dropped iterations).
    ++result_.dropped;
    slo_.record(0, false);
  }
}

void ReplayRun::connectionFree(Connection* c) {
  --in_flight_;
  if (!waiting_.empty()) {
    Pending p = std::move(waiting_.front());
    waiting_.pop_front();
    ++in_flight_;
    c->send(std::move(p));
    return;
  }
  idle_.push_back(c);
  finishIfDone();
}

void ReplayRun::record(const Pending& p, SteadyTime sent_at, SteadyTime now, bool ok) {
  using std::chrono::duration_cast;
  using std::chrono::nanoseconds;
  const TimeNs latency = duration_cast<nanoseconds>(now - p.intended).count();
  result_.latency.record(latency);
  result_.response.record(duration_cast<nanoseconds>(now - sent_at).count());
  result_.send_lag.record(duration_cast<nanoseconds>(sent_at - p.intended).count());
  closeSloMinutes(now);
  slo_.record(latency, ok);
  if (options_.on_result) {
    options_.on_result(latency, ok);
  }
  result_.wall = duration_cast<nanoseconds>(now - start_).count();
  if (options_.on_progress && now - last_progress_ >= std::chrono::milliseconds(500)) {
    last_progress_ = now;
    options_.on_progress(
        result_.completed + result_.timeouts + result_.connection_errors + result_.dropped,
        result_.scheduled);
  }
}

void ReplayRun::closeSloMinutes(SteadyTime now) {
  while (now >= next_minute_) {
    slo_.closeMinute();
    next_minute_ += std::chrono::nanoseconds(options_.slo_minute);
  }
}

void ReplayRun::finishIfDone() {
  if (!scheduled_all_ || in_flight_ > 0 || !waiting_.empty()) {
    return;
  }
  for (const auto& c : connections_) {
    c->close();  // nothing left to send: the I/O loop runs out of work and returns
  }
}

}  // namespace

ReplayResult replay(RequestSchedule& schedule, const ReplayOptions& options, SloTracker& slo) {
  if (options.max_connections < 1) {
    throw InputError("--connections: must be at least 1");
  }
  ReplayResult result;
  ReplayRun run(schedule, options, slo, result);
  run.run();
  return result;
}

}  // namespace shadowscale
