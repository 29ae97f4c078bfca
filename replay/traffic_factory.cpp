#include "replay/traffic_factory.h"

#include <filesystem>
#include <type_traits>
#include <variant>

#include "core/rng.h"
#include "replay/count_csv_source.h"
#include "replay/synthetic_source.h"

namespace shadowscale {

std::unique_ptr<TrafficSource> makeTrafficSource(const TrafficSpec& spec, std::uint64_t run_seed,
                                                 const std::string& base_dir) {
  const Rng rng = Rng::stream(run_seed, kTrafficStreamName);
  return std::visit(
      [&](const auto& source) -> std::unique_ptr<TrafficSource> {
        using T = std::decay_t<decltype(source)>;
        if constexpr (std::is_same_v<T, SyntheticSpec>) {
          return std::make_unique<SyntheticSource>(source, spec.duration, spec.start_unix, rng);
        } else {
          CountCsvSpec resolved = source;
          const std::filesystem::path path(source.path);
          if (path.is_relative() && !base_dir.empty()) {
            resolved.path = (std::filesystem::path(base_dir) / path).lexically_normal().string();
          }
          return std::make_unique<CountCsvSource>(resolved, spec.duration, rng);
        }
      },
      spec.source);
}

}  // namespace shadowscale
