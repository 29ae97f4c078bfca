#include "core/policies/predictive.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <exception>
#include <limits>
#include <stdexcept>
#include <utility>

#include "core/calendar.h"
#include "core/event_profile.h"
#include "core/time_text.h"

namespace shadowscale {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Whole intervals needed to cover `span`, rounding up.
std::int64_t intervalsFor(TimeNs span, TimeNs interval) {
  if (span <= 0) {
    return 0;
  }
  return (span + interval - 1) / interval;
}

// Floor division that rounds towards minus infinity.
std::int64_t floorDiv(TimeNs a, TimeNs b) {
  std::int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) {
    --q;
  }
  return q;
}

std::string seconds(TimeNs t) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g s", toSeconds(t));
  return buf;
}

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

// Runs the checks that need the forecaster too, before any member is built from them.
PredictiveConfig checked(PredictiveConfig config, const Forecaster* forecaster) {
  config.hpa.target = config.target;
  std::vector<ConfigProblem> problems = checkPredictiveConfig(config);
  if (problems.empty()) {
    if (forecaster == nullptr) {
      problems.push_back({"forecaster", "missing: the policy needs a forecaster"});
    } else {
      if (forecaster->interval() != config.forecast_interval) {
        problems.push_back(
            {"forecast_interval", "is " + seconds(config.forecast_interval) + " but forecaster '" +
                                      std::string(forecaster->name()) + "' works on " +
                                      seconds(forecaster->interval()) + " intervals"});
      }
      const std::vector<double> levels = forecaster->quantileLevels();
      const bool has_upper = std::any_of(levels.begin(), levels.end(), [&](double q) {
        return std::abs(q - config.upper_quantile) < 1e-9;
      });
      if (!has_upper) {
        std::string list;
        for (double q : levels) {
          list += (list.empty() ? "" : ", ") + number(q);
        }
        problems.push_back({"upper_quantile", number(config.upper_quantile) +
                                                  " is not among the forecaster's quantiles (" +
                                                  list + ")"});
      }
      const auto kept = static_cast<std::size_t>(
          intervalsFor(config.history_kept, std::max<TimeNs>(config.forecast_interval, 1)));
      if (config.forecaster.model_path.empty() && forecaster->minHistory() > kept) {
        problems.push_back({"history_kept",
                            seconds(config.history_kept) + " holds " + std::to_string(kept) +
                                " intervals but forecaster '" + std::string(forecaster->name()) +
                                "' needs " + std::to_string(forecaster->minHistory()) + " to fit"});
      }
      const int needed = requiredHorizon(config);
      if (forecaster->maxHorizon() < needed) {
        problems.push_back(
            {"forecaster.horizon",
             "the policy looks " + std::to_string(needed) +
                 " intervals ahead (lead time + period + scale_in_window) but forecaster '" +
                 std::string(forecaster->name()) + "' forecasts at most " +
                 std::to_string(forecaster->maxHorizon())});
      }
    }
  }
  throwIfProblems("predictive", problems);
  return config;
}

}  // namespace

