#include "live/echo_server.h"

#include <unistd.h>

#include <utility>  // first: Boost 1.74's asio/awaitable.hpp uses std::exchange unincluded

#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <list>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <system_error>
#include <thread>
#include <vector>

#include "core/input_error.h"
#include "live/echo_service.h"
#include "live/worker_pool.h"

namespace shadowscale {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

constexpr std::size_t kBodyLimit = 1 << 20;
constexpr auto kIdleTimeout = std::chrono::seconds(60);

// The status asked for by `?status=NNN`, or 200.
unsigned requestedStatus(std::string_view target) {
  const std::size_t q = target.find('?');
  if (q == std::string_view::npos) {
    return 200;
  }
  std::string_view query = target.substr(q + 1);
  while (!query.empty()) {
    const std::size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    if (pair.size() == 10 && pair.substr(0, 7) == "status=") {
      unsigned v = 0;
      for (char c : pair.substr(7)) {
        if (c < '0' || c > '9') {
          return 200;
        }
        v = v * 10 + static_cast<unsigned>(c - '0');
      }
      return v >= 100 && v <= 599 ? v : 200;
    }
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
  }
  return 200;
}

std::string_view pathOf(std::string_view target) {
  return target.substr(0, target.find('?'));
}

// Bounds of the options, so a typo gets a message instead of a process the machine cannot
// start: each worker is a thread, each I/O thread too, and the shared limit is a System V
// semaphore, whose value the kernel caps at 32767 (SEMVMX).
constexpr int kMaxWorkers = 10000;
constexpr int kMaxQueue = 1000000;
constexpr int kMaxIoThreads = 256;
constexpr int kMaxDbConnections = 32767;

void checkConfig(const EchoConfig& c) {
  if (c.workers < 1 || c.workers > kMaxWorkers) {
    throw InputError("--workers: " + std::to_string(c.workers) + " is not in 1.." +
                     std::to_string(kMaxWorkers) + " (each worker is a thread)");
  }
  if (c.queue_capacity < 0 || c.queue_capacity > kMaxQueue) {
    throw InputError("--queue: " + std::to_string(c.queue_capacity) + " is not in 0.." +
                     std::to_string(kMaxQueue));
  }
  if (!(c.cpu_share >= 0 && c.cpu_share <= 1)) {
    throw InputError("--cpu-share: must be in [0, 1]");
  }
  if (c.io_threads < 1 || c.io_threads > kMaxIoThreads) {
    throw InputError("--io-threads: " + std::to_string(c.io_threads) + " is not in 1.." +
                     std::to_string(kMaxIoThreads));
  }
  if (!c.db_pool.empty() && (c.db_connections < 1 || c.db_connections > kMaxDbConnections)) {
    throw InputError("--db-connections: " + std::to_string(c.db_connections) + " is not in 1.." +
                     std::to_string(kMaxDbConnections) + " (needed with --db-pool)");
  }
  if (c.db_pool.empty() && c.db_connections != 0) {
    throw InputError("--db-connections: needs --db-pool NAME");
  }
  if (c.ready_path.empty() || c.ready_path[0] != '/') {
    throw InputError("--ready-path: must start with '/'");
  }
}

}  // namespace

class EchoSession;

// Everything the sessions share: the configuration, the workers, the counters, the registry of
// open sessions (for the graceful stop).
struct EchoServer::Impl : std::enable_shared_from_this<EchoServer::Impl> {
  explicit Impl(const EchoConfig& c)
      : config(c),
        ioc(c.io_threads),
        strand(net::make_strand(ioc)),
        acceptor(strand),
        signals(strand),
        drain_timer(strand),
        service(c, c.workers),
        workers(c.workers, static_cast<std::size_t>(c.queue_capacity)),
        ready_at(std::chrono::steady_clock::now() + std::chrono::nanoseconds(c.startup_delay)) {}

  void accept();
  void beginStop();
  void sessionClosed();
  bool ready() const { return std::chrono::steady_clock::now() >= ready_at; }

  EchoConfig config;
  net::io_context ioc;
  // Runs the acceptor, the signals and the stop: they touch the same objects.
  net::strand<net::io_context::executor_type> strand;
  tcp::acceptor acceptor;
  net::signal_set signals;
  net::steady_timer drain_timer;
  EchoService service;
  WorkerPool workers;
  std::chrono::steady_clock::time_point ready_at;
  unsigned short port = 0;  // the bound port, kept: the acceptor closes on stop
  std::atomic<bool> draining{false};
  std::mutex sessions_mutex;
  std::list<std::weak_ptr<EchoSession>> sessions;
  std::size_t open_sessions = 0;
  std::atomic<std::uint64_t> accepted{0}, served{0}, queue_full{0}, db_timeouts{0}, not_ready{0};
};

