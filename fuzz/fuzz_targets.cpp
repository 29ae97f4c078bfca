#include "fuzz/fuzz_targets.h"

namespace shadowscale {

const std::vector<NamedFuzzTarget>& fuzzTargets() {
  static const std::vector<NamedFuzzTarget> kTargets = {
      {"scenario_text", fuzzScenarioText}, {"clf_line", fuzzClfLine},
      {"combined_line", fuzzCombinedLine}, {"nginx_line", fuzzNginxLine},
      {"count_csv", fuzzCountCsv},         {"capture_reader", fuzzCaptureReader},
      {"gor_reader", fuzzGorReader},       {"proxy_request", fuzzProxyRequest},
      {"route_rules", fuzzRouteRules},
  };
  return kTargets;
}

}  // namespace shadowscale
