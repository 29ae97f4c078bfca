#include "tune/search_space.h"

#include <algorithm>
#include <cstdio>
#include <set>
#include <stdexcept>

#include "core/rng.h"
#include "scenarios/units.h"

namespace shadowscale {

namespace {

// Draws attempts per candidate before the space counts as exhausted.
constexpr int kMaxDraws = 64;

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

std::string quoted(TimeNs t) {
  // Built in place: GCC 12 warns falsely (-Wrestrict) on "literal" + std::string temporaries.
  std::string s = "\"";
  s += formatDuration(t);
  s += '"';
  return s;
}

template <typename T>
const T& pick(const std::vector<T>& values, Rng& rng) {
  if (values.empty()) {
    throw std::invalid_argument("tune: a knob of the search space has no values");
  }
  const auto i = static_cast<std::size_t>(rng.uniform() * static_cast<double>(values.size()));
  return values[std::min(i, values.size() - 1)];
}

bool sameRules(const HpaScalingRules& a, const HpaScalingRules& b) {
  if (a.stabilization_window != b.stabilization_window || a.select != b.select ||
      a.policies.size() != b.policies.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.policies.size(); ++i) {
    const HpaRatePolicy& x = a.policies[i];
    const HpaRatePolicy& y = b.policies[i];
    if (x.type != y.type || x.value != y.value || x.period != y.period) {
      return false;
    }
  }
  return true;
}

std::string rulesBlock(const char* field, const HpaScalingRules& r, const std::string& pad) {
  static const char* kSelect[] = {"MAX", "MIN", "DISABLED"};
  std::string o = pad + field + " {\n";
  o += pad + "  stabilization_window: " + quoted(r.stabilization_window) + "\n";
  o += pad + "  select: " + kSelect[static_cast<int>(r.select)] + "\n";
  for (const HpaRatePolicy& p : r.policies) {
    o += pad + "  policy { type: " + (p.type == HpaRatePolicy::Type::kPods ? "PODS" : "PERCENT") +
         " value: " + std::to_string(p.value) + " period: " + quoted(p.period) + " }\n";
  }
  return o + pad + "}\n";
}

// The forecaster block: the quantiles the policy needs (the median and the sizing quantile).
std::string forecasterBlock(const Candidate& c, const std::string& pad) {
  std::string q = "0.1, 0.5";
  if (c.quantile > 0.5 + 1e-9) {
    q += ", " + num(c.quantile);
  }
  return pad + "forecaster { kind: \"" + c.forecaster + "\" quantiles: [" + q + "] }\n";
}

// The predictive block of a forecast-sized pool.
std::string predictiveBlock(const Candidate& c, const HpaConfig& baseline, const std::string& pad) {
  const bool shadow = c.design == Design::kShadow;
  const bool hybrid = !shadow || c.shadow_hpa;
  std::string o = pad + "predictive {\n";
  const std::string in = pad + "  ";
  o += in + "pool: " + (shadow ? "SHADOW" : "LIVE") + "\n";
  o += in + "mode: " + (hybrid ? "HYBRID" : "FORECAST_AND_SCALE") + "\n";
  if (shadow) {
    o += in + "route_share: " + (c.overflow ? "OVERFLOW" : "ALL") + "\n";
  }
  o += in + "upper_quantile: " + num(c.quantile) + "\n";
  o += in + "scheduling_buffer: " + quoted(c.scheduling_buffer) + "\n";
  o += in + "target_utilization: " + num(c.target_utilization) + "\n";
  o += in + "scale_in_window: " + quoted(c.scale_in_window) + "\n";
  o += in + "min_instances: " + std::to_string(c.floor) + "\n";
  o += forecasterBlock(c, in);
  if (hybrid) {
    HpaConfig h = baseline;
    h.target_utilization = c.hpa_target;
    h.min_replicas = shadow ? std::max(1, c.floor) : c.hpa_floor;
    o += hpaBlock(h, "", static_cast<int>(in.size()));
  }
  return o + pad + "}\n";
}

}  // namespace

const char* designName(Design design) {
  switch (design) {
    case Design::kHpa:
      return "hpa";
    case Design::kHybridLive:
      return "hybrid-live";
    case Design::kShadow:
      return "shadow";
  }
  return "?";
}

std::string Candidate::id() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "c%04d", index);
  return buf;
}

std::string Candidate::describe() const {
  std::string d = designName(design);
  d += " hpa " + num(hpa_target) + "/min " + std::to_string(hpa_floor);
  if (design == Design::kHpa) {
    return d;
  }
  d += " | " + forecaster + " q" + num(quantile) + " buffer " + formatDuration(scheduling_buffer) +
       " util " + num(target_utilization) + " scale-in " + formatDuration(scale_in_window) +
       " floor " + std::to_string(floor);
  if (design == Design::kShadow) {
    d += std::string(overflow ? " overflow" : " all") + (shadow_hpa ? " +hpa" : "") + " mirror " +
         num(mirror);
  }
  return d;
}