// One client connection: read a request, hand it to a worker, write the answer, read again.
class EchoSession : public std::enable_shared_from_this<EchoSession> {
 public:
  EchoSession(tcp::socket socket, std::shared_ptr<EchoServer::Impl> server)
      : stream_(std::move(socket)), server_(std::move(server)) {}
  ~EchoSession() { server_->sessionClosed(); }

  void start() {
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->doRead(); });
  }

  // Closes the connection if it is waiting for a request; a request in service is answered
  // first (with Connection: close).
  void closeIfIdle() {
    net::post(stream_.get_executor(), [self = shared_from_this()] {
      if (self->reading_) {
        beast::error_code ec;
        self->stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
        self->stream_.close();
      }
    });
  }

 private:
  void doRead() {
    if (server_->draining) {
      stream_.close();
      return;
    }
    parser_.emplace();
    parser_->body_limit(kBodyLimit);
    stream_.expires_after(kIdleTimeout);
    reading_ = true;
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code ec, std::size_t) {
                       self->reading_ = false;
                       self->onRead(ec);
                     });
  }

  void onRead(beast::error_code ec) {
    if (ec == http::error::end_of_stream) {
      beast::error_code ignored;
      stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
      return;
    }
    if (ec == http::error::body_limit) {
      respondError(http::status::payload_too_large, "body over the limit\n", false);
      return;
    }
    if (ec) {
      if (ec != net::error::operation_aborted && ec != beast::error::timeout &&
          ec != net::error::eof && ec != net::error::connection_reset) {
        respondError(http::status::bad_request, "bad request: " + ec.message() + "\n", false);
      }
      return;
    }
    handle(parser_->release());
  }

  void handle(http::request<http::string_body> req) {
    keep_alive_ = req.keep_alive();
    version_ = req.version();
    target_ = std::string(req.target());
    method_ = std::string(req.method_string());
    received_ = req.body().size();
    const std::string_view path = pathOf(target_);
    if (path == server_->config.ready_path) {
      const bool ready = server_->ready() && !server_->draining;
      respondError(ready ? http::status::ok : http::status::service_unavailable,
                   ready ? "ready\n" : "starting\n", keep_alive_);
      return;
    }
    if (!server_->ready() || server_->draining) {
      ++server_->not_ready;
      respondError(http::status::service_unavailable, "not ready\n", keep_alive_);
      return;
    }
    const auto queued = std::chrono::steady_clock::now();
    const bool accepted = server_->workers.offer([self = shared_from_this(), queued](int worker) {
      const auto start = std::chrono::steady_clock::now();
      const EchoWork work = self->server_->service.serve(worker);
      const TimeNs waited =
          std::chrono::duration_cast<std::chrono::nanoseconds>(start - queued).count();
      net::post(self->stream_.get_executor(),
                [self, work, waited] { self->respondServed(work, waited); });
    });
    if (accepted) {
      ++server_->accepted;
    } else {
      ++server_->queue_full;
      respondError(http::status::service_unavailable, "queue full\n", keep_alive_);
    }
  }

  void respondServed(const EchoWork& work, TimeNs queued) {
    if (!work.served) {
      ++server_->db_timeouts;
      respondError(http::status::service_unavailable, "no database connection in time\n",
                   keep_alive_);
      return;
    }
    ++server_->served;
    nlohmann::json body = {
        {"method", method_},
        {"target", target_},
        {"pid", static_cast<long>(getpid())},
        {"port", server_->port},
        {"service_ms", toMillis(work.service)},
        {"queue_ms", toMillis(queued)},
        {"db_wait_ms", toMillis(work.db_wait)},
        {"request_bytes", received_},
    };
    auto res = std::make_shared<http::response<http::string_body>>(
        static_cast<http::status>(requestedStatus(target_)), version_);
    res->set(http::field::content_type, "application/json");
    res->set("x-echo-service-ms", std::to_string(toMillis(work.service)));
    res->body() = body.dump() + "\n";
    send(std::move(res), keep_alive_);
  }

  void respondError(http::status status, std::string text, bool keep_alive) {
    auto res = std::make_shared<http::response<http::string_body>>(status, version_);
    res->set(http::field::content_type, "text/plain");
    res->body() = std::move(text);
    send(std::move(res), keep_alive);
  }

  void send(std::shared_ptr<http::response<http::string_body>> res, bool keep_alive) {
    keep_alive = keep_alive && !server_->draining;
    res->keep_alive(keep_alive);
    res->prepare_payload();
    stream_.expires_after(kIdleTimeout);
    http::async_write(
        stream_, *res,
        [self = shared_from_this(), res, keep_alive](beast::error_code ec, std::size_t) {
          if (ec) {
            return;
          }
          if (!keep_alive) {
            beast::error_code ignored;
            self->stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
            return;
          }
          self->doRead();
        });
  }

  beast::tcp_stream stream_;
  std::shared_ptr<EchoServer::Impl> server_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  bool reading_ = false;
  bool keep_alive_ = true;
  unsigned version_ = 11;
  std::string target_, method_;
  std::size_t received_ = 0;
};

