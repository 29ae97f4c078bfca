// The HTML page of a search (declared in tune/tune_report.h).
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/text.h"
#include "report/svg_chart.h"
#include "scenarios/units.h"
#include "shadowscale/version.h"
#include "tune/tune_files.h"
#include "tune/tune_report.h"

namespace shadowscale {

namespace {

const char* kStyle = R"(
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 24px auto;
  max-width: 1120px; padding: 0 16px; color: #222; background: #fff; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
.meta { color: #555; margin: 0 0 12px; }
.banner { padding: 8px 12px; border-radius: 4px; margin: 12px 0; font-weight: 600; }
.banner.pass { background: #e6f4ea; color: #1e6b34; }
.banner.fail { background: #fce8e6; color: #a50e0e; }
table { border-collapse: collapse; margin: 8px 0; font-size: 14px; }
th, td { border: 1px solid #ddd; padding: 4px 10px; }
th { background: #f6f6f6; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
section.chart svg { width: 100%; height: auto; max-width: 1000px; display: block; }
.note { color: #555; font-size: 13px; margin: 2px 0 0; }
)";

std::string cell(const std::string& text, bool num = true) {
  return std::string(num ? "<td class=\"num\">" : "<td>") + escapeMarkup(text) + "</td>";
}

// A round upper end for an axis holding `v`.
double axisTop(double v) {
  const std::vector<double> t = niceTicks(0, v > 0 ? v * 1.03 : 1.0, 6);
  return t.back();
}

// Cost against violation minutes: every screened candidate (fluid), the confirmed ones and
// the front (simulator), and the baseline, on the training window.
std::string trainChart(const TuneResult& r) {
  ChartSpec spec;
  spec.title = "Training window: instance-hours against SLO-violation minutes";
  spec.x_label = "instance-hours";
  spec.y_label = "SLO-violation minutes";
  ChartSeries screened{"screened (fluid model)", "#c7c7c7", {}, false, 1.0, true};
  ChartSeries confirmed{"confirmed (simulator)", "#4e79a7", {}, false, 1.5, true};
  // The front's line in a colour of its own: in the confirmed points' blue it could not be told
  // from the points it joins.
  ChartSeries front{"front (simulator)", "#f28e2b", {}, false, 1.5, false};
  ChartSeries chosen{"chosen", "#59a14f", {}, false, 3.0, true};
  ChartSeries base{r.baseline.name + " (simulator)", "#e15759", {}, false, 2.5, true};
  double x_hi = 0;
  for (const Screened& s : r.screened) {
    if (s.valid) {
      screened.points.push_back({s.train.instance_hours, s.train.violation_minutes});
    }
  }
  std::vector<ChartPoint> f;
  for (const Confirmed& c : r.confirmed) {
    confirmed.points.push_back({c.sim_train.instance_hours, c.sim_train.violation_minutes});
    x_hi = std::max(x_hi, c.sim_train.instance_hours);
    if (c.on_front) {
      f.push_back({c.sim_train.instance_hours, c.sim_train.violation_minutes});
    }
    if (c.chosen) {
      chosen.points.push_back({c.sim_train.instance_hours, c.sim_train.violation_minutes});
    }
  }
  std::sort(f.begin(), f.end(), [](const ChartPoint& a, const ChartPoint& b) { return a.x < b.x; });
  front.points = f;
  base.points.push_back(
      {r.baseline.sim_train.instance_hours, r.baseline.sim_train.violation_minutes});
  x_hi = std::max(x_hi, r.baseline.sim_train.instance_hours) * 1.5;
  // Screened points far beyond the confirmed ones would squeeze the front into a corner.
  std::erase_if(screened.points, [&](const ChartPoint& p) { return p.x > x_hi; });
  for (const ChartPoint& p : screened.points) {
    x_hi = std::max(x_hi, p.x);
  }
  spec.x_min = 0;
  spec.x_max = axisTop(x_hi);
  spec.series = {screened, confirmed, front, chosen, base};
  return renderSvgChart(spec);
}

// The front out of sample: each front member's test-window figures beside the baseline's.
std::string testChart(const TuneResult& r) {
  ChartSpec spec;
  spec.title = "Test window (out of sample): the front's setups";
  spec.x_label = "instance-hours";
  spec.y_label = "SLO-violation minutes";
  ChartSeries front{"front setups (simulator)", "#f28e2b", {}, false, 1.5, true};
  ChartSeries chosen{"chosen", "#59a14f", {}, false, 3.0, true};
  ChartSeries base{r.baseline.name, "#e15759", {}, false, 2.5, true};
  double x_hi = r.baseline.sim_test.instance_hours;
  for (const Confirmed& c : r.confirmed) {
    if (c.on_front || c.chosen) {
      (c.chosen ? chosen : front)
          .points.push_back({c.sim_test.instance_hours, c.sim_test.violation_minutes});
      x_hi = std::max(x_hi, c.sim_test.instance_hours);
    }
  }
  base.points.push_back(
      {r.baseline.sim_test.instance_hours, r.baseline.sim_test.violation_minutes});
  spec.x_min = 0;
  spec.x_max = axisTop(x_hi);
  spec.series = {front, chosen, base};
  return renderSvgChart(spec);
}

std::string verdict(const TuneOptions& options, const TuneResult& r) {
  if (r.chosen < 0) {
    return "<p class=\"banner fail\">No setup chosen: " + escapeMarkup(r.choice_reason) + ".</p>\n";
  }
  const Confirmed& c = r.confirmed[static_cast<std::size_t>(r.chosen)];
  const WindowMetrics& b = r.baseline.sim_test;
  return std::string("<p class=\"banner ") + (r.target_met ? "pass" : "fail") +
         "\">Chosen: " + escapeMarkup(c.name) +
         ". Out of sample: " + formatNumber("%.0f", c.sim_test.violation_minutes) +
         " SLO-violation minutes against " + formatNumber("%.0f", b.violation_minutes) + " for " +
         escapeMarkup(r.baseline.name) + ", at " +
         formatNumber("%.3f",
                      b.instance_hours > 0 ? c.sim_test.instance_hours / b.instance_hours : NAN) +
         "x its instance-hours: target (at least 50% fewer minutes at no more than " +
         formatNumber("%.2f", options.budget) + "x) " + (r.target_met ? "met" : "not met") +
         ".</p>\n" + "<p>Why this setup: " + escapeMarkup(r.choice_reason) + ".</p>\n";
}

std::string agreementTable(const TuneResult& r) {
  const Agreement& a = r.agreement;
  std::string o =
      "<table><tr><th>measure (confirmed setups and the baseline)</th><th>value</th></tr>\n";
  o += "<tr><td>rank correlation of instance-hours, fluid against simulator (training)</td>" +
       cell(formatNumber("%.3f", a.rank_cost)) + "</tr>\n";
  o += "<tr><td>rank correlation of violation minutes (training)</td>" +
       cell(formatNumber("%.3f", a.rank_violations)) + "</tr>\n";
  o += "<tr><td>rank correlation of violation minutes (test)</td>" +
       cell(formatNumber("%.3f", a.test_rank_violations)) + "</tr>\n";
  o += "<tr><td>mean relative error of instance-hours (training)</td>" +
       cell(formatNumber("%.1f%%", 100 * a.cost_error)) + "</tr>\n";
  o += "<tr><td>mean absolute error of violation minutes (training)</td>" +
       cell(formatNumber("%.1f", a.violation_error)) + "</tr>\n";
  return o + "</table>\n";
}

std::string confirmedTable(const TuneContext& ctx, const TuneResult& r) {
  std::string o =
      "<table><tr><th>setup</th><th>front</th><th>fluid: hours</th><th>fluid: minutes</th>"
      "<th>sim: hours</th><th>sim: minutes</th><th>test: hours</th><th>test: minutes</th>"
      "<th>knobs</th></tr>\n";
  auto row = [&](const Confirmed& c) {
    const std::string knobs = c.index >= 0
                                  ? ctx.candidates[static_cast<std::size_t>(c.index)].describe()
                                  : "the scenario's own setup";
    o += "<tr>" + cell(c.name + (c.chosen ? " (chosen)" : ""), false) +
         cell(c.on_front ? "yes" : "", false) +
         cell(formatNumber("%.2f", c.fluid_train.instance_hours)) +
         cell(formatNumber("%.0f", c.fluid_train.violation_minutes)) +
         cell(formatNumber("%.2f", c.sim_train.instance_hours)) +
         cell(formatNumber("%.0f", c.sim_train.violation_minutes)) +
         cell(formatNumber("%.2f", c.sim_test.instance_hours)) +
         cell(formatNumber("%.0f", c.sim_test.violation_minutes)) + cell(knobs, false) + "</tr>\n";
  };
  row(r.baseline);
  for (const Confirmed& c : r.confirmed) {
    row(c);
  }
  return o + "</table>\n";
}

}  // namespace

std::string tuneHtml(const TuneContext& ctx, const TuneOptions& options, const TuneResult& r) {
  std::string o = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  o += "<title>shadowscale tune: " + escapeMarkup(ctx.scenario.name) + "</title>\n<style>" +
       kStyle + "</style>\n</head>\n<body>\n";
  o += "<h1>shadowscale tune: " + escapeMarkup(ctx.scenario.name) + "</h1>\n";
  o += "<p class=\"meta\">shadowscale " + std::string(kVersion) + " · scenario seed " +
       std::to_string(ctx.scenario.seed) + " · " + escapeMarkup(describeOptions(options)) +
       "<br>training window " + escapeMarkup(formatDuration(ctx.train.from)) + " to " +
       escapeMarkup(formatDuration(ctx.train.to)) + ", test window " +
       escapeMarkup(formatDuration(ctx.test.from)) + " to " +
       escapeMarkup(formatDuration(ctx.test.to)) + " of run time</p>\n";
  o += verdict(options, r);
  o += "<section class=\"chart\">" + trainChart(r) +
       "<p class=\"note\">Grey: every candidate as the fluid model screened it. Blue: the "
       "candidates the simulator confirmed; orange: their front; green: the chosen "
       "setup.</p></section>\n";
  o += "<section class=\"chart\">" + testChart(r) + "</section>\n";
  o += "<h2>How well the two fidelities agree</h2>\n" + agreementTable(r);
  o += "<h2>Confirmed setups</h2>\n" + confirmedTable(ctx, r);
  return o + "</body>\n</html>\n";
}

}  // namespace shadowscale
