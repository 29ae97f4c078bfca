// Simulated requests per second through the whole path: traffic source -> proxy core -> pool
// -> metrics. The target is >= 20 million per second on one core. BM_SourceOnly is the baseline
// run beside it: the same traffic generated and discarded, so the ratio shows what routing,
// serving and recording cost on top of producing the requests.
#include <benchmark/benchmark.h>

#include <memory>
#include <vector>

#include "replay/traffic_factory.h"
#include "scenarios/scenario.h"
#include "sim/setup_run.h"

namespace shadowscale {
namespace {

// A steady one million requests per second against 80 instances of 16 workers: busy (about
// 60% utilization) but not overloaded, with a shadow pool getting a 10% mirror.
Scenario benchScenario(TimeNs duration) {
  Scenario sc;
  sc.name = "bench";
  sc.seed = 7;
  sc.interval = kMinute;
  SyntheticSpec syn;
  syn.base_rate = 1e6;
  syn.daily_amplitude = 0;
  syn.weekend_factor = 1;
  syn.noise = 0;
  sc.traffic.duration = duration;
  sc.traffic.source = syn;
  sc.live.instance.workers = 16;
  sc.live.instance.service = {1 * kMillisecond, 3 * kMillisecond};
  sc.live.initial_instances = 100;
  sc.live.max_instances = 100;
  sc.shadow = sc.live;
  sc.shadow.initial_instances = 10;
  SetupSpec setup;
  setup.name = "static";
  setup.shadow_pool = true;
  setup.proxy.mirror_fraction = 0.1;
  sc.setups.push_back(setup);
  return sc;
}

void BM_WholePath(benchmark::State& state) {
  const Scenario sc = benchScenario(20 * kSecond);
  std::uint64_t requests = 0;
  for (auto _ : state) {
    SetupRun run(sc, sc.setups[0]);
    const SetupResult r = run.run();
    requests += r.simulated_requests;
    benchmark::DoNotOptimize(r.metrics.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(requests));
}
BENCHMARK(BM_WholePath)->Unit(benchmark::kMillisecond);

void BM_SourceOnly(benchmark::State& state) {
  const Scenario sc = benchScenario(20 * kSecond);
  std::vector<Request> batch(4096);
  std::uint64_t requests = 0;
  for (auto _ : state) {
    auto source = makeTrafficSource(sc.traffic, sc.seed, ".");
    std::size_t n;
    while ((n = source->next(sc.traffic.duration, batch)) > 0) {
      requests += n;
      benchmark::DoNotOptimize(batch.data());
    }
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(requests));
}
BENCHMARK(BM_SourceOnly)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace shadowscale

BENCHMARK_MAIN();
