#pragma once

#include <string>

#include "tune/tuner.h"

namespace shadowscale {

// The renderings of a search's result. Each is deterministic: the same result gives the same
// bytes, however the search was sharded or threaded.

// The simulator's front on the training window, measured out of sample on the test window,
// with the baseline first: one row per setup, ratios against the baseline.
std::string frontCsv(const TuneContext& ctx, const TuneResult& result);
// Every confirmed candidate with both fidelities on both windows.
std::string confirmedCsv(const TuneContext& ctx, const TuneResult& result);
// Every screened candidate with the fluid model's training figures.
std::string candidatesCsv(const TuneContext& ctx, const TuneResult& result);
// The whole result as JSON: options, windows, baseline, confirmed, agreement, chosen, verdict.
std::string tuneJson(const TuneContext& ctx, const TuneOptions& options, const TuneResult& result);
// A self-contained HTML page: cost against violation minutes of every candidate, the front in
// and out of sample, the agreement of the fidelities and the tables.
std::string tuneHtml(const TuneContext& ctx, const TuneOptions& options, const TuneResult& result);
// A confirmed setup as a scenario snippet with its figures in a comment.
std::string snippetFile(const TuneContext& ctx, const TuneResult& result, const Confirmed& c);

}  // namespace shadowscale