std::vector<ConfigProblem> checkPredictiveConfig(const PredictiveConfig& c) {
  std::vector<ConfigProblem> out;
  if (c.period <= 0) {
    out.push_back({"period", "must be more than 0 s"});
  }
  if (c.forecast_interval <= 0) {
    out.push_back({"forecast_interval", "must be more than 0 s"});
  }
  if (!std::isfinite(c.upper_quantile) || c.upper_quantile < 0.5 || c.upper_quantile >= 1) {
    out.push_back({"upper_quantile", "must be at least 0.5 and below 1"});
  }
  if (c.scheduling_buffer < 0) {
    out.push_back({"scheduling_buffer", "must be 0 s or more"});
  }
  if (c.startup_delay < 0) {
    out.push_back({"startup_delay", "must be 0 s or more"});
  }
  if (!std::isfinite(c.target_utilization) || c.target_utilization <= 0 ||
      c.target_utilization > 1) {
    out.push_back({"target_utilization", "must lie in (0, 1]"});
  }
  if (c.min_instances < 0) {
    out.push_back({"min_instances", "must be 0 or more"});
  }
  if (c.max_instances < 1) {
    out.push_back({"max_instances", "must be 1 or more"});
  } else if (c.max_instances < c.min_instances) {
    out.push_back({"max_instances", "must not be less than min_instances (" +
                                        std::to_string(c.min_instances) + ")"});
  }
  if (c.scale_in_window < 0) {
    out.push_back({"scale_in_window", "must be 0 s or more"});
  }
  if (c.min_history < 0) {
    out.push_back({"min_history", "must be 0 s or more"});
  }
  if (c.refit_period < 0) {
    out.push_back({"refit_period", "must be 0 s (never) or more"});
  }
  if (c.forecast_interval > 0 && c.period > 0) {
    const int h = backtestHorizon(c);
    if (c.refit_period > 0 && intervalsFor(c.refit_validation, c.forecast_interval) <= h) {
      out.push_back({"refit_validation",
                     "must cover more than the " + std::to_string(h) +
                         " intervals of the backtest horizon (ceil(lead time / interval))"});
    }
    if (c.history_kept < c.forecast_interval) {
      out.push_back({"history_kept", "must hold at least one interval"});
    } else if (c.history_kept < c.min_history) {
      out.push_back({"history_kept",
                     "must not be shorter than min_history (" + seconds(c.min_history) + ")"});
    } else if (c.refit_period > 0 && intervalsFor(c.history_kept, c.forecast_interval) <=
                                         intervalsFor(c.refit_validation, c.forecast_interval)) {
      out.push_back({"history_kept", "must be longer than refit_validation (" +
                                         seconds(c.refit_validation) +
                                         ") so a refit has data before the validation span"});
    }
  }
  if (!std::isfinite(c.capacity_utilization_floor) || c.capacity_utilization_floor < 0 ||
      c.capacity_utilization_floor >= 1) {
    out.push_back({"capacity_utilization_floor", "must lie in [0, 1)"});
  }
  if (!std::isfinite(c.capacity_smoothing) || c.capacity_smoothing <= 0 ||
      c.capacity_smoothing > 1) {
    out.push_back({"capacity_smoothing", "must lie in (0, 1]"});
  }
  if (!std::isfinite(c.latency_limit_ms) || c.latency_limit_ms < 0) {
    out.push_back({"latency_limit_ms", "must be 0 (off) or more"});
  }
  if (c.mode == PredictiveMode::kHybrid) {
    HpaConfig hpa = c.hpa;
    hpa.target = c.target;
    for (ConfigProblem p : checkHpaConfig(hpa)) {
      p.field = "hpa." + p.field;
      out.push_back(std::move(p));
    }
  }
  return out;
}

int requiredHorizon(const PredictiveConfig& c) {
  if (c.forecast_interval <= 0) {
    return 1;
  }
  const TimeNs ahead =
      leadTime(c) + std::max<TimeNs>(c.period, 0) + std::max<TimeNs>(c.scale_in_window, 0);
  return static_cast<int>(intervalsFor(ahead, c.forecast_interval)) + 1;
}

int backtestHorizon(const PredictiveConfig& c) {
  if (c.forecast_interval <= 0) {
    return 1;
  }
  return static_cast<int>(
      std::max<std::int64_t>(1, intervalsFor(leadTime(c), c.forecast_interval)));
}

ForecasterSpec forecasterSpecFor(const PredictiveConfig& config) {
  ForecasterSpec spec = config.forecaster;
  spec.interval = config.forecast_interval;
  spec.horizon = std::max(spec.horizon, requiredHorizon(config));
  return spec;
}

