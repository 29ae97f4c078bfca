// Fuzz target: the scenario text loader (Protobuf text format, then every field's validation).
#include "core/input_error.h"
#include "fuzz/fuzz_targets.h"
#include "scenarios/scenario_loader.h"

namespace shadowscale {

int fuzzScenarioText(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    // A base folder that does not exist: a count_csv path in the input names no real file.
    parseScenarioText(text, "fuzz.textproto", "/nonexistent-fuzz-base");
  } catch (const InputError&) {
  }
  return 0;
}

}  // namespace shadowscale
