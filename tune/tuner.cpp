#include "tune/tuner.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <exception>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <numeric>
#include <sstream>
#include <thread>

#include "core/input_error.h"
#include "core/rng.h"
#include "scenarios/scenario_loader.h"
#include "tune/choice.h"
#include "tune/pareto.h"
#include "tune/simulated_run.h"

namespace shadowscale {

namespace {

std::string readText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw InputError::at(path, 0, "", "cannot open the scenario file");
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) {
    throw InputError::at(path, 0, "", "cannot read the scenario file");
  }
  return text.str();
}

std::string folderOf(const std::string& path) {
  return std::filesystem::absolute(path).parent_path().string();
}

// The HPA of the baseline's live pool, or Kubernetes' defaults bounded by the pool. (Kept in
// place: a fresh HpaConfig here trips GCC 12's false maybe-uninitialized warning.)
void setBaselineHpa(TuneContext& ctx) {
  for (const PolicySpec& p : ctx.baseline.policies) {
    if (const auto* hpa = std::get_if<HpaConfig>(&p); hpa && hpa->target == PoolId::kLive) {
      ctx.baseline_hpa = *hpa;
      return;
    }
  }
  ctx.baseline_hpa.max_replicas =
      std::min(ctx.baseline_hpa.max_replicas, ctx.scenario.live.max_instances);
}

// The training and test windows: after the warm-up, split at `share`, on whole intervals.
void splitTime(TuneContext& ctx, double share) {
  const Scenario& sc = ctx.scenario;
  const TimeNs align = std::lcm(sc.interval, kMinute);
  const TimeNs from = (sc.warmup + align - 1) / align * align;
  const TimeNs end = ctx.demand.end / align * align;
  if (end - from < 2 * align) {
    throw InputError::at(ctx.scenario_path, 0, "warmup",
                         "leaves too little traffic to split into a training and a test part");
  }
  const auto intervals = (end - from) / align;
  // The epsilon keeps 0.7 x 2880 from rounding down to 2015.
  auto train = static_cast<TimeNs>(std::floor(share * static_cast<double>(intervals) + 1e-9));
  train = std::clamp<TimeNs>(train, 1, intervals - 1);
  ctx.train = {from, from + train * align};
  ctx.test = {from + train * align, end};
  const int parts = static_cast<int>(std::min<TimeNs>(TuneContext::kTrainParts, train));
  for (int k = 0; k < parts; ++k) {
    ctx.train_parts.push_back(
        {from + train * k / parts * align, from + train * (k + 1) / parts * align});
  }
}

}  // namespace

SetupSpec TuneContext::setupFor(const std::string& snippet) const {
  const Scenario s =
      parseScenarioText(scenario_text + "\n" + snippet, scenario_path, folderOf(scenario_path));
  return s.setups.back();
}

TuneContext prepareTune(const std::string& scenario_path, const TuneOptions& options) {
  if (options.candidates < 1 || options.confirm < 1) {
    throw InputError("tune: --candidates and --confirm must be at least 1");
  }
  if (!(options.train_share > 0 && options.train_share < 1)) {
    throw InputError("tune: --train-share must lie in (0, 1)");
  }
  if (!(options.budget > 0)) {
    throw InputError("tune: --budget must be above 0");
  }
  TuneContext ctx;
  ctx.scenario_path = scenario_path;
  ctx.scenario_text = readText(scenario_path);
  ctx.scenario_hash = hashName(ctx.scenario_text);
  ctx.scenario = parseScenarioText(ctx.scenario_text, scenario_path, folderOf(scenario_path));
  const auto& setups = ctx.scenario.setups;
  const auto it = std::find_if(setups.begin(), setups.end(),
                               [&](const SetupSpec& s) { return s.name == options.baseline; });
  if (it == setups.end()) {
    throw InputError::at(
        scenario_path, 0, "setup",
        "no setup named '" + options.baseline + "' to measure the search against (--baseline)");
  }
  ctx.baseline = *it;
  setBaselineHpa(ctx);
  ctx.candidates = makeCandidates(options.space, options.candidates, options.seed);
  ctx.demand = readDemandSeries(ctx.scenario, options.fluid_step);
  splitTime(ctx, options.train_share);
  return ctx;
}

