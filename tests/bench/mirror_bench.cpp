// What mirroring costs the live proxy per request, on the proxy's own thread, beside the routing
// decision every request takes anyway (BM_RouteDecision, the baseline). With a bounded budget of
// copies in flight and a shadow that answers after 1 s, only budget / 1 s copies a second can
// be sent; every other sampled request is dropped (BM_MirrorDropped), and a shadow that refused
// a connection is passed by for a second (BM_MirrorPassedBy). BM_MirrorCopyBuilt is the part of
// a sent copy that is not socket work: the copy of the request, its Host suffix and redaction.
// scripts/bench-proxy.sh measures the whole proxy (about 10-14 us of CPU per request on the
// project's machine); these figures say how much of that a copy can be. Times are CPU time of
// the benchmark thread; run with --benchmark_repetitions=5 and read the medians.
#include <benchmark/benchmark.h>

#include <boost/asio/io_context.hpp>
#include <memory>
#include <string>

#include "core/proxy_core.h"
#include "live/http_rules.h"
#include "live/mirror.h"
#include "live/proxy_shared.h"
#include "live/router.h"
#include "live/static_pool.h"
#include "live/traffic_stats.h"
#include "live/upstream_client.h"

namespace shadowscale::live {
namespace {

// A typical API request as the proxy forwards it, with a header the mirror redacts.
Request sampleRequest() {
  Request r{http::verb::get, "/api/items/42?view=full", 11};
  r.set(http::field::host, "api.example.com:8080");
  r.set(http::field::user_agent, "curl/7.88.1");
  r.set(http::field::accept, "application/json");
  r.set(http::field::authorization, "Bearer abcdef0123456789");
  r.set(http::field::cookie, "session=0123456789abcdef");
  r.set("X-Request-Id", "5b1f0f7c-8d3e-4f4b-9c55-0a4f8a0d2b61");
  makeUpstreamRequest(r, "127.0.0.1");
  return r;
}

PoolSpec staticSpec(const std::string& address) {
  PoolSpec s;
  s.fixed = StaticPoolSpec{{address}};
  s.initial_instances = s.min_instances = s.max_instances = 1;
  return s;
}

// A proxy's shared state with a live and a shadow pool (neither is connected to: the paths
// measured here end before any socket work) and 10% of requests mirrored.
struct MirrorFixture {
  explicit MirrorFixture(int budget) {
    server.mirror_budget = budget;
    shared = std::make_unique<ProxyShared>(server, clock, router, stats);
    shared->pools = {&live, &shadow};
  }

  ServerSpec server;
  ManualClock clock{kSecond};
  Router router{ProxyConfig{0.1, 60 * kSecond, 0.0}, Rng(1), clock};
  TrafficStats stats{1};
  StaticPool live{PoolId::kLive, staticSpec("127.0.0.1:1"), 0};
  StaticPool shadow{PoolId::kShadow, staticSpec("127.0.0.1:2"), 0};
  std::unique_ptr<ProxyShared> shared;
  boost::asio::io_context ioc;
  UpstreamClient client{ioc, kSecond};
  Request request = sampleRequest();
};

// The baseline: the routing decision (primary pool, mirror or not) every request takes.
void BM_RouteDecision(benchmark::State& state) {
  MirrorFixture f(64);
  for (auto _ : state) {
    benchmark::DoNotOptimize(f.router.route(true, true));
  }
}
BENCHMARK(BM_RouteDecision);

// A sampled copy over the budget: dropped and counted.
void BM_MirrorDropped(benchmark::State& state) {
  MirrorFixture f(0);
  for (auto _ : state) {
    sendMirrorCopy(*f.shared, f.client, f.request);
  }
  state.counters["dropped"] = static_cast<double>(f.stats.snapshot().mirror_dropped);
}
BENCHMARK(BM_MirrorDropped);

// A sampled copy within the budget while the only shadow instance refused a connection a moment
// ago: passed by and counted as failed, without a socket.
void BM_MirrorPassedBy(benchmark::State& state) {
  MirrorFixture f(64);
  std::shared_ptr<LiveInstance> in = f.shadow.acquire();
  in->refused_until.store(kHour);
  LivePool::release(*in);
  for (auto _ : state) {
    sendMirrorCopy(*f.shared, f.client, f.request);
  }
  state.counters["failed"] =
      static_cast<double>(f.stats.snapshot().pools[index(PoolId::kShadow)].mirror_failed);
}
BENCHMARK(BM_MirrorPassedBy);

// What a sent copy costs before its socket work: the copy, the Host suffix, the redaction.
void BM_MirrorCopyBuilt(benchmark::State& state) {
  MirrorFixture f(64);
  for (auto _ : state) {
    auto copy = std::make_shared<Request>(f.request);
    makeMirrorCopy(*copy, f.server.shadow_host_suffix, f.shared->redactor);
    benchmark::DoNotOptimize(copy);
  }
}
BENCHMARK(BM_MirrorCopyBuilt);

}  // namespace
}  // namespace shadowscale::live

BENCHMARK_MAIN();
