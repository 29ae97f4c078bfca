#include "app/cli/import_command.h"

#include <cstdint>
#include <cstdio>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "app/cli/capture_info_command.h"
#include "app/cli/exit_codes.h"
#include "app/cli/human_units.h"
#include "app/cli/output_paths.h"
#include "core/input_error.h"
#include "core/time_text.h"
#include "replay/import_pipeline.h"
#include "scenarios/units.h"

namespace shadowscale {
namespace {

constexpr const char* kDescription =
    "convert access logs, count series or GoReplay files to a capture\n"
    "  shadowscale import --format FORMAT [OPTIONS] INPUT -o OUT.capture\n"
    "  shadowscale import --inspect FILE.capture\n"
    "Converts traffic to the capture format. INPUT \"-\" reads standard input\n"
    "(zcat access.log.gz | shadowscale import --format clf - -o out.capture). The output is\n"
    "written to a temporary file and renamed into place only when the import succeeds.\n"
    "\n"
    "formats:\n"
    "  clf         NCSA Common Log Format (Apache common; the NASA 1995 logs)\n"
    "  combined    NCSA Combined Log Format (Apache combined, NGINX's default)\n"
    "  nginx       an NGINX log_format given with --nginx-format\n"
    "  counts      a per-interval count series: timestamp,count\n"
    "  gor         GoReplay .gor files\n"
    "\n"
    "See docs/capture-and-replay.md.";

constexpr const char* kFooter =
    "exit codes: 0 done, 2 bad arguments or input (or more bad lines than --max-bad), 1 other\n"
    "failure.";

// Bad lines shown before the rest are only counted.
constexpr std::uint64_t kBadLinesShown = 20;

// The command's arguments, as given.
struct ImportArgs {
  std::string format;
  std::string input;
  std::string output;
  std::string inspect;
  std::string utc_offset;
  std::string interval;
  bool no_spread = false;
  bool quiet = false;
  ImportOptions options;
};

// The import's options from the arguments; throws InputError naming the option.
ImportOptions importOptions(const ImportArgs& args) {
  ImportOptions options = args.options;
  if (args.format.empty()) {
    throw InputError("--format is required (clf, combined, nginx, counts or gor)");
  }
  options.format = *importFormatFromName(args.format);  // checked when parsed
  if (args.input.empty()) {
    throw InputError("no input file given (INPUT, or - for standard input)");
  }
  if (args.output.empty()) {
    throw InputError("no output given: add -o OUT.capture");
  }
  if (!args.utc_offset.empty()) {
    try {
      options.utc_offset = parseUtcOffset(args.utc_offset);
    } catch (const InputError& e) {
      throw InputError("--utc-offset: " + e.problem());
    }
  }
  if (!args.interval.empty()) {
    try {
      options.count_interval = parseDuration(args.interval);
    } catch (const InputError& e) {
      throw InputError("--interval: " + e.problem());
    }
    if (options.count_interval <= 0) {
      throw InputError("--interval: must be more than 0, got '" + args.interval + "'");
    }
  }
  options.spread_within_second = !args.no_spread;
  return options;
}

// Progress and bad-line messages on stderr; a progress line is ended before anything else.
class ImportReporter {
 public:
  explicit ImportReporter(std::string input) : input_(input == "-" ? "<stdin>" : input) {}
  ~ImportReporter() { endLine(); }

  void attach(ImportOptions& options) {
    options.on_bad_line = [this](const ImportBadLine& bad) { badLine(bad); };
    options.progress_every_bytes = 32ull << 20;
    options.on_progress = [this](const ImportProgress& p) { progress(p); };
  }

  void endLine() {
    if (progress_shown_) {
      std::fputc('\n', stderr);
      progress_shown_ = false;
    }
  }

 private:
  void badLine(const ImportBadLine& bad) {
    endLine();
    if (++bad_shown_ <= kBadLinesShown) {
      std::fprintf(stderr, "%s:%lld: skipped: %s\n", input_.c_str(),
                   static_cast<long long>(bad.line), bad.reason.c_str());
    } else if (bad_shown_ == kBadLinesShown + 1) {
      std::fprintf(stderr, "(further bad lines are counted, not shown)\n");
    }
  }

  void progress(const ImportProgress& p) {
    const std::string read = humanBytes(static_cast<double>(p.bytes_read));
    if (p.total_bytes > 0) {
      std::fprintf(stderr, "\rimport: %s of %s (%.0f%%), %llu lines ", read.c_str(),
                   humanBytes(static_cast<double>(p.total_bytes)).c_str(),
                   100.0 * static_cast<double>(p.bytes_read) / static_cast<double>(p.total_bytes),
                   static_cast<unsigned long long>(p.lines));
    } else {
      std::fprintf(stderr, "\rimport: %s, %llu lines ", read.c_str(),
                   static_cast<unsigned long long>(p.lines));
    }
    std::fflush(stderr);
    progress_shown_ = true;
  }

