#pragma once

#include <memory>
#include <vector>

#include "core/policy.h"
#include "scenarios/scenario.h"

namespace shadowscale {

// Builds the scaling policies a setup names, in the order it names them.
std::vector<std::unique_ptr<ScalingPolicy>> makePolicies(const SetupSpec& setup);

}  // namespace shadowscale