PredictivePolicy::PredictivePolicy(PredictiveConfig config, std::unique_ptr<Forecaster> forecaster)
    : config_(checked(std::move(config), forecaster.get())),
      lead_(shadowscale::leadTime(config_)),
      interval_(config_.forecast_interval),
      interval_s_(toSeconds(config_.forecast_interval)),
      upper_index_(0),
      history_capacity_(static_cast<std::size_t>(intervalsFor(config_.history_kept, interval_))),
      zero_run_intervals_(
          static_cast<std::size_t>(intervalsFor(config_.zero_run_missing, interval_))),
      min_history_intervals_(static_cast<std::size_t>(
          std::max<std::int64_t>(1, intervalsFor(config_.min_history, interval_)))),
      pretrained_(!config_.forecaster.model_path.empty()),
      keeper_(std::move(forecaster), backtestHorizon(config_),
              static_cast<std::size_t>(
                  std::max<std::int64_t>(1, intervalsFor(config_.refit_validation, interval_)))) {
  const CapacityEstimatorOptions options{config_.target_utilization,
                                         config_.capacity_utilization_floor,
                                         config_.capacity_smoothing, config_.latency_limit_ms};
  for (CapacityEstimator& c : capacity_) {
    c = CapacityEstimator(options);
  }
  if (config_.mode == PredictiveMode::kHybrid) {
    hpa_.emplace(config_.hpa);
  }
  warmup_note_ = "collecting history";
  telemetry_.lead_time_s = toSeconds(lead_);
}

std::string_view PredictivePolicy::kind() const {
  return config_.mode == PredictiveMode::kHybrid ? "hybrid" : "predictive";
}

std::vector<std::string> PredictivePolicy::notes() const {
  if (ready_) {
    return {};
  }
  const std::string pool = config_.target == PoolId::kShadow ? "shadow" : "live";
  const std::string held = config_.mode == PredictiveMode::kHybrid
                               ? "its HPA alone sized the " + pool + " pool"
                               : "the " + pool + " pool was held at min_instances (" +
                                     std::to_string(config_.min_instances) + ")";
  return {"the predictive policy never left its warm-up (" + warmup_note_ + "), so " + held +
          " for the whole run: it acts only after min_history (" +
          formatDuration(config_.min_history) +
          ") and the history its forecaster needs; run longer or lower min_history"};
}

void PredictivePolicy::accumulate(const Observation& obs) {
  if (!calendar_set_) {
    // A calendar whose run time matches the shell's: local civil time of `now` minus `now`.
    const TimeNs local_now = daysFromCivil(obs.civil.year, obs.civil.month, obs.civil.day) * kDay +
                             obs.civil.time_of_day;
    calendar_ = Calendar(local_now - obs.now, 0);
    calendar_set_ = true;
  }
  if (obs.window <= 0) {
    return;
  }
  const TimeNs from = obs.now - obs.window;
  const TimeNs to = obs.now;
  if (!started_) {
    bucket_start_ = floorDiv(from, interval_) * interval_;
    started_ = true;
  }
  // A rate is all the policy sees of the window, so it is spread evenly across it.
  const double rate = std::isfinite(obs.demand_rate) ? std::max(0.0, obs.demand_rate) : 0.0;
  bool closed = false;
  while (true) {
    const TimeNs end = bucket_start_ + interval_;
    const TimeNs seg_from = std::max(from, bucket_start_);
    const TimeNs seg_to = std::min(to, end);
    if (seg_to > seg_from) {
      bucket_count_ += rate * toSeconds(seg_to - seg_from);
      bucket_covered_ += seg_to - seg_from;
      bucket_event_ = bucket_event_ || obs.event_active;
    }
    if (to < end) {
      break;
    }
    closeInterval(obs.now);
    closed = true;
  }
  if (closed && ready_) {
    const int horizon = requiredHorizon(config_);
    const QuantileForecast f = keeper_.forecast(horizon, futureCalendar(horizon));
    const int q = f.indexOf(config_.upper_quantile);
    upper_index_ = q < 0 ? f.quantiles.size() - 1 : static_cast<std::size_t>(q);
    StoredForecast s;
    s.made_at = obs.now;
    s.last_t = history_.back().t;
    for (int h = 0; h < f.horizon(); ++h) {
      const auto& row = f.values[static_cast<std::size_t>(h)];
      s.median.push_back(std::max(0.0, f.median(h)) / interval_s_);
      s.upper.push_back(std::max(0.0, row[upper_index_]) / interval_s_);
    }
    forecasts_.push_back(std::move(s));
  }
}

