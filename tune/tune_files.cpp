#include "tune/tune_files.h"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/input_error.h"
#include "core/text.h"
#include "io/atomic_file.h"
#include "scenarios/units.h"
#include "tune/tune_report.h"

namespace shadowscale {

namespace {

using Json = nlohmann::ordered_json;

constexpr const char* kShardFormat = "shadowscale-tune-shard/1";

Json spaceJson(const SearchSpace& s) {
  return Json{{"forecasters", s.forecasters},
              {"quantiles", s.quantiles},
              {"scheduling_buffers_ns", s.scheduling_buffers},
              {"target_utilizations", s.target_utilizations},
              {"scale_in_windows_ns", s.scale_in_windows},
              {"live_floors", s.live_floors},
              {"shadow_floors", s.shadow_floors},
              {"hpa_targets", s.hpa_targets},
              {"hpa_floors", s.hpa_floors},
              {"mirror_fractions", s.mirror_fractions}};
}

SearchSpace spaceFrom(const Json& j) {
  SearchSpace s;
  j.at("forecasters").get_to(s.forecasters);
  j.at("quantiles").get_to(s.quantiles);
  j.at("scheduling_buffers_ns").get_to(s.scheduling_buffers);
  j.at("target_utilizations").get_to(s.target_utilizations);
  j.at("scale_in_windows_ns").get_to(s.scale_in_windows);
  j.at("live_floors").get_to(s.live_floors);
  j.at("shadow_floors").get_to(s.shadow_floors);
  j.at("hpa_targets").get_to(s.hpa_targets);
  j.at("hpa_floors").get_to(s.hpa_floors);
  j.at("mirror_fractions").get_to(s.mirror_fractions);
  return s;
}

Json optionsJson(const TuneOptions& o) {
  return Json{
      {"candidates", o.candidates},    {"confirm", o.confirm},       {"seed", o.seed},
      {"train_share", o.train_share},  {"budget", o.budget},         {"baseline", o.baseline},
      {"fluid_step_ns", o.fluid_step}, {"space", spaceJson(o.space)}};
}

TuneOptions optionsFrom(const Json& j) {
  TuneOptions o;
  j.at("candidates").get_to(o.candidates);
  j.at("confirm").get_to(o.confirm);
  j.at("seed").get_to(o.seed);
  j.at("train_share").get_to(o.train_share);
  j.at("budget").get_to(o.budget);
  j.at("baseline").get_to(o.baseline);
  j.at("fluid_step_ns").get_to(o.fluid_step);
  o.space = spaceFrom(j.at("space"));
  return o;
}

std::string hex(std::uint64_t v) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

}  // namespace

std::string describeOptions(const TuneOptions& o) {
  char numbers[160];
  std::snprintf(numbers, sizeof numbers,
                "%d candidates, up to %d confirmed plus the fluid model's pick, seed %llu, "
                "training share %g, budget %gx",
                o.candidates, o.confirm, static_cast<unsigned long long>(o.seed), o.train_share,
                o.budget);
  // The baseline's name after the numbers, whole however long it is.
  return std::string(numbers) + " the baseline '" + o.baseline + "'";
}

std::string shardJson(const TuneContext& ctx, const TuneOptions& options, const Shard& shard,
                      const std::vector<Screened>& screened) {
  Json rows = Json::array();
  for (const Screened& s : screened) {
    Json r{{"index", s.index}};
    if (s.valid) {
      r["instance_hours"] = s.train.instance_hours;
      r["violation_minutes"] = s.train.violation_minutes;
      r["requests"] = s.train.requests;
      r["failed"] = s.train.failed;
    } else {
      r["error"] = s.error;
    }
    rows.push_back(std::move(r));
  }
  const Json j{{"format", kShardFormat},
               {"scenario", ctx.scenario_path},
               {"scenario_fnv1a", hex(ctx.scenario_hash)},
               {"shard", shard.index},
               {"shards", shard.count},
               {"options", optionsJson(options)},
               {"screened", std::move(rows)}};
  return j.dump(1) + "\n";
}

ShardFile readShardFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw InputError::at(path, 0, "", "cannot open the shard file");
  }
  Json j;
  try {
    j = Json::parse(in);
  } catch (const Json::parse_error& e) {
    throw InputError::at(path, 0, "", std::string("not a shard file: ") + e.what());
  }
  ShardFile f;
  std::string field = "format";
  try {
    if (j.at("format") != kShardFormat) {
      throw InputError::at(
          path, 0, "format",
          "is not " + std::string(kShardFormat) + " (written by another version?)");
    }
    field = "scenario";
    j.at("scenario").get_to(f.scenario_path);
    field = "scenario_fnv1a";
    f.scenario_hash = std::stoull(j.at("scenario_fnv1a").get<std::string>(), nullptr, 16);
    field = "shard";
    j.at("shard").get_to(f.shard.index);
    field = "shards";
    j.at("shards").get_to(f.shard.count);
    field = "options";
    f.options = optionsFrom(j.at("options"));
    field = "screened";
    for (const Json& r : j.at("screened")) {
      Screened s;
      r.at("index").get_to(s.index);
      if (r.contains("error")) {
        s.valid = false;
        r.at("error").get_to(s.error);
      } else {
        r.at("instance_hours").get_to(s.train.instance_hours);
        r.at("violation_minutes").get_to(s.train.violation_minutes);
        r.at("requests").get_to(s.train.requests);
        r.at("failed").get_to(s.train.failed);
      }
      f.screened.push_back(std::move(s));
    }
  } catch (const InputError&) {
    throw;
  } catch (const std::exception& e) {
    throw InputError::at(path, 0, field, std::string("missing or malformed: ") + e.what());
  }
  if (f.shard.count < 1 || f.shard.index < 0 || f.shard.index >= f.shard.count) {
    throw InputError::at(path, 0, "shard", "must lie in 0.." + std::to_string(f.shard.count - 1));
  }
  return f;
}

