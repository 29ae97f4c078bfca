#include "models/auto_forecaster.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <utility>

namespace shadowscale {

AutoForecaster::AutoForecaster(std::vector<std::unique_ptr<Forecaster>> members,
                               AutoOptions options)
    : options_(options) {
  if (members.empty()) {
    throw std::invalid_argument("auto: no forecasters to choose from");
  }
  for (const auto& m : members) {
    if (!m) {
      throw std::invalid_argument("auto: a member forecaster is missing");
    }
  }
  const TimeNs interval = members.front()->interval();
  const std::vector<double> levels = members.front()->quantileLevels();
  for (auto& m : members) {
    if (m->interval() != interval || m->quantileLevels() != levels) {
      throw std::invalid_argument("auto: members must share the interval and quantile levels ('" +
                                  std::string(m->name()) + "' differs)");
    }
    horizon_ = horizon_ == 0 ? m->maxHorizon() : std::min(horizon_, m->maxHorizon());
    Member member;
    member.model = std::move(m);
    members_.push_back(std::move(member));
  }
  if (!(options_.error_memory_per_step >= 1) || !(options_.keep_within >= 1)) {
    throw std::invalid_argument("auto: error_memory_per_step and keep_within must be at least 1");
  }
  if (!(options_.weight_power > 0 && options_.weight_power <= 8)) {
    throw std::invalid_argument("auto: weight_power must lie in (0, 8]");
  }
}

AutoForecaster::AutoForecaster(const AutoForecaster& other)
    : options_(other.options_), horizon_(other.horizon_) {
  for (const Member& m : other.members_) {
    Member copy;
    copy.model = m.model->clone();
    copy.active = m.active;
    copy.error = m.error;
    copy.scored = m.scored;
    copy.pending = m.pending;
    copy.current = m.current;
    members_.push_back(std::move(copy));
  }
}

std::unique_ptr<Forecaster> AutoForecaster::clone() const {
  return std::make_unique<AutoForecaster>(*this);
}

std::size_t AutoForecaster::minHistory() const {
  std::size_t least = members_.front().model->minHistory();
  for (const Member& m : members_) {
    least = std::min(least, m.model->minHistory());
  }
  return least;
}

std::vector<std::string_view> AutoForecaster::memberNames() const {
  std::vector<std::string_view> names;
  for (const Member& m : members_) {
    names.push_back(m.model->name());
  }
  return names;
}

void AutoForecaster::fit(std::span<const SeriesPoint> history) {
  const std::size_t n = history.size();
  const std::size_t least = minHistory();
  if (n < least) {
    throw std::invalid_argument("auto: needs at least " + std::to_string(least) +
                                " intervals of history, got " + std::to_string(n));
  }
  const std::size_t tail = std::min(options_.fit_tail, n - least);
  const auto prefix = history.first(n - tail);
  std::string failures;
  bool any = false;
  for (Member& m : members_) {
    m.error.assign(static_cast<std::size_t>(horizon_), 0.0);
    m.scored.assign(static_cast<std::size_t>(horizon_), 0);
    m.pending.clear();
    m.current.clear();
    m.active = false;
    if (m.model->minHistory() > prefix.size()) {
      continue;  // joins at a later fit, once the history allows it
    }
    try {
      m.model->fit(prefix);
      m.active = true;
      any = true;
    } catch (const std::invalid_argument& e) {
      // The data will not support this member (e.g. too much missing); the others carry on.
      failures += std::string(failures.empty() ? "" : "; ") + e.what();
    }
  }
  if (!any) {
    throw std::invalid_argument("auto: no member could fit: " + failures);
  }
  for (std::size_t k = n - tail; k < n; ++k) {
    observe(history[k]);
  }
}

const std::vector<std::vector<double>>& AutoForecaster::memberForecast(
    Member& m, std::span<const SeriesPoint> calendar) {
  if (m.current.empty()) {
    m.current = m.model->forecast(horizon_, calendar).values;
  }
  return m.current;
}

void AutoForecaster::observe(const SeriesPoint& point) {
  const bool scored = !point.missing && std::isfinite(point.value);
  for (Member& m : members_) {
    if (!m.active) {
      continue;
    }
    // The member's forecast made before this point, scored on it and on the next steps.
    const auto& f = memberForecast(m, std::span<const SeriesPoint>(&point, 1));
    const QuantileForecast shape{m.model->quantileLevels(), {}};
    const std::size_t median = shape.medianIndex();
    std::vector<double> medians(f.size());
    for (std::size_t h = 0; h < f.size(); ++h) {
      medians[h] = f[h][median];
    }
    m.pending.push_back(std::move(medians));
    while (m.pending.size() > static_cast<std::size_t>(horizon_)) {
      m.pending.pop_front();
    }
    if (scored) {
      for (std::size_t age = 0; age < m.pending.size(); ++age) {
        const double e = std::abs(point.value - m.pending[m.pending.size() - 1 - age][age]);
        // The newest error's weight: 1 / memory, the memory growing with the step ahead.
        const double a = 1.0 / (options_.error_memory_per_step * static_cast<double>(age + 1));
        m.error[age] = m.scored[age] == 0 ? e : m.error[age] + a * (e - m.error[age]);
        ++m.scored[age];
      }
    }
    m.model->observe(point);
    m.current.clear();
  }
}

std::vector<double> AutoForecaster::weights(int h) const {
  const auto s = static_cast<std::size_t>(h);
  std::vector<double> w(members_.size(), 0.0);
  double best = HUGE_VAL;
  bool any_scored = false;
  for (const Member& m : members_) {
    if (m.active && s < m.scored.size() && m.scored[s] > 0) {
      best = std::min(best, m.error[s]);
      any_scored = true;
    }
  }
  double total = 0;
  for (std::size_t i = 0; i < members_.size(); ++i) {
    const Member& m = members_[i];
    if (!m.active) {
      continue;
    }
    if (!any_scored) {
      w[i] = 1.0;  // nothing scored yet: an equal mix
    } else if (m.scored[s] > 0 && m.error[s] <= options_.keep_within * best) {
      // A floor keeps a perfect member (error 0) from dividing by zero; 1 / e^p is scaled so
      // that the best member's weight is 1, whatever the units of the series.
      const double floor = 1e-9 * (1.0 + best);
      const double e = std::max(m.error[s], floor);
      w[i] = std::pow(std::max(best, floor) / e, options_.weight_power);
    }
    total += w[i];
  }
  for (double& x : w) {
    x /= total;
  }
  return w;
}

QuantileForecast AutoForecaster::forecast(int horizon,
                                          std::span<const SeriesPoint> future_calendar) {
  if (horizon < 1 || horizon > horizon_) {
    throw std::invalid_argument("auto: horizon " + std::to_string(horizon) + " outside 1.." +
                                std::to_string(horizon_));
  }
  QuantileForecast out;
  out.quantiles = quantileLevels();
  out.values.assign(static_cast<std::size_t>(horizon), std::vector<double>(out.quantiles.size()));
  for (int h = 0; h < horizon; ++h) {
    const std::vector<double> w = weights(h);
    for (std::size_t i = 0; i < members_.size(); ++i) {
      if (w[i] <= 0) {
        continue;
      }
      const auto& row = memberForecast(members_[i], future_calendar)[static_cast<std::size_t>(h)];
      for (std::size_t q = 0; q < row.size(); ++q) {
        out.values[static_cast<std::size_t>(h)][q] += w[i] * row[q];
      }
    }
  }
  return out;
}

}  // namespace shadowscale