std::vector<SeriesPoint> PredictivePolicy::futureCalendar(int horizon) const {
  std::vector<SeriesPoint> out(static_cast<std::size_t>(std::max(horizon, 0)));
  for (std::size_t k = 0; k < out.size(); ++k) {
    SeriesPoint& p = out[k];
    p.t = bucket_start_ + static_cast<TimeNs>(k) * interval_;
    p.civil = calendar_.civil(p.t);
    p.event_multiplier = eventMultiplier(events_, p.t, p.t + interval_);
    p.event = p.event_multiplier != 1.0;
  }
  return out;
}

void PredictivePolicy::flagZeroRun(SeriesPoint& p) {
  if (zero_run_intervals_ == 0) {
    return;
  }
  if (p.missing || p.value > 0) {
    zero_run_ = 0;
    return;
  }
  ++zero_run_;
  if (zero_run_ < zero_run_intervals_) {
    return;
  }
  p.missing = true;
  if (zero_run_ == zero_run_intervals_) {
    // The run just became an outage: its earlier intervals are no demand data either, so the
    // refits (which learn from this history) leave them out too.
    const std::size_t earlier = std::min(zero_run_ - 1, history_.size());
    for (std::size_t k = history_.size() - earlier; k < history_.size(); ++k) {
      history_[k].missing = true;
    }
  }
}

void PredictivePolicy::closeInterval(TimeNs now) {
  SeriesPoint p;
  p.t = bucket_start_;
  p.value = bucket_count_;
  p.civil = calendar_.civil(bucket_start_);
  p.event_multiplier = eventMultiplier(events_, bucket_start_, bucket_start_ + interval_);
  p.event = bucket_event_ || p.event_multiplier != 1.0;
  p.missing = bucket_covered_ < interval_;
  flagZeroRun(p);
  bucket_start_ += interval_;
  bucket_count_ = 0;
  bucket_covered_ = 0;
  bucket_event_ = false;

  history_.push_back(p);
  while (history_.size() > history_capacity_) {
    history_.pop_front();
  }
  if (ready_) {
    keeper_.observe(p);
    if (config_.refit_period > 0 && now >= next_refit_) {
      const std::vector<SeriesPoint> h(history_.begin(), history_.end());
      keeper_.refit(h);
      next_refit_ = now + config_.refit_period;
    }
    return;
  }
  if (pretrained_) {
    // A saved model is already fitted: it only needs the run's intervals for its state.
    keeper_.observe(p);
  }
  // A saved model is fitted already; otherwise the forecaster says how much history it needs.
  const std::size_t model_needs = pretrained_ ? 0 : keeper_.model().minHistory();
  const std::size_t needed = std::max(min_history_intervals_, model_needs);
  if (history_.size() < needed) {
    warmup_note_ = "collecting history: " + std::to_string(history_.size()) + " of " +
                   std::to_string(needed) + " intervals";
    if (model_needs > min_history_intervals_) {
      warmup_note_ += " (forecaster '" + std::string(keeper_.model().name()) + "' needs " +
                      std::to_string(model_needs) + ")";
    }
    return;
  }
  if (!pretrained_) {
    const std::vector<SeriesPoint> h(history_.begin(), history_.end());
    try {
      keeper_.fit(h);
    } catch (const std::exception& e) {
      // The history is as long as the forecaster asked for: a failure is not a warm-up, and
      // retrying would keep the policy warming up for ever.
      throw std::runtime_error("predictive: forecaster '" + std::string(keeper_.model().name()) +
                               "' failed to fit on " + std::to_string(h.size()) +
                               " intervals of history: " + e.what());
    }
  }
  ready_ = true;
  warmup_note_.clear();
  next_refit_ = now + config_.refit_period;
}

