#include "app/cli/command_line.h"

#include <CLI/CLI.hpp>

#include <charconv>
#include <cstdio>
#include <iostream>
#include <sstream>
#include <utility>

#include "app/cli/exit_codes.h"
#include "core/input_error.h"

namespace shadowscale {

namespace {

// CLI11's help layout, with a command's long description shown in full on its own --help but
// only its first line in the program's list of commands.
class HelpFormatter : public CLI::Formatter {
 public:
  HelpFormatter() { column_width(28); }

  std::string make_subcommand(const CLI::App* sub) const override {
    const std::string& d = sub->get_description();
    std::stringstream out;
    CLI::detail::format_help(out, sub->get_name(), d.substr(0, d.find('\n')), get_column_width());
    return out.str();
  }

  std::string make_description(const CLI::App* app) const override {
    const std::string& d = app->get_description();
    return d.empty() ? std::string() : d + "\n\n";
  }
};

// The name a message starts with: "shadowscale" or "shadowscale run".
std::string speaker(const std::string& program, const CLI::App& app) {
  const auto chosen = app.get_subcommands();
  return chosen.empty() ? program : program + " " + chosen.front()->get_name();
}

}  // namespace

CLI::Validator wholeNumber(std::uint64_t min, std::uint64_t max) {
  return CLI::Validator(
      [min, max](std::string& text) -> std::string {
        std::uint64_t v = 0;
        const char* end = text.data() + text.size();
        const auto [p, ec] = std::from_chars(text.data(), end, v);
        if (text.empty() || ec != std::errc() || p != end || v < min || v > max) {
          return "expected a whole number from " + std::to_string(min) + " to " +
                 std::to_string(max) + ", got '" + text + "'";
        }
        return std::string();
      },
      "");
}

CLI::Validator positiveNumber() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        double v = 0;
        const char* end = text.data() + text.size();
        const auto [p, ec] = std::from_chars(text.data(), end, v);
        if (text.empty() || ec != std::errc() || p != end || !(v > 0)) {
          return "expected a number above 0, got '" + text + "'";
        }
        return std::string();
      },
      "");
}

int exitCodeFor(const std::exception& e) {
  if (dynamic_cast<const InputError*>(&e) != nullptr ||
      dynamic_cast<const CLI::ParseError*>(&e) != nullptr) {
    return kExitBadInput;
  }
  if (dynamic_cast<const ThresholdsCrossed*>(&e) != nullptr) {
    return kExitThreshold;
  }
  return kExitFailure;
}

CommandLine::CommandLine(const std::string& program, const std::string& description)
    : program_(program), app_(std::make_unique<CLI::App>(description, program)) {
  app_->formatter(std::make_shared<HelpFormatter>());
  app_->require_subcommand(1);
  app_->footer("Run `" + program + " COMMAND --help` for a command's options.");
}

CLI::App& CommandLine::add(const std::string& name, const std::string& description, Work work,
                           const std::string& footer) {
  CLI::App* sub = app_->add_subcommand(name, description);
  sub->group("Commands");
  if (!footer.empty()) {
    sub->footer(footer + "\n");
  }
  work_.emplace(sub, std::move(work));
  return *sub;
}

bool CommandLine::isCommand(const std::string& name) const {
  for (const auto& [sub, work] : work_) {
    if (sub->get_name() == name) {
      return true;
    }
  }
  return false;
}

int CommandLine::run(int argc, char** argv) {
  // Output appears in the order it is written, also when stdout and stderr share a pipe.
  std::setvbuf(stdout, nullptr, _IOLBF, BUFSIZ);
  if (argc < 2) {
    std::cerr << app_->help();
    return kExitBadInput;
  }
  if (argv[1][0] != '-' && !isCommand(argv[1])) {
    std::cerr << program_ << ": unknown command '" << argv[1] << "'\n\n" << app_->help();
    return kExitBadInput;
  }
  try {
    app_->parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app_->exit(e);  // --help: the help of the command given, on stdout
  } catch (const CLI::ParseError& e) {
    std::cerr << speaker(program_, *app_) << ": " << e.what() << " (see --help)\n";
    return exitCodeFor(e);
  }
  const CLI::App* chosen = app_->get_subcommands().front();
  std::fflush(stdout);
  try {
    const int code = work_.at(chosen)();
    std::fflush(stdout);
    return code;
  } catch (const std::exception& e) {
    std::fflush(stdout);  // what was printed before the error comes before its message
    const int code = exitCodeFor(e);
    std::cerr << speaker(program_, *app_) << ": " << (code == kExitFailure ? "error: " : "")
              << e.what() << "\n";
    return code;
  }
}

}  // namespace shadowscale