void parallelFor(std::size_t n, unsigned threads, const std::function<void(std::size_t)>& task,
                 const TuneExecution& exec, const std::string& stage) {
  if (threads == 0) {
    threads = std::max(1u, std::thread::hardware_concurrency());
  }
  threads = static_cast<unsigned>(std::max<std::size_t>(1, std::min<std::size_t>(threads, n)));
  std::atomic<std::size_t> next{0};
  std::size_t done = 0;
  std::exception_ptr error;
  std::mutex mutex;
  std::condition_variable cv;
  auto worker = [&]() {
    for (std::size_t i = next++; i < n; i = next++) {
      try {
        task(i);
      } catch (...) {
        std::lock_guard<std::mutex> lock(mutex);
        if (!error) {
          error = std::current_exception();
        }
        next = n;  // stop handing out work
      }
      {
        std::lock_guard<std::mutex> lock(mutex);
        ++done;
      }
      cv.notify_all();
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t) {
    pool.emplace_back(worker);
  }
  {
    std::unique_lock<std::mutex> lock(mutex);
    while (done < n && !error) {
      if (exec.on_progress) {
        const std::size_t d = done;
        lock.unlock();
        exec.on_progress(stage, d, n);
        lock.lock();
      }
      cv.wait_for(lock, std::chrono::milliseconds(200), [&] { return done == n || error; });
    }
  }
  for (auto& t : pool) {
    t.join();
  }
  if (error) {
    std::rethrow_exception(error);
  }
  if (exec.on_progress) {
    exec.on_progress(stage, n, n);
  }
}

std::vector<Screened> screen(const TuneContext& ctx, const Shard& shard,
                             const TuneExecution& exec) {
  std::vector<const Candidate*> mine;
  for (const Candidate& c : ctx.candidates) {
    if (c.index % shard.count == shard.index) {
      mine.push_back(&c);
    }
  }
  std::vector<Screened> out(mine.size());
  parallelFor(
      mine.size(), exec.threads,
      [&](std::size_t i) {
        const Candidate& c = *mine[i];
        Screened& s = out[i];
        s.index = c.index;
        try {
          const SetupSpec setup = ctx.setupFor(ctx.snippet(c));
          s.train = runFluid(ctx.scenario, setup, ctx.demand, ctx.train.to, {ctx.train})[0];
        } catch (const InputError& e) {
          s.valid = false;
          s.error = e.what();
        }
      },
      exec, "screening (fluid model)");
  return out;
}

namespace {

// The candidates the simulator confirms: whole Pareto layers of the fluid's training results
// until `k` are taken (the last layer thinned evenly along cost), plus the fluid's best within
// the budget.
std::vector<int> pickForConfirmation(const std::vector<Screened>& screened, int k,
                                     double budget_hours) {
  std::vector<Objectives> points;
  std::vector<int> index;
  for (const Screened& s : screened) {
    if (s.valid) {
      points.push_back({s.train.instance_hours, s.train.violation_minutes});
      index.push_back(s.index);
    }
  }
  std::vector<int> picked;
  for (const auto& layer : paretoLayers(points)) {
    const auto room = static_cast<std::size_t>(k) - picked.size();
    if (room == 0) {
      break;
    }
    for (std::size_t j = 0; j < std::min(room, layer.size()); ++j) {
      const std::size_t at =
          room >= layer.size() ? j : j * (layer.size() - 1) / std::max<std::size_t>(room - 1, 1);
      picked.push_back(index[layer[at]]);
    }
  }
  int best = -1;
  for (std::size_t i = 0; i < points.size(); ++i) {
    if (points[i].cost <= budget_hours &&
        (best < 0 || points[i].violations < points[static_cast<std::size_t>(best)].violations)) {
      best = static_cast<int>(i);
    }
  }
  if (best >= 0) {
    picked.push_back(index[static_cast<std::size_t>(best)]);
  }
  std::sort(picked.begin(), picked.end());
  picked.erase(std::unique(picked.begin(), picked.end()), picked.end());
  return picked;
}

double meanOf(const std::vector<double>& v) {
  return v.empty() ? 0.0 : std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
}

Agreement measureAgreement(const std::vector<Confirmed>& all) {
  std::vector<double> fc, sc, fv, sv, tfv, tsv, cost_err, vio_err;
  for (const Confirmed& c : all) {
    fc.push_back(c.fluid_train.instance_hours);
    sc.push_back(c.sim_train.instance_hours);
    fv.push_back(c.fluid_train.violation_minutes);
    sv.push_back(c.sim_train.violation_minutes);
    tfv.push_back(c.fluid_test.violation_minutes);
    tsv.push_back(c.sim_test.violation_minutes);
    if (c.sim_train.instance_hours > 0) {
      cost_err.push_back(std::fabs(c.fluid_train.instance_hours - c.sim_train.instance_hours) /
                         c.sim_train.instance_hours);
    }
    vio_err.push_back(std::fabs(c.fluid_train.violation_minutes - c.sim_train.violation_minutes));
  }
  Agreement a;
  a.rank_cost = spearman(fc, sc);
  a.rank_violations = spearman(fv, sv);
  a.cost_error = meanOf(cost_err);
  a.violation_error = meanOf(vio_err);
  a.test_rank_violations = spearman(tfv, tsv);
  return a;
}

}  // namespace

TuneResult confirmFront(const TuneContext& ctx, const TuneOptions& options,
                        std::vector<Screened> screened, const TuneExecution& exec) {
  TuneResult r;
  r.screened = std::move(screened);
  const std::vector<JudgedWindow> windows{ctx.train, ctx.test};
  std::vector<JudgedWindow> sim_windows = windows;
  sim_windows.insert(sim_windows.end(), ctx.train_parts.begin(), ctx.train_parts.end());
  // The baseline through the fluid model first: the budget the fluid's pick is held to.
  r.baseline.name = ctx.baseline.name;
  const auto fluid_base = runFluid(ctx.scenario, ctx.baseline, ctx.demand, ctx.demand.end, windows);
  r.baseline.fluid_train = fluid_base[0];
  r.baseline.fluid_test = fluid_base[1];
  const std::vector<int> picked = pickForConfirmation(
      r.screened, options.confirm, options.budget * r.baseline.fluid_train.instance_hours);

  std::vector<SetupSpec> setups;
  for (int i : picked) {
    const Candidate& c = ctx.candidates[static_cast<std::size_t>(i)];
    Confirmed conf;
    conf.index = i;
    conf.name = TuneContext::setupName(c);
    r.confirmed.push_back(conf);
    setups.push_back(ctx.setupFor(ctx.snippet(c)));
  }
  // Job j < n: candidate j on both fidelities; job n: the baseline in the simulator.
  const std::size_t n = setups.size();
  parallelFor(
      n + 1, exec.threads,
      [&](std::size_t j) {
        if (j == n) {
          const auto sim = runSimulated(ctx.scenario, ctx.baseline, sim_windows);
          r.baseline.sim_train = sim[0];
          r.baseline.sim_test = sim[1];
          r.baseline.sim_train_parts.assign(sim.begin() + 2, sim.end());
          return;
        }
        Confirmed& c = r.confirmed[j];
        const auto fluid = runFluid(ctx.scenario, setups[j], ctx.demand, ctx.demand.end, windows);
        c.fluid_train = fluid[0];
        c.fluid_test = fluid[1];
        const auto sim = runSimulated(ctx.scenario, setups[j], sim_windows);
        c.sim_train = sim[0];
        c.sim_test = sim[1];
        c.sim_train_parts.assign(sim.begin() + 2, sim.end());
      },
      exec, "confirming (simulator)");

  std::vector<Confirmed> with_base = r.confirmed;
  with_base.push_back(r.baseline);
  r.agreement = measureAgreement(with_base);

  std::vector<Objectives> points;
  for (const Confirmed& c : r.confirmed) {
    points.push_back({c.sim_train.instance_hours, c.sim_train.violation_minutes});
  }
  for (std::size_t i : paretoFront(points)) {
    r.confirmed[i].on_front = true;
  }
  const Choice choice = chooseSetup(r.confirmed, r.baseline, options.budget);
  r.chosen = choice.index;
  r.choice_reason = choice.reason;
  if (r.chosen >= 0) {
    Confirmed& c = r.confirmed[static_cast<std::size_t>(r.chosen)];
    c.chosen = true;
    const WindowMetrics& base = r.baseline.sim_test;
    const bool fewer = base.violation_minutes > 0
                           ? c.sim_test.violation_minutes <= 0.5 * base.violation_minutes
                           : c.sim_test.violation_minutes == 0;
    r.target_met = fewer && c.sim_test.instance_hours <= options.budget * base.instance_hours;
  }
  return r;
}

}  // namespace shadowscale