std::optional<std::size_t> PredictivePolicy::stepAt(const StoredForecast& f, TimeNs t) const {
  const std::int64_t k = floorDiv(t - f.last_t, interval_);
  if (k < 1 || static_cast<std::size_t>(k) > f.upper.size()) {
    return std::nullopt;
  }
  return static_cast<std::size_t>(k - 1);
}

double PredictivePolicy::maxUpper(TimeNs from, TimeNs to) const {
  const StoredForecast& f = forecasts_.back();
  const std::int64_t steps = static_cast<std::int64_t>(f.upper.size());
  const std::int64_t first =
      std::clamp<std::int64_t>(floorDiv(from - f.last_t, interval_), 1, steps);
  const std::int64_t last =
      std::clamp<std::int64_t>(floorDiv(std::max(to - 1, from) - f.last_t, interval_), 1, steps);
  double m = 0;
  for (std::int64_t k = first; k <= last; ++k) {
    m = std::max(m, f.upper[static_cast<std::size_t>(k - 1)]);
  }
  return m;
}

int PredictivePolicy::need(double rps, double per_instance) const {
  int n = 0;
  if (rps > 0 && per_instance > 0) {
    const double x = std::ceil(rps / per_instance - 1e-9);
    n = x >= static_cast<double>(config_.max_instances) ? config_.max_instances
                                                        : static_cast<int>(x);
  }
  return std::clamp(n, config_.min_instances, config_.max_instances);
}

void PredictivePolicy::updateTelemetryForecast(TimeNs now) {
  // Forecasts older than the newest one made at least L ago are of no further use.
  while (forecasts_.size() >= 2 && forecasts_[1].made_at <= now - lead_) {
    forecasts_.pop_front();
  }
  telemetry_.forecast_p50_rps = kNaN;
  telemetry_.forecast_upper_rps = kNaN;
  if (forecasts_.empty() || forecasts_.front().made_at > now - lead_) {
    return;
  }
  const StoredForecast& f = forecasts_.front();
  if (const auto k = stepAt(f, now)) {
    telemetry_.forecast_p50_rps = f.median[*k];
    telemetry_.forecast_upper_rps = f.upper[*k];
  }
}

