#pragma once

#include <string>

#include "core/metrics/slo_tracker.h"
#include "live/replay_client.h"
#include "sim/setup_result.h"

namespace shadowscale {

// A replay's figures as summary metrics, under the names `shadowscale run` uses where they mean
// the same (requests, p99_ms, error_rate, slo_violation_minutes, ...; docs/metrics.md), so the
// same thresholds apply; plus the replay's own (response_p99_ms, send_lag_p99_ms, dropped, ...).
SetupResult replayMetrics(const std::string& name, const ReplayResult& r, const SloTracker& slo);

// The summary printed after a replay, in the manner of k6's end-of-test summary.
std::string replaySummaryText(const ReplayResult& r, const SloTracker& slo);

}  // namespace shadowscale