void EchoServer::Impl::accept() {
  acceptor.async_accept(
      net::make_strand(ioc), [self = shared_from_this()](beast::error_code ec, tcp::socket socket) {
        if (ec) {
          if (ec != net::error::operation_aborted && self->acceptor.is_open()) {
            self->accept();  // e.g. out of file descriptors: keep serving the others
          }
          return;
        }
        if (self->draining) {
          return;
        }
        auto session = std::make_shared<EchoSession>(std::move(socket), self);
        {
          std::lock_guard<std::mutex> lock(self->sessions_mutex);
          ++self->open_sessions;
          self->sessions.remove_if([](const auto& w) { return w.expired(); });
          self->sessions.push_back(session);
        }
        session->start();
        self->accept();
      });
}

void EchoServer::Impl::beginStop() {
  if (draining.exchange(true)) {
    return;
  }
  beast::error_code ec;
  acceptor.close(ec);
  signals.cancel(ec);
  std::vector<std::shared_ptr<EchoSession>> open;
  bool none = false;
  {
    std::lock_guard<std::mutex> lock(sessions_mutex);
    for (const auto& w : sessions) {
      if (auto s = w.lock()) {
        open.push_back(std::move(s));
      }
    }
    none = open_sessions == 0;
  }
  for (const auto& s : open) {
    s->closeIfIdle();
  }
  if (none) {
    return;  // with the acceptor closed, the I/O threads run out of work and return
  }
  drain_timer.expires_after(std::chrono::nanoseconds(config.drain_timeout));
  drain_timer.async_wait([self = shared_from_this()](beast::error_code e) {
    if (!e) {
      // The drain timeout: give up on what is still in flight (the process is about to exit).
      self->ioc.stop();
    }
  });
}

void EchoServer::Impl::sessionClosed() {
  bool last = false;
  {
    std::lock_guard<std::mutex> lock(sessions_mutex);
    --open_sessions;
    last = open_sessions == 0 && draining;
  }
  if (last) {
    // The last connection is gone: nothing is left to wait for.
    net::post(strand, [self = shared_from_this()] { self->drain_timer.cancel(); });
  }
}

EchoServer::EchoServer(const EchoConfig& config) {
  checkConfig(config);
  try {
    impl_ = std::make_shared<Impl>(config);
  } catch (const std::system_error& e) {
    // The machine's thread limit (ulimit -u, memory) is below what was asked.
    throw InputError("--workers: cannot start " + std::to_string(config.workers) +
                     " worker threads here (" + e.what() + "); ask for fewer");
  }
  beast::error_code ec;
  const auto address = net::ip::make_address(config.host, ec);
  if (ec) {
    throw InputError("--host: '" + config.host + "' is not an IP address");
  }
  const tcp::endpoint endpoint(address, config.port);
  impl_->acceptor.open(endpoint.protocol(), ec);
  if (!ec) {
    impl_->acceptor.set_option(net::socket_base::reuse_address(true), ec);
  }
  if (!ec) {
    impl_->acceptor.bind(endpoint, ec);
  }
  if (!ec) {
    impl_->acceptor.listen(net::socket_base::max_listen_connections, ec);
  }
  if (ec) {
    throw std::runtime_error("cannot listen on " + config.host + ":" + std::to_string(config.port) +
                             ": " + ec.message());
  }
  impl_->port = impl_->acceptor.local_endpoint().port();
}

EchoServer::~EchoServer() = default;

unsigned short EchoServer::port() const {
  return impl_->port;
}

void EchoServer::run(bool handle_signals) {
  Impl& s = *impl_;
  if (handle_signals) {
    s.signals.add(SIGTERM);
    s.signals.add(SIGINT);
    s.signals.async_wait([self = impl_](beast::error_code ec, int) {
      if (!ec) {
        self->beginStop();
      }
    });
  }
  s.accept();
  std::vector<std::thread> extra;
  for (int i = 1; i < s.config.io_threads; ++i) {
    extra.emplace_back([&s] { s.ioc.run(); });
  }
  s.ioc.run();
  for (auto& t : extra) {
    t.join();
  }
  s.workers.waitIdle();
}

void EchoServer::stop() {
  net::post(impl_->strand, [self = impl_] { self->beginStop(); });
}

EchoCounters EchoServer::counters() const {
  return {impl_->accepted.load(), impl_->served.load(), impl_->queue_full.load(),
          impl_->db_timeouts.load(), impl_->not_ready.load()};
}

}  // namespace shadowscale
