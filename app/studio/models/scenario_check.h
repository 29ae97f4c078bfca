#pragma once

#include <string>

namespace shadowscale::studio {

// What the scenario loader (the same one `shadowscale run` uses) says about scenario text,
// placed for the editor: the line, the column when known, and the field.
struct ScenarioDiagnostic {
  bool ok = true;
  int line = 0;         // 1-based; 0 when the problem is not tied to a line
  int column = 0;       // 1-based where the field starts on that line; 0 when unknown
  std::string field;    // the loader's dotted path ("setup[1].policy[0].hpa.max_replicas")
  std::string what;     // the problem, without its place
  std::string message;  // the loader's whole message: "file:line: field: what"
};

// Loads `text` with parseScenarioText, naming it `name` in messages and resolving its relative
// paths against `base_dir`, and places the first problem it reports. The column is where the
// field's name is written on its line, or else where the parser stopped (syntax errors).
ScenarioDiagnostic checkScenarioText(const std::string& text, const std::string& name,
                                     const std::string& base_dir);

// Splits a loader message "name:line: field: what" (line and field optional) into its parts and
// finds the field's column on that line of `text`.
ScenarioDiagnostic placeLoaderMessage(const std::string& message, const std::string& name,
                                      const std::string& text);

}  // namespace shadowscale::studio
