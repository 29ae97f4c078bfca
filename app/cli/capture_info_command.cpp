#include "app/cli/capture_info_command.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "app/cli/exit_codes.h"
#include "app/cli/human_units.h"
#include "core/text.h"
#include "core/time_text.h"
#include "replay/capture_reader.h"

namespace shadowscale {

void describeCapture(const std::string& path) {
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
                  shortenForDisplay(top[i].second).c_str());
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
}

void addCaptureInfoCommand(CommandLine& cli) {
  auto path = std::make_shared<std::string>();
  CLI::App& cmd = cli.add(
      "capture-info",
      "describe a capture file: header, records, time range, torn tail\n"
      "Prints a capture's header, record count, time range, status classes, most requested\n"
      "routes and any torn tail (docs/capture-and-replay.md).",
      [path] {
        describeCapture(*path);
        return kExitOk;
      },
      "exit codes: 0 done, 2 not a capture or damaged, 1 other failure.");
  cmd.add_option("FILE", *path, "the capture file")->type_name("FILE")->required();
}

}  // namespace shadowscale
