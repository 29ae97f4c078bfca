#include "core/metrics/elasticity.h"

#include <cmath>
#include <stdexcept>
#include <string>

namespace shadowscale {

int demandInstances(double rate, double capacity_per_instance, double utilization_at_slo) {
  const double per_instance = capacity_per_instance * utilization_at_slo;
  return per_instance > 0 ? static_cast<int>(std::ceil(rate / per_instance - 1e-9)) : 0;
}

void ElasticityTracker::add(TimeNs dt, double demand, double supply) {
  if (dt < 0) {
    throw std::invalid_argument("ElasticityTracker::add: dt must not be negative, got " +
                                std::to_string(dt) + " ns");
  }
  if (!(std::isfinite(demand) && demand >= 0) || !(std::isfinite(supply) && supply >= 0)) {
    throw std::invalid_argument(
        "ElasticityTracker::add: demand and supply must be finite and "
        "not negative, got demand " +
        std::to_string(demand) + ", supply " + std::to_string(supply));
  }
  total_ += dt;
  if (supply < demand) {
    under_time_ += dt;
  } else if (supply > demand) {
    over_time_ += dt;
  }
  if (demand > 0) {
    demand_time_ += dt;
    const double span = static_cast<double>(dt);
    if (supply < demand) {
      under_ += (demand - supply) / demand * span;
    } else {
      over_ += (supply - demand) / demand * span;
    }
  }
}

double ElasticityTracker::thetaU() const {
  return demand_time_ == 0 ? 0.0 : 100.0 * under_ / static_cast<double>(demand_time_);
}

double ElasticityTracker::thetaO() const {
  return demand_time_ == 0 ? 0.0 : 100.0 * over_ / static_cast<double>(demand_time_);
}

double ElasticityTracker::tauU() const {
  return total_ == 0 ? 0.0 : 100.0 * static_cast<double>(under_time_) / static_cast<double>(total_);
}

double ElasticityTracker::tauO() const {
  return total_ == 0 ? 0.0 : 100.0 * static_cast<double>(over_time_) / static_cast<double>(total_);
}

}  // namespace shadowscale
