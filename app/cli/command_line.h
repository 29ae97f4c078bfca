#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>

#include <CLI/App.hpp>

namespace shadowscale {

// Thrown by a command whose work completed but whose thresholds were crossed; it exits 99.
class ThresholdsCrossed : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The exit code for an exception escaping a command: 2 for bad input (InputError) and bad
// arguments (CLI11 parse errors), 99 for ThresholdsCrossed, 1 for anything else. The one place
// where error types become exit codes (see app/cli/exit_codes.h).
int exitCodeFor(const std::exception& e);

// A CLI11 check that an option's value is a whole number from `min` to `max`; the message
// names the range ("--seed: expected a whole number from 0 to 18446744073709551615, got '-1'").
CLI::Validator wholeNumber(std::uint64_t min, std::uint64_t max = UINT64_MAX);

// A CLI11 check that an option's value is a number above 0 ("--slo-ms: expected a number above
// 0, got '0'").
CLI::Validator positiveNumber();

// The program's commands on one CLI11 app. A command adds its subcommand with add(), declares
// its options on the returned CLI::App, and gives the work to run once the line is parsed.
class CommandLine {
 public:
  // The work of a command: returns the exit code (normally kExitOk) or throws.
  using Work = std::function<int()>;

  CommandLine(const std::string& program, const std::string& description);

  // Adds command `name`; `work` runs when it is the command given. `description` is its help
  // text (first line: the summary shown in the command list); `footer` ends its --help.
  CLI::App& add(const std::string& name, const std::string& description, Work work,
                const std::string& footer = "");

  // Parses argv, runs the chosen command and returns the process's exit code; every message
  // goes to stderr as "PROGRAM COMMAND: message".
  int run(int argc, char** argv);

  // The top-level app, for options that belong to the program rather than a command.
  CLI::App& app() { return *app_; }

 private:
  bool isCommand(const std::string& name) const;

  std::string program_;
  std::unique_ptr<CLI::App> app_;
  std::map<const CLI::App*, Work> work_;
};

}  // namespace shadowscale
