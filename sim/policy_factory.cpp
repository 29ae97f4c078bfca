#include "sim/policy_factory.h"

#include <type_traits>
#include <variant>

#include "core/policies/hpa.h"
#include "core/policies/predictive.h"
#include "core/policies/schedule.h"
#include "models/forecaster_factory.h"

namespace shadowscale {

std::vector<std::unique_ptr<ScalingPolicy>> makePolicies(const SetupSpec& setup) {
  std::vector<std::unique_ptr<ScalingPolicy>> out;
  for (const PolicySpec& spec : setup.policies) {
    std::visit(
        [&out](const auto& config) {
          using T = std::decay_t<decltype(config)>;
          if constexpr (std::is_same_v<T, HpaConfig>) {
            out.push_back(std::make_unique<HpaPolicy>(config));
          } else if constexpr (std::is_same_v<T, ScheduleConfig>) {
            out.push_back(std::make_unique<SchedulePolicy>(config));
          } else if constexpr (std::is_same_v<T, PredictiveConfig>) {
            out.push_back(std::make_unique<PredictivePolicy>(
                config, makeForecaster(forecasterSpecFor(config))));
          }
        },
        spec);
  }
  return out;
}

}  // namespace shadowscale
