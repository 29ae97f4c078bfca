#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace shadowscale {
namespace config {
class Scenario;
}  // namespace config

namespace studio {

// Scenario text as the form sees it: parsed for its syntax only (the loader checks the rest),
// with where each field was written, so a value set in the form is written back into the text
// at its place and every comment and line the planner wrote stays as it was.
//
// Fields are named by dotted paths with indexes for repeated fields, as the loader names them
// in its messages: "traffic.duration", "live_pool.initial_instances", "setup[1].name".
class ScenarioText {
 public:
  // Parses `text`; ok() is false when its syntax is broken (the form then keeps what it shows).
  explicit ScenarioText(std::string text);
  ~ScenarioText();
  ScenarioText(ScenarioText&&) noexcept;
  ScenarioText& operator=(ScenarioText&&) noexcept;

  bool ok() const;
  const std::string& text() const { return text_; }
  // The parsed message; empty when !ok().
  const config::Scenario& message() const;

  // The value of the scalar field at `path` as the text would hold it ("7d", "0.7", "LIVE",
  // "true"), or nullopt when the field is not written (the loader's default applies).
  std::optional<std::string> value(const std::string& path) const;

  // The text with the scalar field at `path` set to `value` (a string field's value is quoted
  // here; others are written as given): replaced where it is written, otherwise added to its
  // message (and that message created when absent). Throws std::invalid_argument for a path
  // the schema lacks, a repeated message index past the end, or text that does not parse.
  std::string withValue(const std::string& path, const std::string& value) const;

  // The text without the scalar field at `path` (its line removed when nothing else is on it),
  // so the loader's default applies; the text unchanged when the field is not written.
  std::string withoutValue(const std::string& path) const;

 private:
  struct Parsed;
  std::string text_;
  std::unique_ptr<Parsed> parsed_;
};

// A text-format string literal: quoted, with quotes, backslashes and control bytes escaped.
std::string quoteTextFormat(const std::string& value);

}  // namespace studio
}  // namespace shadowscale