Decision PredictivePolicy::decide(const Observation& obs) {
  const TimeNs now = obs.now;
  const PoolId target = config_.target;
  const PoolView& pool = obs.pool(target);
  capacity_[index(PoolId::kLive)].observe(obs.pool(PoolId::kLive));
  capacity_[index(PoolId::kShadow)].observe(obs.pool(PoolId::kShadow));
  if (obs.announced_events.size() != events_.size()) {
    events_.assign(obs.announced_events.begin(), obs.announced_events.end());
  }
  accumulate(obs);
  updateTelemetryForecast(now);

  std::optional<int> hpa_wants;
  if (hpa_) {
    // Runs every tick, warm-up included, so its stabilization windows see every sample.
    hpa_wants = hpa_->decide(obs).instances[index(target)];
  }
  const bool dry = config_.mode == PredictiveMode::kForecastOnly;
  if (!have_would_) {
    would_instances_ = pool.desired;
    have_would_ = true;
  }
  const int current = dry ? would_instances_ : pool.desired;

  status_ = PredictiveStatus{};
  status_.time = now;
  status_.current = current;
  status_.hpa = hpa_wants;
  const double per = capacity_[index(target)].perInstanceRps();
  status_.capacity_rps = per;

  int planned = current;
  std::optional<double> weight;
  if (!ready_ || forecasts_.empty()) {
    planned = config_.min_instances;
    status_.reason = "WarmingUp";
  } else if (per <= 0) {
    status_.reason = "NoCapacity";  // the pool reports no capacity: nothing to size with
  } else {
    const bool to_shadow = target == PoolId::kShadow;
    const bool routes = to_shadow && config_.shift_traffic && obs.pool(PoolId::kShadow).enabled;
    const PoolView& live = obs.pool(PoolId::kLive);
    const double live_cap =
        routes ? live.ready * capacity_[index(PoolId::kLive)].perInstanceRps() : 0.0;
    status_.live_capacity_rps = live_cap;
    // Instances asked for now are ready at now + L and the next decision comes a period later,
    // so scale-out covers everything until now + L + period.
    const double out_rps = maxUpper(now, now + lead_ + config_.period);
    const double hold_rps = maxUpper(now, now + lead_ + config_.period + config_.scale_in_window);
    status_.scale_out_rps = out_rps;
    status_.hold_rps = hold_rps;
    // The load the target pool is to carry when the forecast is `f`.
    auto load = [&](double f) {
      if (!routes) {
        return f;
      }
      if (config_.route_share == RouteShare::kOverflow) {
        return std::max(0.0, f - live_cap);
      }
      return f > live_cap ? f : 0.0;
    };
    // The load already here counts too: a forecast that missed (an unannounced event) must not
    // leave the pool short of what it serves now.
    const double demand_now = std::isfinite(obs.demand_rate) ? std::max(0.0, obs.demand_rate) : 0.0;
    const int out_need = std::max(need(load(out_rps), per), need(load(demand_now), per));
    // Never scale in below what the traffic the pool serves right now needs.
    const int hold_need =
        std::max(need(load(hold_rps), per), need(pool.arrival_rate + pool.mirror_rate, per));
    if (out_need > current) {
      planned = out_need;
      status_.reason = "ScaleOut";
    } else if (hold_need < current) {
      planned = hold_need;
      status_.reason = "ScaleIn";
    } else {
      status_.reason = "Hold";
    }

    if (routes) {
      const double demand = std::isfinite(obs.demand_rate) ? std::max(0.0, obs.demand_rate) : 0.0;
      // Shift when the forecast says the live pool will not carry the load, and also when it
      // already does not: a forecast that missed (an unannounced event) must not leave the live
      // pool overloaded.
      if (out_rps > live_cap || demand > live_cap) {
        routing_ = true;
      } else if (routing_ && hold_rps < live_cap && demand <= live_cap) {
        routing_ = false;
      }
      double w = 0;
      if (routing_) {
        w = config_.route_share == RouteShare::kAll
                ? 1.0
                : std::clamp(1.0 - live_cap / std::max(out_rps, demand), 0.0, 1.0);
      }
      if (!dry && w > 0 && demand > 0) {
        // Traffic moves only as fast as the shadow pool's ready instances can take it.
        w = std::min(w, obs.pool(PoolId::kShadow).ready * per / demand);
      }
      weight = w;
      status_.routing = routing_;
    }
  }
  planned = std::clamp(planned, config_.min_instances, config_.max_instances);
  status_.planned = planned;
  int asked = planned;
  if (hpa_wants && *hpa_wants > asked) {
    asked = *hpa_wants;
    status_.reason = "HpaFloor";
  }

  Decision d;
  if (!dry) {
    d.instances[index(target)] = asked;
    d.shadow_weight = weight;
  }
  would_instances_ = asked;
  if (weight) {
    telemetry_.would_weight = *weight;
  }
  telemetry_.would_instances = asked;
  telemetry_.capacity_rps = per;
  telemetry_.lead_time_s = toSeconds(lead_);
  telemetry_.refits_accepted = keeper_.accepted();
  telemetry_.refits_rejected = keeper_.rejected();
  telemetry_.warming_up = !ready_;
  return d;
}

}  // namespace shadowscale
