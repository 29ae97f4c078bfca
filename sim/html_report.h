#pragma once

#include <optional>
#include <string>

namespace shadowscale {

// What htmlReport needs besides the files.
struct HtmlReportOptions {
  // The SLO's latency target, drawn as a line on the p99 chart; summary.json's "slo" object,
  // when it has one, wins. Without either, only p99_ms thresholds are drawn.
  std::optional<double> slo_latency_ms;
  double slo_percentile = 0.99;
  // The page title when there is no summary (or it names no scenario).
  std::string title;
  // How errors in the summary text name it.
  std::string summary_name = "summary.json";
  // Pixel columns of each chart's plot: every series is thinned to a minimum and a maximum per
  // column, so a chart's size depends on this, not on the run's length.
  int columns = 800;
};

// One self-contained HTML page for a finished run: header (scenario, seed, version), the key
// metrics side by side with threshold results, and inline SVG charts of demand, ready capacity,
// p99 latency, errors, cumulative cost, shadow weight and mirror rate (when a setup has a shadow
// pool) and forecasts (when intervals.csv has forecast columns). No scripts, no network: it
// opens from a file:// URL offline. Columns are looked up by header name; a chart whose columns
// are missing is left out. intervals.csv is streamed twice (range, then data), holding only the
// thinned series. Deterministic: the same files give the same page.
// Throws InputError ("file:line: column: problem") for a malformed CSV or summary.
std::string htmlReport(const std::string& intervals_csv_path,
                       const std::string& summary_json_text_or_empty,
                       const HtmlReportOptions& options);

}  // namespace shadowscale
