#pragma once

#include <optional>
#include <string>

#include "report/run_data.h"

namespace shadowscale {

// What htmlReport needs besides the run.
struct HtmlReportOptions {
  // The SLO's latency target, drawn as a line on the p99 chart. Given explicitly it wins over
  // the run's own (summary.json's "slo", else the scenario's); without any, only p99_ms
  // thresholds are drawn.
  std::optional<double> slo_latency_ms;
  std::optional<double> slo_percentile;
  // The page title when there is no summary (or it names no scenario).
  std::string title;
  // How the page's footer names the summary.
  std::string summary_name = "summary.json";
  // Pixel columns of each chart's plot: every series is thinned to a minimum and a maximum per
  // column, so a chart's size depends on this, not on the run's length.
  int columns = 800;
};

// One self-contained HTML page for a finished run: header (scenario, seed, version, the length
// actually run), the key metrics side by side with threshold results and what the scaling lag's
// sign means, and inline SVG charts of demand, ready capacity, p99 latency, errors, cumulative
// cost, shadow weight and mirror rate (when a setup has a shadow pool) and forecasts (when
// intervals.csv has forecast columns), each with the warm-up period shaded. No scripts, no
// network: it opens from a file:// URL offline. A chart whose columns are missing is left out.
// Deterministic: the same run gives the same page.
std::string htmlReport(const RunData& run, const HtmlReportOptions& options);

// The same, loading the run from intervals.csv and summary.json text ("" = none) first.
// Throws InputError ("file:line: column: problem") for a malformed CSV or summary.
std::string htmlReport(const std::string& intervals_csv_path,
                       const std::string& summary_json_text_or_empty,
                       const HtmlReportOptions& options);

}  // namespace shadowscale
