// shadowscale-echo: a small HTTP backend that stands in for a real service instance in demos,
// tests and benchmarks (docs/live-replay.md). It parses its options and runs live/EchoServer.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>
#include <string>

#include "app/cli/exit_codes.h"
#include "core/input_error.h"
#include "live/echo_server.h"
#include "scenarios/units.h"

namespace {

// A duration option read with the scenario files' duration syntax ("20ms", "1.5s").
CLI::Option* addDuration(CLI::App& app, const std::string& name, shadowscale::TimeNs& target,
                         const std::string& help) {
  return app
      .add_option_function<std::string>(
          name,
          [name, &target](const std::string& text) {
            try {
              target = shadowscale::parseDuration(text);
            } catch (const shadowscale::InputError& e) {
              throw CLI::ValidationError(name, e.problem());
            }
            if (target < 0) {
              throw CLI::ValidationError(name, "must not be negative");
            }
          },
          help)
      ->type_name("DURATION");
}

}  // namespace

int main(int argc, char** argv) {
  using namespace shadowscale;
  EchoConfig config;
  config.seed = 0;
  bool exponential = false;
  CLI::App app{
      "shadowscale-echo: an HTTP backend with a service-time distribution, a worker limit and "
      "queue, CPU burn, a start-up delay and a shared database connection limit. Every path "
      "answers a JSON line after its service time (add ?status=NNN for another status); the "
      "readiness path answers at once."};
  app.add_option("--host", config.host, "address to listen on")->capture_default_str();
  app.add_option("--port", config.port, "port to listen on; 0 picks a free one")
      ->capture_default_str();
  CLI::Option* mean = addDuration(app, "--service-mean", config.service.mean,
                                  "mean service time (default 20ms; alone: constant)");
  CLI::Option* p99 =
      addDuration(app, "--service-p99", config.service.p99,
                  "99th percentile of the service time, a log-normal (default 80ms; equal to the "
                  "mean: constant)");
  app.add_flag("--exponential", exponential, "exponential service times with the mean");
  app.add_option("--workers", config.workers, "requests served at once")->capture_default_str();
  app.add_option("--queue", config.queue_capacity, "requests waiting beyond the workers")
      ->capture_default_str();
  app.add_option("--cpu-share", config.cpu_share,
                 "share of each service time spent computing (0..1); the rest waits")
      ->capture_default_str();
  addDuration(app, "--startup-delay", config.startup_delay,
              "answer 503 (and not ready) until this long after start (default 0s)");
  app.add_option("--ready-path", config.ready_path, "readiness path")->capture_default_str();
  app.add_option("--db-pool", config.db_pool,
                 "name of a database connection limit shared by every process using the name");
  app.add_option("--db-connections", config.db_connections, "size of the --db-pool limit");
  addDuration(app, "--db-timeout", config.db_timeout,
              "waiting longer for a connection answers 503 (default 5s)");
  app.add_option("--io-threads", config.io_threads, "I/O threads")->capture_default_str();
  app.add_option("--seed", config.seed, "seed of the service times (default: the process id)");
  addDuration(app, "--drain-timeout", config.drain_timeout,
              "on SIGTERM, how long requests in flight get (default 30s)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? kExitOk : kExitBadInput;
  }
  config.service.exponential = exponential;
  if (mean->count() > 0 && p99->count() == 0) {
    config.service.p99 = config.service.mean;  // a mean alone: a constant service time
  }
  if (!exponential && config.service.p99 < config.service.mean) {
    std::fprintf(stderr, "shadowscale-echo: --service-p99: must be at least the mean\n");
    return kExitBadInput;
  }
  if (config.seed == 0) {
    config.seed = static_cast<std::uint64_t>(::getpid());
  }
  try {
    EchoServer server(config);
    std::printf("shadowscale-echo listening on %s:%u\n", config.host.c_str(),
                static_cast<unsigned>(server.port()));
    std::fflush(stdout);
    server.run(/*handle_signals=*/true);
    const EchoCounters c = server.counters();
    std::fprintf(stderr,
                 "shadowscale-echo: stopped; served %llu, queue full %llu, database timeouts "
                 "%llu, not ready %llu\n",
                 static_cast<unsigned long long>(c.served),
                 static_cast<unsigned long long>(c.queue_full),
                 static_cast<unsigned long long>(c.db_timeouts),
                 static_cast<unsigned long long>(c.not_ready));
    return kExitOk;
  } catch (const InputError& e) {
    std::fprintf(stderr, "shadowscale-echo: %s\n", e.what());
    return kExitBadInput;
  } catch (const std::invalid_argument& e) {
    std::fprintf(stderr, "shadowscale-echo: service time: %s\n", e.what());
    return kExitBadInput;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "shadowscale-echo: error: %s\n", e.what());
    return kExitFailure;
  }
}