std::vector<Candidate> makeCandidates(const SearchSpace& space, int count, std::uint64_t seed) {
  std::vector<Candidate> out;
  std::set<std::string> seen;
  for (double t : space.hpa_targets) {
    for (int f : space.hpa_floors) {
      Candidate c;
      c.index = static_cast<int>(out.size());
      c.design = Design::kHpa;
      c.hpa_target = t;
      c.hpa_floor = f;
      if (seen.insert(c.describe()).second) {
        out.push_back(c);
      }
    }
  }
  for (int turn = 0; static_cast<int>(out.size()) < count; ++turn) {
    bool added = false;
    for (int draw = 0; draw < kMaxDraws && !added; ++draw) {
      Rng rng =
          Rng::stream(seed, "tune.candidate." + std::to_string(turn) + "." + std::to_string(draw));
      Candidate c;
      c.index = static_cast<int>(out.size());
      c.design = turn % 2 == 0 ? Design::kHybridLive : Design::kShadow;
      c.forecaster = pick(space.forecasters, rng);
      c.quantile = pick(space.quantiles, rng);
      c.scheduling_buffer = pick(space.scheduling_buffers, rng);
      c.target_utilization = pick(space.target_utilizations, rng);
      c.scale_in_window = pick(space.scale_in_windows, rng);
      c.hpa_target = pick(space.hpa_targets, rng);
      c.hpa_floor = pick(space.hpa_floors, rng);
      if (c.design == Design::kShadow) {
        c.floor = pick(space.shadow_floors, rng);
        c.overflow = rng.uniform() < 0.5;
        c.shadow_hpa = rng.uniform() < 0.5;
        c.mirror = pick(space.mirror_fractions, rng);
      } else {
        c.floor = pick(space.live_floors, rng);
      }
      if (seen.insert(c.describe()).second) {
        out.push_back(c);
        added = true;
      }
    }
    if (!added && turn > 2 * count + 2 * kMaxDraws) {
      break;  // the space holds fewer distinct candidates than asked for
    }
  }
  return out;
}

std::string hpaBlock(const HpaConfig& h, const std::string& pool, int indent) {
  const std::string pad(static_cast<std::size_t>(indent), ' ');
  const std::string in = pad + "  ";
  const HpaConfig d;
  std::string o = pad + "hpa {\n";
  if (!pool.empty()) {
    o += in + "pool: " + pool + "\n";
  }
  o += in + "min_replicas: " + std::to_string(h.min_replicas) + "\n";
  o += in + "max_replicas: " + std::to_string(h.max_replicas) + "\n";
  o += in + "target_utilization: " + num(h.target_utilization) + "\n";
  if (h.tolerance != d.tolerance) {
    o += in + "tolerance: " + num(h.tolerance) + "\n";
  }
  if (h.sync_period != d.sync_period) {
    o += in + "sync_period: " + quoted(h.sync_period) + "\n";
  }
  if (h.cpu_initialization_period != d.cpu_initialization_period) {
    o += in + "cpu_initialization_period: " + quoted(h.cpu_initialization_period) + "\n";
  }
  if (h.initial_readiness_delay != d.initial_readiness_delay) {
    o += in + "initial_readiness_delay: " + quoted(h.initial_readiness_delay) + "\n";
  }
  if (!sameRules(h.scale_up, d.scale_up)) {
    o += rulesBlock("scale_up", h.scale_up, in);
  }
  if (!sameRules(h.scale_down, d.scale_down)) {
    o += rulesBlock("scale_down", h.scale_down, in);
  }
  return o + pad + "}\n";
}

std::string setupSnippet(const Candidate& c, const std::string& name, const HpaConfig& baseline) {
  std::string o = "setup {\n  name: \"" + name + "\"\n";
  if (c.design == Design::kShadow) {
    o += "  shadow_pool: true\n";
    if (c.mirror > 0) {
      o += "  mirror_fraction: " + num(c.mirror) + "\n";
    }
  }
  HpaConfig live = baseline;
  live.target = PoolId::kLive;
  live.target_utilization = c.hpa_target;
  live.min_replicas = c.hpa_floor;
  if (c.design != Design::kHybridLive) {
    o += "  policy {\n" + hpaBlock(live, "LIVE", 4) + "  }\n";
  }
  if (c.design != Design::kHpa) {
    o += "  policy {\n" + predictiveBlock(c, live, "    ") + "  }\n";
  }
  return o + "}\n";
}

}  // namespace shadowscale
