#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/time.h"

namespace shadowscale {

// A service-time (or start-up delay) distribution given by its mean and 99th percentile, as
// planners know them; modelled as a log-normal (a constant when p99 == mean). `exponential`
// asks for an exponential with that mean instead (p99 ignored): the M/M/c textbook case.
struct DurationDistribution {
  TimeNs mean = 0;
  TimeNs p99 = 0;
  bool exponential = false;
};

// Per-route cost: a POST to /checkout costs more than a GET of /health.
struct RouteModel {
  std::string name;
  DurationDistribution service;
};

// How one instance of a pool behaves.
struct InstanceModel {
  DurationDistribution provisioning{5 * kSecond, 5 * kSecond};  // asked -> process starting
  DurationDistribution startup{30 * kSecond, 60 * kSecond};     // starting -> ready
  int workers = 4;  // concurrent requests served per instance
  DurationDistribution service{20 * kMillisecond, 80 * kMillisecond};  // at cpu = 1.0
  int queue_capacity = 64;              // waiting requests per instance beyond the workers
  TimeNs timeout = 5 * kSecond;         // a request not finished by then fails
  TimeNs drain_timeout = 30 * kSecond;  // draining instances stop at most this long after
  std::vector<RouteModel>
      routes;  // optional per-route service times (Request.route r -> routes[r - 1])
};

// Real instances the live proxy starts, one process per instance, from a command template.
struct ProcessPoolSpec {
  std::string command;                  // every "{port}" becomes the instance's port
  std::string ready_path = "/healthz";  // ready once a GET of it answers 2xx
  TimeNs ready_timeout = 60 * kSecond;  // not ready by then: stopped and counted as failed
  TimeNs stop_timeout = 10 * kSecond;   // SIGTERM, then SIGKILL after this
  std::string host = "127.0.0.1";       // where the instances listen
};

// Real instances that run already, at fixed "host:port" addresses.
struct StaticPoolSpec {
  std::vector<std::string> addresses;
};

// One pool's fixed configuration.
struct PoolSpec {
  InstanceModel instance;
  int initial_instances = 1;  // ready at time 0
  int min_instances = 0;
  int max_instances = 1000;
  double cpu_per_instance = 1.0;  // service rate scales with this
  // At most one is set: the pool is then real, served by the live proxy, and `instance` only
  // tells the policies what to expect (start-up lead, capacity) and sets the timeouts.
  std::optional<ProcessPoolSpec> process;
  std::optional<StaticPoolSpec> fixed;

  bool real() const { return process.has_value() || fixed.has_value(); }
};

// Price and billing of instances.
struct CostModel {
  double price_per_cpu_hour = 0.05;  // an instance of cpu c costs c * this per hour
  enum class Granularity { kPerSecond, kPerHour } granularity = Granularity::kPerSecond;
  TimeNs minimum = 60 * kSecond;  // minimum billed time per instance (per-second billing)
};

}  // namespace shadowscale