  std::string input_;
  std::uint64_t bad_shown_ = 0;
  bool progress_shown_ = false;
};

void printResult(const ImportArgs& args, const ImportOptions& options, const ImportResult& result) {
  std::printf("imported %llu requests from %s (%s) to %s\n",
              static_cast<unsigned long long>(result.records), args.input.c_str(),
              std::string(importFormatName(options.format)).c_str(), args.output.c_str());
  std::printf("  lines       %llu (%llu bad, %llu skipped)\n",
              static_cast<unsigned long long>(result.lines),
              static_cast<unsigned long long>(result.bad_lines),
              static_cast<unsigned long long>(result.skipped));
  if (result.records > 0) {
    std::printf("  time range  %s .. %s (%s)\n", formatUtc(result.first_unix_ns).c_str(),
                formatUtc(result.last_unix_ns).c_str(),
                humanDuration(result.last_unix_ns - result.first_unix_ns).c_str());
  } else {
    std::printf("  time range  none: the input held no requests\n");
  }
  std::printf("  output      %s\n", humanBytes(static_cast<double>(result.output_bytes)).c_str());
}

int runImport(const ImportArgs& args) {
  if (!args.inspect.empty()) {
    describeCapture(args.inspect);
    return kExitOk;
  }
  ImportOptions options = importOptions(args);
  prepareOutputFile("-o", args.output);  // creates a missing folder, as run and export do
  ImportReporter reporter(args.input);
  if (!args.quiet) {
    reporter.attach(options);
  }
  const ImportResult result = importCapture(args.input, args.output, options);
  reporter.endLine();
  printResult(args, options, result);
  return kExitOk;
}

void addOptions(CLI::App& cmd, ImportArgs& a) {
  cmd.add_option("INPUT", a.input, "the file to convert; - reads standard input")
      ->type_name("FILE");
  cmd.add_option("--format", a.format, "the input's format: clf, combined, nginx, counts or gor")
      ->type_name("FORMAT")
      ->check(CLI::IsMember({"clf", "combined", "nginx", "counts", "gor"}));
  cmd.add_option("-o,--output", a.output, "the capture to write (required)")->type_name("FILE");
  cmd.add_option("--nginx-format", a.options.nginx_format,
                 "the log_format string, e.g. '$remote_addr - $remote_user [$time_local] "
                 "\"$request\" $status $body_bytes_sent \"$http_referer\" \"$http_user_agent\" "
                 "$request_time'")
      ->type_name("STR");
  cmd.add_option("--utc-offset", a.utc_offset,
                 "counts: zone of timestamps written without one (-4h, +05:30, -0400)")
      ->type_name("OFF");
  cmd.add_option("--interval", a.interval,
                 "counts: length of one row (60s, 5m, 1h); default: the step between the first "
                 "two rows")
      ->type_name("DUR");
  cmd.add_option("--time-format", a.options.count_time_format,
                 "counts: strftime-like timestamp format (default: detect)")
      ->type_name("FMT");
  cmd.add_option("--max-bad", a.options.max_bad,
                 "skip up to N bad lines, reporting each; past it the import fails")
      ->type_name("N")
      ->check(wholeNumber(0, INT64_MAX))
      ->capture_default_str();
}

void addRepeatableOptions(CLI::App& cmd, ImportArgs& a) {
  cmd.add_option("--redact-header", a.options.writer.redaction.headers,
                 "also redact header H (repeatable; Authorization, Proxy-Authorization, Cookie "
                 "and Set-Cookie are always redacted)")
      ->type_name("H")
      ->allow_extra_args(false);
  cmd.add_option("--redact-query", a.options.writer.redaction.query_params,
                 "also redact query parameter P (repeatable; access_token always is)")
      ->type_name("P")
      ->allow_extra_args(false);
  cmd.add_option("--keep-header", a.options.keep_headers, "gor: also keep request header H")
      ->type_name("H")
      ->allow_extra_args(false);
  cmd.add_flag("--keep-body", a.options.writer.keep_body,
               "store request bodies (gor, $request_body); default: size and hash only");
  cmd.add_option("--route", a.options.route_rules,
                 "name routes: 'METHOD /template' ('POST /checkout', 'GET /users/{id}', "
                 "'* /static/*') or 'NAME=REGEX' (searched in 'METHOD /path'); repeatable, the "
                 "first match wins; default: the path with numeric, UUID and hex segments as {id}")
      ->type_name("RULE")
      ->allow_extra_args(false);
  cmd.add_flag("--no-spread", a.no_spread,
               "keep one-second log times as they are (default: requests of one second are "
               "spread evenly across it)");
  cmd.add_option("--source", a.options.source_description,
                 "description stored in the capture header")
      ->type_name("TEXT");
  cmd.add_flag("--quiet", a.quiet, "no progress or bad-line messages");
  cmd.add_option("--inspect", a.inspect, "describe a capture and exit (as capture-info)")
      ->type_name("FILE");
}

}  // namespace

void addImportCommand(CommandLine& cli) {
  auto args = std::make_shared<ImportArgs>();
  CLI::App& cmd = cli.add(
      "import", kDescription, [args] { return runImport(*args); }, kFooter);
  addOptions(cmd, *args);
  addRepeatableOptions(cmd, *args);
}

}  // namespace shadowscale