ShardFile joinShards(const std::vector<ShardFile>& shards, const std::vector<std::string>& paths) {
  if (shards.empty()) {
    throw InputError("merge: no shard files given");
  }
  const ShardFile& first = shards.front();
  const std::string first_options = optionsJson(first.options).dump();
  std::map<int, std::size_t> seen;
  for (std::size_t i = 0; i < shards.size(); ++i) {
    const ShardFile& s = shards[i];
    if (s.scenario_path != first.scenario_path || s.scenario_hash != first.scenario_hash) {
      throw InputError::at(paths[i], 0, "scenario",
                           "comes from another scenario file than " + paths[0]);
    }
    if (optionsJson(s.options).dump() != first_options) {
      throw InputError::at(paths[i], 0, "options", "differ from those of " + paths[0]);
    }
    if (s.shard.count != first.shard.count) {
      throw InputError::at(paths[i], 0, "shards",
                           "is " + std::to_string(s.shard.count) + " but " + paths[0] + " says " +
                               std::to_string(first.shard.count));
    }
    if (const auto [it, added] = seen.emplace(s.shard.index, i); !added) {
      throw InputError::at(paths[i], 0, "shard",
                           std::to_string(s.shard.index) + " is also in " + paths[it->second]);
    }
  }
  for (int k = 0; k < first.shard.count; ++k) {
    if (!seen.count(k)) {
      throw InputError("merge: shard " + std::to_string(k) + " of " +
                       std::to_string(first.shard.count) + " is missing");
    }
  }
  ShardFile all = first;
  all.shard = {0, 1};
  all.screened.clear();
  for (const ShardFile& s : shards) {
    all.screened.insert(all.screened.end(), s.screened.begin(), s.screened.end());
  }
  std::sort(all.screened.begin(), all.screened.end(),
            [](const Screened& a, const Screened& b) { return a.index < b.index; });
  for (std::size_t i = 0; i < all.screened.size(); ++i) {
    if (all.screened[i].index != static_cast<int>(i)) {
      throw InputError("merge: the shards do not hold candidate " + std::to_string(i) +
                       " exactly once");
    }
  }
  return all;
}

}  // namespace shadowscale

