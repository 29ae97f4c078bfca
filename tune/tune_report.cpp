#include "tune/tune_report.h"

#include "tune/tune_files.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "core/text.h"
#include "report/svg_chart.h"
#include "scenarios/units.h"
#include "shadowscale/version.h"

namespace shadowscale {

namespace {

using Json = nlohmann::ordered_json;

std::string hours(double v) {
  return formatNumber("%.2f", v, "");
}
std::string minutes(double v) {
  return formatNumber("%.0f", v, "");
}
// a / b, empty when b is 0.
std::string ratio(double a, double b) {
  return b > 0 ? formatNumber("%.3f", a / b, "") : "";
}

const Candidate* candidateOf(const TuneContext& ctx, const Confirmed& c) {
  return c.index >= 0 ? &ctx.candidates[static_cast<std::size_t>(c.index)] : nullptr;
}

std::string designOf(const TuneContext& ctx, const Confirmed& c) {
  const Candidate* k = candidateOf(ctx, c);
  return k ? designName(k->design) : "baseline";
}

std::string knobsOf(const TuneContext& ctx, const Confirmed& c) {
  const Candidate* k = candidateOf(ctx, c);
  return k ? k->describe() : "the scenario's own setup";
}

// The front in order of training cost, with the chosen setup (off the front only when a setup
// that dominates it on the whole training window broke the budget on its last part).
std::vector<const Confirmed*> frontOf(const TuneResult& r) {
  std::vector<const Confirmed*> f;
  for (const Confirmed& c : r.confirmed) {
    if (c.on_front || c.chosen) {
      f.push_back(&c);
    }
  }
  std::stable_sort(f.begin(), f.end(), [](const Confirmed* a, const Confirmed* b) {
    return a->sim_train.instance_hours < b->sim_train.instance_hours;
  });
  return f;
}

std::string windowText(const JudgedWindow& w) {
  return formatDuration(w.from) + " to " + formatDuration(w.to) + " of run time";
}

Json metricsJson(const WindowMetrics& m) {
  return Json{{"instance_hours", m.instance_hours},
              {"violation_minutes", m.violation_minutes},
              {"requests", m.requests},
              {"failed", m.failed}};
}

Json confirmedJson(const TuneContext& ctx, const Confirmed& c) {
  Json parts = Json::array();
  for (const WindowMetrics& m : c.sim_train_parts) {
    parts.push_back(metricsJson(m));
  }
  return Json{{"name", c.name},
              {"design", designOf(ctx, c)},
              {"knobs", knobsOf(ctx, c)},
              {"on_front", c.on_front},
              {"chosen", c.chosen},
              {"fluid_train", metricsJson(c.fluid_train)},
              {"fluid_test", metricsJson(c.fluid_test)},
              {"sim_train", metricsJson(c.sim_train)},
              {"sim_test", metricsJson(c.sim_test)},
              {"sim_train_parts", std::move(parts)}};
}

}  // namespace

std::string frontCsv(const TuneContext& ctx, const TuneResult& r) {
  std::string o =
      "name,design,chosen,train_instance_hours,train_violation_minutes,test_instance_hours,"
      "test_violation_minutes,test_hours_ratio,test_violation_ratio,knobs\n";
  const WindowMetrics& b = r.baseline.sim_test;
  auto row = [&](const Confirmed& c) {
    o += c.name + "," + designOf(ctx, c) + "," + (c.chosen ? "yes" : "") + "," +
         hours(c.sim_train.instance_hours) + "," + minutes(c.sim_train.violation_minutes) + "," +
         hours(c.sim_test.instance_hours) + "," + minutes(c.sim_test.violation_minutes) + "," +
         ratio(c.sim_test.instance_hours, b.instance_hours) + "," +
         ratio(c.sim_test.violation_minutes, b.violation_minutes) + "," + knobsOf(ctx, c) + "\n";
  };
  row(r.baseline);
  for (const Confirmed* c : frontOf(r)) {
    row(*c);
  }
  return o;
}

std::string confirmedCsv(const TuneContext& ctx, const TuneResult& r) {
  std::string o =
      "name,design,on_front,chosen,fluid_train_instance_hours,fluid_train_violation_minutes,"
      "sim_train_instance_hours,sim_train_violation_minutes,fluid_test_instance_hours,"
      "fluid_test_violation_minutes,sim_test_instance_hours,sim_test_violation_minutes,knobs\n";
  auto row = [&](const Confirmed& c) {
    o += c.name + "," + designOf(ctx, c) + "," + (c.on_front ? "yes" : "") + "," +
         (c.chosen ? "yes" : "") + "," + hours(c.fluid_train.instance_hours) + "," +
         minutes(c.fluid_train.violation_minutes) + "," + hours(c.sim_train.instance_hours) + "," +
         minutes(c.sim_train.violation_minutes) + "," + hours(c.fluid_test.instance_hours) + "," +
         minutes(c.fluid_test.violation_minutes) + "," + hours(c.sim_test.instance_hours) + "," +
         minutes(c.sim_test.violation_minutes) + "," + knobsOf(ctx, c) + "\n";
  };
  row(r.baseline);
  for (const Confirmed& c : r.confirmed) {
    row(c);
  }
  return o;
}

std::string candidatesCsv(const TuneContext& ctx, const TuneResult& r) {
  std::string o =
      "name,design,valid,fluid_train_instance_hours,fluid_train_violation_minutes,knobs\n";
  for (const Screened& s : r.screened) {
    const Candidate& c = ctx.candidates[static_cast<std::size_t>(s.index)];
    o += TuneContext::setupName(c) + "," + designName(c.design) + "," + (s.valid ? "yes" : "no") +
         "," + (s.valid ? hours(s.train.instance_hours) : "") + "," +
         (s.valid ? minutes(s.train.violation_minutes) : "") + "," + c.describe() + "\n";
  }
  return o;
}

std::string tuneJson(const TuneContext& ctx, const TuneOptions& options, const TuneResult& r) {
  Json confirmed = Json::array();
  for (const Confirmed& c : r.confirmed) {
    confirmed.push_back(confirmedJson(ctx, c));
  }
  std::size_t valid = 0;
  for (const Screened& s : r.screened) {
    valid += s.valid ? 1 : 0;
  }
  Json j;
  j["version"] = kVersion;
  j["scenario"] = ctx.scenario.name;
  j["scenario_seed"] = ctx.scenario.seed;
  j["search_seed"] = options.seed;
  j["options"] = describeOptions(options);
  j["train"] = Json{{"from_s", toSeconds(ctx.train.from)}, {"to_s", toSeconds(ctx.train.to)}};
  j["test"] = Json{{"from_s", toSeconds(ctx.test.from)}, {"to_s", toSeconds(ctx.test.to)}};
  Json parts = Json::array();
  for (const JudgedWindow& w : ctx.train_parts) {
    parts.push_back(Json{{"from_s", toSeconds(w.from)}, {"to_s", toSeconds(w.to)}});
  }
  j["train_parts"] = std::move(parts);
  j["screened"] = r.screened.size();
  j["screened_valid"] = valid;
  j["baseline"] = confirmedJson(ctx, r.baseline);
  j["confirmed"] = std::move(confirmed);
  Json agreement;
  agreement["rank_correlation_instance_hours"] = r.agreement.rank_cost;
  agreement["rank_correlation_violation_minutes"] = r.agreement.rank_violations;
  agreement["mean_relative_error_instance_hours"] = r.agreement.cost_error;
  agreement["mean_abs_error_violation_minutes"] = r.agreement.violation_error;
  agreement["test_rank_correlation_violation_minutes"] = r.agreement.test_rank_violations;
  j["agreement"] = std::move(agreement);
  if (r.chosen >= 0) {
    const Confirmed& c = r.confirmed[static_cast<std::size_t>(r.chosen)];
    const WindowMetrics& b = r.baseline.sim_test;
    j["chosen"] = c.name;
    j["choice_reason"] = r.choice_reason;
    j["target"] = {
        {"met", r.target_met},
        {"test_violation_ratio",
         b.violation_minutes > 0 ? c.sim_test.violation_minutes / b.violation_minutes : NAN},
        {"test_hours_ratio",
         b.instance_hours > 0 ? c.sim_test.instance_hours / b.instance_hours : NAN}};
  } else {
    j["chosen"] = nullptr;
    j["choice_reason"] = r.choice_reason;
    j["target"] = {{"met", false}};
  }
  return j.dump(1) + "\n";
}

std::string snippetFile(const TuneContext& ctx, const TuneResult& r, const Confirmed& c) {
  const Candidate& k = ctx.candidates[static_cast<std::size_t>(c.index)];
  const WindowMetrics& b = r.baseline.sim_test;
  std::string o = "# Found by `shadowscale tune` on " + ctx.scenario.name + " (" +
                  (c.chosen ? "the chosen setup" : "on the front") + "): " + k.describe() + "\n";
  o += "# Out of sample (" + windowText(ctx.test) + "): " + minutes(c.sim_test.violation_minutes) +
       " SLO-violation minutes (" + r.baseline.name + ": " + minutes(b.violation_minutes) +
       ") at " + hours(c.sim_test.instance_hours) + " instance-hours (" + r.baseline.name + ": " +
       hours(b.instance_hours) + ").\n";
  o += "# Add it to the scenario file and run it: shadowscale run SCENARIO\n";
  return o + ctx.snippet(k);
}

}  // namespace shadowscale
