#include "replay/traffic_factory.h"

#include <filesystem>
#include <type_traits>
#include <variant>

#include "core/rng.h"
#include "replay/capture_source.h"
#include "replay/count_csv_source.h"
#include "replay/synthetic_source.h"

namespace shadowscale {

std::unique_ptr<TrafficSource> makeTrafficSource(const TrafficSpec& spec, std::uint64_t run_seed,
                                                 const std::string& base_dir,
                                                 const std::vector<std::string>& route_names) {
  const Rng rng = Rng::stream(run_seed, kTrafficStreamName);
  return std::visit(
      [&](const auto& source) -> std::unique_ptr<TrafficSource> {
        using T = std::decay_t<decltype(source)>;
        if constexpr (std::is_same_v<T, SyntheticSpec>) {
          return std::make_unique<SyntheticSource>(source, spec.duration, spec.start_unix, rng);
        } else {
          std::string resolved = source.path;
          const std::filesystem::path path(source.path);
          if (path.is_relative() && !base_dir.empty()) {
            resolved = (std::filesystem::path(base_dir) / path).lexically_normal().string();
          }
          if constexpr (std::is_same_v<T, CountCsvSpec>) {
            CountCsvSpec csv = source;
            csv.path = resolved;
            return std::make_unique<CountCsvSource>(csv, spec.duration, rng);
          } else {
            CaptureReplayOptions o;
            o.speed = source.speed;
            o.rate_multiplier = source.rate_multiplier;
            o.duplicate_jitter = source.duplicate_jitter;
            o.loop = source.loop;
            o.loop_until = spec.duration;  // > 0: loop to fill the run (at least one pass)
            o.reorder_window = source.reorder_window;
            o.min_gap = source.min_gap;
            o.include_mirror_copies = source.include_mirror_copies;
            return std::make_unique<CaptureSource>(resolved, route_names, o, rng);
          }
        }
      },
      spec.source);
}

}  // namespace shadowscale
