#pragma once

#include <string>
#include <vector>

#include "scenarios/scenario.h"

namespace shadowscale {

// The summary metrics a threshold may name: the engine reports each of them per setup.
const std::vector<std::string>& knownThresholdMetrics();

// Reads, parses and validates a text-format scenario file (scenarios/scenario.proto). Relative
// paths inside it are resolved against the file's folder. Throws InputError
// ("file:line: field.path: problem") for an unreadable file or any bad field; a returned
// Scenario is complete and consistent, so nothing runs on a bad one.
Scenario loadScenarioFile(const std::string& path);

// Parses and validates scenario text. `file_for_messages` names it in errors and becomes
// Scenario::source_path; relative paths are resolved against `base_dir` (the current folder when
// empty). Throws InputError like loadScenarioFile.
Scenario parseScenarioText(const std::string& text, const std::string& file_for_messages,
                           const std::string& base_dir);

// Reads, parses and validates a live proxy configuration file (scenario.proto's ProxyFile):
// the scenario schema's pools, setup and SLO with the server's settings. The pools the setup
// uses must be real (process or static). Throws InputError like loadScenarioFile.
ProxyFileSpec loadProxyFile(const std::string& path);

// Parses and validates proxy configuration text, like parseScenarioText.
ProxyFileSpec parseProxyFileText(const std::string& text, const std::string& file_for_messages,
                                 const std::string& base_dir);

}  // namespace shadowscale
