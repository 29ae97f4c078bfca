#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/traffic_source.h"
#include "replay/traffic_spec.h"

namespace shadowscale {

// The stream name a run's traffic draws from: Rng::stream(run_seed, kTrafficStreamName).
inline constexpr const char* kTrafficStreamName = "traffic";

// Makes the traffic source a scenario describes. Relative CSV paths resolve against `base_dir`
// (the scenario file's folder; empty = the working directory). spec.duration 0 means the
// source's own length (a count series' length times its loop; a synthetic source has none and
// throws). Throws InputError for a setting out of range or a bad file.
// `route_names` ("METHOD /template", the instance model's routes) map a capture's requests to
// Request.route (position i -> i + 1; unmatched -> 0).
std::unique_ptr<TrafficSource> makeTrafficSource(const TrafficSpec& spec, std::uint64_t run_seed,
                                                 const std::string& base_dir,
                                                 const std::vector<std::string>& route_names = {});

}  // namespace shadowscale
