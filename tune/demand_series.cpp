#include "tune/demand_series.h"

#include <cmath>
#include <filesystem>
#include <span>
#include <stdexcept>
#include <string>
#include <variant>

#include "replay/traffic_factory.h"

namespace shadowscale {

DemandSeries readDemandSeries(const Scenario& scenario, TimeNs step) {
  if (step <= 0 || kMinute % step != 0) {
    throw std::invalid_argument("readDemandSeries: the step must divide a minute");
  }
  const std::string base = std::filesystem::path(scenario.source_path).parent_path().string();
  std::vector<std::string> routes;
  for (const RouteModel& r : scenario.live.instance.routes) {
    routes.push_back(r.name);
  }
  // The same source, stream and seed as a simulator run of the scenario.
  auto source = makeTrafficSource(scenario.traffic, scenario.seed, base, routes);
  DemandSeries d;
  d.step = step;
  d.end = scenario.traffic.duration > 0 ? scenario.traffic.duration : source->duration();
  d.epoch = source->epoch();
  d.events = source->events();
  const auto steps = static_cast<std::size_t>((d.end + step - 1) / step);
  d.rate.assign(steps, 0.0);
  if (std::holds_alternative<CaptureSpec>(scenario.traffic.source)) {
    // A capture knows no rate: its requests are counted.
    std::vector<Request> batch(4096);
    while (const std::size_t n = source->next(d.end, batch)) {
      for (std::size_t i = 0; i < n; ++i) {
        const auto k = static_cast<std::size_t>(batch[i].arrival / step);
        if (k < steps) {
          d.rate[k] += 1.0 / toSeconds(step);
        }
      }
    }
    return d;
  }
  for (std::size_t k = 0; k < steps; ++k) {
    const double r = source->expectedRate(static_cast<TimeNs>(k) * step);
    d.rate[k] = std::isfinite(r) && r > 0 ? r : 0.0;
  }
  return d;
}

}  // namespace shadowscale