namespace shadowscale {

namespace {

std::string pad(std::string s, std::size_t width) {
  if (s.size() < width) {
    s.append(width - s.size(), ' ');
  }
  return s;
}

std::string padLeft(const std::string& s, std::size_t width) {
  return s.size() < width ? std::string(width - s.size(), ' ') + s : s;
}

}  // namespace

void writeTuneOutputs(const std::string& dir, const TuneContext& ctx, const TuneOptions& options,
                      const TuneResult& result) {
  namespace fs = std::filesystem;
  fs::create_directories(fs::path(dir) / "setups");
  const fs::path d(dir);
  writeFileAtomically((d / "candidates.csv").string(), candidatesCsv(ctx, result));
  writeFileAtomically((d / "confirmed.csv").string(), confirmedCsv(ctx, result));
  writeFileAtomically((d / "front.csv").string(), frontCsv(ctx, result));
  for (const Confirmed& c : result.confirmed) {
    if (c.on_front || c.chosen) {
      writeFileAtomically((d / "setups" / (c.name + ".textproto")).string(),
                          snippetFile(ctx, result, c));
    }
  }
  writeFileAtomically((d / "tune.json").string(), tuneJson(ctx, options, result));
  writeFileAtomically((d / "report.html").string(), tuneHtml(ctx, options, result));
}

std::string tuneSummaryText(const TuneContext& ctx, const TuneResult& r) {
  std::size_t valid = 0;
  for (const Screened& s : r.screened) {
    valid += s.valid ? 1 : 0;
  }
  std::string o = "scenario " + ctx.scenario.name + ": " + std::to_string(r.screened.size()) +
                  " candidates screened (" + std::to_string(valid) + " ran), " +
                  std::to_string(r.confirmed.size()) + " confirmed by the simulator\n";
  o += "training window " + formatDuration(ctx.train.from) + " to " + formatDuration(ctx.train.to) +
       ", test window " + formatDuration(ctx.test.from) + " to " + formatDuration(ctx.test.to) +
       " of run time\n\n";
  o += "front (simulator, training window), measured out of sample:\n";
  o += "  " + pad("setup", 16) + pad("design", 13) + padLeft("train h", 10) +
       padLeft("train min", 11) + padLeft("test h", 10) + padLeft("test min", 10) +
       padLeft("h ratio", 9) + padLeft("min ratio", 11) + "\n";
  const WindowMetrics& b = r.baseline.sim_test;
  auto row = [&](const Confirmed& c, const std::string& design) {
    o += "  " + pad(c.name, 16) + pad(design, 13) +
         padLeft(formatNumber("%.1f", c.sim_train.instance_hours), 10) +
         padLeft(formatNumber("%.0f", c.sim_train.violation_minutes), 11) +
         padLeft(formatNumber("%.1f", c.sim_test.instance_hours), 10) +
         padLeft(formatNumber("%.0f", c.sim_test.violation_minutes), 10) +
         padLeft(
             formatNumber(
                 "%.3f", b.instance_hours > 0 ? c.sim_test.instance_hours / b.instance_hours : NAN),
             9) +
         padLeft(formatNumber("%.2f", b.violation_minutes > 0
                                          ? c.sim_test.violation_minutes / b.violation_minutes
                                          : NAN),
                 11) +
         (c.chosen ? "  chosen" : "") + "\n";
  };
  row(r.baseline, "baseline");
  std::vector<const Confirmed*> front;
  for (const Confirmed& c : r.confirmed) {
    if (c.on_front || c.chosen) {
      front.push_back(&c);
    }
  }
  std::stable_sort(front.begin(), front.end(), [](const Confirmed* x, const Confirmed* y) {
    return x->sim_train.instance_hours < y->sim_train.instance_hours;
  });
  for (const Confirmed* c : front) {
    row(*c, designName(ctx.candidates[static_cast<std::size_t>(c->index)].design));
  }
  const Agreement& a = r.agreement;
  o += "\nfluid model against simulator (confirmed setups, training window): rank correlation " +
       formatNumber("%.2f", a.rank_cost) + " (instance-hours), " +
       formatNumber("%.2f", a.rank_violations) + " (violation minutes); mean error " +
       formatNumber("%.1f", 100 * a.cost_error) + "% of instance-hours, " +
       formatNumber("%.1f", a.violation_error) + " violation minutes\n";
  if (r.chosen < 0) {
    o += r.choice_reason + "\n";
    return o;
  }
  const Confirmed& c = r.confirmed[static_cast<std::size_t>(r.chosen)];
  o += "chosen: " + c.name + " (" + ctx.candidates[static_cast<std::size_t>(c.index)].describe() +
       ")\nwhy: " + r.choice_reason +
       "\nout of sample: " + formatNumber("%.0f", c.sim_test.violation_minutes) +
       " violation minutes against " + formatNumber("%.0f", b.violation_minutes) + " at " +
       formatNumber("%.3f",
                    b.instance_hours > 0 ? c.sim_test.instance_hours / b.instance_hours : NAN) +
       "x the instance-hours of " + r.baseline.name + ": target " +
       (r.target_met ? "met" : "not met") + "\n";
  return o;
}

}  // namespace shadowscale
