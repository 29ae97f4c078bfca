#include "app/cli/import_command.h"

#include <algorithm>
#include <cstdio>
#include <exception>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app/cli/exit_codes.h"
#include "core/input_error.h"
#include "replay/capture_reader.h"
#include "replay/import_pipeline.h"
#include "replay/import_time.h"

namespace shadowscale {
namespace {

constexpr const char* kUsage =
    R"(usage: shadowscale import --format FORMAT [options] INPUT -o OUT.capture
       shadowscale import --inspect FILE.capture

Converts traffic to the capture format (docs/capture-and-replay.md). INPUT "-" reads standard
input (zcat access.log.gz | shadowscale import --format clf - -o out.capture). The output is
written to a temporary file and renamed into place only when the import succeeds.

formats:
  clf         NCSA Common Log Format (Apache common; the NASA 1995 logs)
  combined    NCSA Combined Log Format (Apache combined, NGINX's default)
  nginx       an NGINX log_format given with --nginx-format
  counts      a per-interval count series: timestamp,count
  gor         GoReplay .gor files

options:
  --format FORMAT         the input's format (required)
  --nginx-format STR      the log_format string, e.g.
                          '$remote_addr - $remote_user [$time_local] "$request" $status
                          $body_bytes_sent "$http_referer" "$http_user_agent" $request_time'
  --utc-offset OFF        counts: zone of timestamps written without one (-4h, +05:30, -0400)
  --interval DUR          counts: length of one row (60s, 5m, 1h); default: the step between
                          the first two rows
  --time-format FMT       counts: strftime-like timestamp format (default: detect)
  --max-bad N             skip up to N bad lines, reporting each; past it the import fails
                          (default 0)
  --redact-header H       also redact header H (repeatable; Authorization, Proxy-Authorization,
                          Cookie and Set-Cookie are always redacted)
  --redact-query P        also redact query parameter P (repeatable; access_token always is)
  --keep-header H         gor: also keep request header H (repeatable)
  --keep-body             store request bodies (gor, $request_body); default: size and hash only
  --route RULE            name routes: 'METHOD /template' ('POST /checkout',
                          'GET /users/{id}', '* /static/*') or 'NAME=REGEX' (searched in
                          'METHOD /path'); repeatable, the first match wins; default: the path
                          with numeric, UUID and hex segments as {id}
  --no-spread             keep one-second log times as they are (default: requests of one
                          second are spread evenly across it)
  --source TEXT           description stored in the capture header
  -o, --output FILE       the capture to write (required)
  --quiet                 no progress or bad-line messages
  --inspect FILE          describe a capture and exit
  -h, --help              this help

exit codes: 0 done, 2 bad arguments or input (or more bad lines than --max-bad), 1 other
failure.
)";

// Bad lines shown before the rest are only counted.
constexpr std::uint64_t kBadLinesShown = 20;

std::string humanBytes(double bytes) {
  const char* units[] = {"B", "kB", "MB", "GB", "TB"};
  int u = 0;
  while (bytes >= 1000 && u < 4) {
    bytes /= 1000;
    ++u;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, u == 0 ? "%.0f %s" : "%.1f %s", bytes, units[u]);
  return buf;
}

std::string humanDuration(TimeNs d) {
  const long long s = static_cast<long long>(d / kSecond);
  char buf[64];
  if (s >= 86400) {
    std::snprintf(buf, sizeof buf, "%lld d %02lld:%02lld:%02lld", s / 86400, s % 86400 / 3600,
                  s % 3600 / 60, s % 60);
  } else {
    std::snprintf(buf, sizeof buf, "%02lld:%02lld:%02lld", s / 3600, s % 3600 / 60, s % 60);
  }
  return buf;
}

// "60s", "5m", "1h", "500ms", or a bare number of seconds.
TimeNs parseDuration(const std::string& flag, const std::string& text) {
  std::size_t pos = 0;
  double value = 0;
  try {
    value = std::stod(text, &pos);
  } catch (const std::exception&) {
    throw InputError(flag + ": expected a duration like 60s, 5m or 1h, got '" + text + "'");
  }
  const std::string unit = text.substr(pos);
  double scale = 0;
  if (unit.empty() || unit == "s") {
    scale = 1e9;
  } else if (unit == "ms") {
    scale = 1e6;
  } else if (unit == "m" || unit == "min") {
    scale = 60e9;
  } else if (unit == "h") {
    scale = 3600e9;
  } else if (unit == "d") {
    scale = 86400e9;
  }
  if (scale == 0 || !(value > 0)) {
    throw InputError(flag + ": expected a positive duration like 60s, 5m or 1h, got '" + text +
                     "'");
  }
  return static_cast<TimeNs>(value * scale);
}

std::int64_t parseCount(const std::string& flag, const std::string& text) {
  std::size_t pos = 0;
  long long v = -1;
  try {
    v = std::stoll(text, &pos);
  } catch (const std::exception&) {
    pos = 0;
  }
  if (pos != text.size() || v < 0) {
    throw InputError(flag + ": expected a whole number of 0 or more, got '" + text + "'");
  }
  return v;
}

int inspect(const std::string& path) {
  CaptureReader reader(path);
  const capture::CaptureHeader& h = reader.header();
  std::printf("capture      %s\n", path.c_str());
  std::printf("format       version %u, written by %s\n", h.format_version(),
              h.created_by().empty() ? "(unknown)" : h.created_by().c_str());
  std::printf("source       %s%s%s%s\n", h.source().c_str(), h.source_format().empty() ? "" : " (",
              h.source_format().c_str(), h.source_format().empty() ? "" : ")");
  std::printf("start        %s\n", formatUtc(h.start_unix_ns()).c_str());
  std::string redacted = "headers:";
  for (int i = 0; i < h.redacted_headers_size(); ++i) {
    redacted += (i ? ", " : " ") + h.redacted_headers(i);
  }
  redacted += "; query:";
  for (int i = 0; i < h.redacted_query_params_size(); ++i) {
    redacted += (i ? ", " : " ") + h.redacted_query_params(i);
  }
  std::printf("redacted     %s\n", redacted.c_str());
  std::printf("bodies       %s\n", h.bodies_kept() ? "kept" : "size and hash only");

  // Route counts are capped so inspecting a capture with millions of distinct routes stays flat.
  constexpr std::size_t kMaxRoutes = 100000;
  std::map<std::string, std::uint64_t> routes;
  bool routes_capped = false;
  std::uint64_t status_class[6] = {};
  std::uint64_t records = 0;
  std::uint64_t mirrors = 0;
  TimeNs first = 0;
  TimeNs last = 0;
  capture::CaptureRecord r;
  std::string key;
  while (reader.next(r)) {
    const TimeNs t = h.start_unix_ns() + r.arrival_ns();
    first = records == 0 ? t : std::min(first, t);
    last = records == 0 ? t : std::max(last, t);
    ++records;
    mirrors += r.mirror() ? 1 : 0;
    status_class[std::min<std::uint32_t>(r.status() / 100, 5)]++;
    key = r.method().empty() ? r.route() : r.method() + " " + r.route();
    auto it = routes.find(key);
    if (it != routes.end()) {
      ++it->second;
    } else if (routes.size() < kMaxRoutes) {
      routes.emplace(key, 1);
    } else {
      routes_capped = true;
    }
  }
  std::printf("records      %llu (mirror copies %llu)\n", static_cast<unsigned long long>(records),
              static_cast<unsigned long long>(mirrors));
  if (records > 0) {
    std::printf("time range   %s .. %s (%s)\n", formatUtc(first).c_str(), formatUtc(last).c_str(),
                humanDuration(last - first).c_str());
    std::printf("status       unknown %llu, 1xx %llu, 2xx %llu, 3xx %llu, 4xx %llu, 5xx %llu\n",
                static_cast<unsigned long long>(status_class[0]),
                static_cast<unsigned long long>(status_class[1]),
                static_cast<unsigned long long>(status_class[2]),
                static_cast<unsigned long long>(status_class[3]),
                static_cast<unsigned long long>(status_class[4]),
                static_cast<unsigned long long>(status_class[5]));
    std::vector<std::pair<std::uint64_t, std::string>> top;
    for (const auto& [name, count] : routes) {
      top.emplace_back(count, name);
    }
    std::sort(top.begin(), top.end(), [](const auto& a, const auto& b) {
      return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    std::printf("routes       %zu distinct%s; the most requested:\n", routes.size(),
                routes_capped ? " (counting stopped at 100000)" : "");
    for (std::size_t i = 0; i < top.size() && i < 10; ++i) {
      std::printf("  %12llu  %s\n", static_cast<unsigned long long>(top[i].first),
                  top[i].second.c_str());
    }
  }
  if (reader.tornTail()) {
    std::printf(
        "torn tail    at byte %llu (%llu bytes): the writer stopped mid-record; every "
        "record before it is complete\n",
        static_cast<unsigned long long>(reader.tornTail()->offset),
        static_cast<unsigned long long>(reader.tornTail()->bytes));
  } else {
    std::printf("torn tail    none\n");
  }
  return kExitOk;
}

}  // namespace

int runImportCommand(int argc, char** argv) {
  ImportOptions options;
  std::string input;
  std::string output;
  std::string inspect_path;
  bool have_format = false;
  bool quiet = false;
  std::uint64_t bad_shown = 0;
  bool progress_shown = false;
  try {
    for (int i = 1; i < argc; ++i) {
      const std::string a = argv[i];
      auto value = [&]() -> std::string {
        if (i + 1 >= argc) {
          throw InputError("import: " + a + " needs a value (see --help)");
        }
        return argv[++i];
      };
      if (a == "-h" || a == "--help") {
        std::fputs(kUsage, stdout);
        return kExitOk;
      } else if (a == "--format") {
        const std::string name = value();
        const auto f = importFormatFromName(name);
        if (!f) {
          throw InputError("--format: unknown format '" + name +
                           "' (clf, combined, nginx, counts or gor)");
        }
        options.format = *f;
        have_format = true;
      } else if (a == "--nginx-format") {
        options.nginx_format = value();
      } else if (a == "--utc-offset") {
        const std::string text = value();
        if (const char* e = parseUtcOffset(text, options.utc_offset)) {
          throw InputError("--utc-offset: " + std::string(e) + " (got '" + text + "')");
        }
      } else if (a == "--interval") {
        options.count_interval = parseDuration(a, value());
      } else if (a == "--time-format") {
        options.count_time_format = value();
      } else if (a == "--max-bad") {
        options.max_bad = parseCount(a, value());
      } else if (a == "--redact-header") {
        options.writer.redaction.headers.push_back(value());
      } else if (a == "--redact-query") {
        options.writer.redaction.query_params.push_back(value());
      } else if (a == "--keep-header") {
        options.keep_headers.push_back(value());
      } else if (a == "--keep-body") {
        options.writer.keep_body = true;
      } else if (a == "--route") {
        options.route_rules.push_back(value());
      } else if (a == "--no-spread") {
        options.spread_within_second = false;
      } else if (a == "--source") {
        options.source_description = value();
      } else if (a == "-o" || a == "--output") {
        output = value();
      } else if (a == "--quiet") {
        quiet = true;
      } else if (a == "--inspect") {
        inspect_path = value();
      } else if (a.size() > 1 && a[0] == '-') {
        throw InputError("import: unknown option " + a + " (see --help)");
      } else if (input.empty()) {
        input = a;
      } else {
        throw InputError("import: more than one input given ('" + input + "' and '" + a + "')");
      }
    }
    if (!inspect_path.empty()) {
      return inspect(inspect_path);
    }
    if (!have_format) {
      throw InputError("import: --format is required (clf, combined, nginx, counts or gor)");
    }
    if (input.empty()) {
      throw InputError("import: no input file given (see --help)");
    }
    if (output.empty()) {
      throw InputError("import: no output given: add -o OUT.capture");
    }
    if (!quiet) {
      options.on_bad_line = [&](const ImportBadLine& bad) {
        if (progress_shown) {
          std::fputc('\n', stderr);
          progress_shown = false;
        }
        if (++bad_shown <= kBadLinesShown) {
          std::fprintf(stderr, "%s:%lld: skipped: %s\n", input == "-" ? "<stdin>" : input.c_str(),
                       static_cast<long long>(bad.line), bad.reason.c_str());
        } else if (bad_shown == kBadLinesShown + 1) {
          std::fprintf(stderr, "(further bad lines are counted, not shown)\n");
        }
      };
      options.progress_every_bytes = 32ull << 20;
      options.on_progress = [&](const ImportProgress& p) {
        if (p.total_bytes > 0) {
          std::fprintf(
              stderr, "\rimport: %s of %s (%.0f%%), %llu lines ",
              humanBytes(static_cast<double>(p.bytes_read)).c_str(),
              humanBytes(static_cast<double>(p.total_bytes)).c_str(),
              100.0 * static_cast<double>(p.bytes_read) / static_cast<double>(p.total_bytes),
              static_cast<unsigned long long>(p.lines));
        } else {
          std::fprintf(stderr, "\rimport: %s, %llu lines ",
                       humanBytes(static_cast<double>(p.bytes_read)).c_str(),
                       static_cast<unsigned long long>(p.lines));
        }
        std::fflush(stderr);
        progress_shown = true;
      };
    }
    const ImportResult result = importCapture(input, output, options);
    if (progress_shown) {
      std::fputc('\n', stderr);
    }
    std::printf("imported %llu requests from %s (%s) to %s\n",
                static_cast<unsigned long long>(result.records), input.c_str(),
                std::string(importFormatName(options.format)).c_str(), output.c_str());
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
    return kExitOk;
  } catch (const InputError& e) {
    if (progress_shown) {
      std::fputc('\n', stderr);
    }
    std::fprintf(stderr, "shadowscale import: %s\n", e.what());
    return kExitBadInput;
  } catch (const std::exception& e) {
    if (progress_shown) {
      std::fputc('\n', stderr);
    }
    std::fprintf(stderr, "shadowscale import: %s\n", e.what());
    return kExitFailure;
  }
}

int runCaptureInfoCommand(int argc, char** argv) {
  std::string path;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "-h" || a == "--help") {
      std::printf(
          "usage: shadowscale %s FILE.capture\n\nPrints a capture's header, record "
          "count, time range, status classes, most requested routes and any torn "
          "tail.\n\nexit codes: 0 done, 2 not a capture or damaged, 1 other failure.\n",
          argc > 0 ? argv[0] : "capture-info");
      return kExitOk;
    }
    if (!path.empty() || (a.size() > 1 && a[0] == '-')) {
      std::fprintf(stderr, "shadowscale %s: expected one capture file (see --help)\n", argv[0]);
      return kExitBadInput;
    }
    path = a;
  }
  if (path.empty()) {
    std::fprintf(stderr, "shadowscale %s: no capture file given (see --help)\n",
                 argc > 0 ? argv[0] : "capture-info");
    return kExitBadInput;
  }
  try {
    return inspect(path);
  } catch (const InputError& e) {
    std::fflush(stdout);
    std::fprintf(stderr, "shadowscale %s: %s\n", argv[0], e.what());
    return kExitBadInput;
  } catch (const std::exception& e) {
    std::fflush(stdout);
    std::fprintf(stderr, "shadowscale %s: %s\n", argv[0], e.what());
    return kExitFailure;
  }
}

}  // namespace shadowscale
