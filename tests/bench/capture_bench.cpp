// Throughput of the capture format and its importers. Targets (docs/capture-and-replay.md):
// import >= 1 million access-log lines a second, read >= 5 million capture records a second,
// memory flat in the file size. Run with --benchmark_repetitions=5 and read the medians. Rates
// are per CPU second of the benchmark thread (the files sit in the page cache), so a machine
// shared with other work still measures the code rather than the queue for a core.
//
// The peak_rss_growth_kB counter is the process's peak resident memory during the timed loop
// minus its resident memory before it (Linux: /proc/self/clear_refs resets the peak): the
// same figure for a 10x larger file means memory does not grow with the file.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/rng.h"
#include "replay/capture_reader.h"
#include "replay/capture_record_view.h"
#include "replay/capture_source.h"
#include "replay/import_pipeline.h"

namespace shadowscale {
namespace {

namespace fs = std::filesystem;

fs::path scratchDir() {
  return fs::temp_directory_path() / ("shadowscale-capture-bench-" + std::to_string(::getpid()));
}

// A file in this process's scratch folder.
fs::path scratch(const std::string& name) {
  fs::create_directories(scratchDir());
  return scratchDir() / name;
}

// Removes a benchmark's files and, once it is empty, the scratch folder.
void removeScratch(std::initializer_list<std::string> files) {
  std::error_code ignored;
  for (const std::string& f : files) {
    fs::remove(f, ignored);
  }
  fs::remove(scratchDir(), ignored);  // only succeeds when empty
}

// A deterministic access log in the Combined (or Common) Log Format: a web shop's mix of pages,
// API calls with ids, static files and searches, several requests per second.
std::string writeLog(const std::string& name, std::size_t lines, bool combined) {
  static constexpr const char* kPaths[] = {
      "/",         "/index.html",           "/api/products",  "/api/products/",   "/api/users/",
      "/checkout", "/search?q=shoes&page=", "/static/app.js", "/images/logo.png", "/login"};
  static constexpr const char* kAgents[] = {
      "Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0", "curl/8.4.0",
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15"};
  static constexpr int kStatus[] = {200, 200, 200, 200, 200, 200, 304, 404, 302, 500};
  Rng rng(42);
  const std::string path = scratch(name).string();
  std::FILE* f = std::fopen(path.c_str(), "wb");
  long long second = 0;
  char line[512];
  for (std::size_t i = 0; i < lines; ++i) {
    if (rng.uniform() < 0.2) {
      ++second;
    }
    const int h = static_cast<int>(second / 3600 % 24);
    const int m = static_cast<int>(second / 60 % 60);
    const int s = static_cast<int>(second % 60);
    const int day = static_cast<int>(1 + second / 86400 % 28);
    const char* p = kPaths[rng.next() % 10];
    const bool id = p[std::strlen(p) - 1] == '/' && std::strlen(p) > 1;
    const bool page = p[std::strlen(p) - 1] == '=';
    char target[128];
    std::snprintf(target, sizeof target, "%s%s", p,
                  id     ? std::to_string(rng.next() % 100000).c_str()
                  : page ? std::to_string(rng.next() % 20).c_str()
                         : "");
    const int status = kStatus[rng.next() % 10];
    const char* method =
        std::strcmp(p, "/checkout") == 0 || std::strcmp(p, "/login") == 0 ? "POST" : "GET";
    int n = std::snprintf(line, sizeof line,
                          "198.51.100.%d - - [%02d/Jul/1995:%02d:%02d:%02d -0400] \"%s %s "
                          "HTTP/1.1\" %d %d",
                          static_cast<int>(rng.next() % 250), day, h, m, s, method, target, status,
                          status == 200 ? static_cast<int>(rng.next() % 50000) : 0);
    if (combined) {
      n += std::snprintf(line + n, sizeof line - static_cast<std::size_t>(n), " \"%s\" \"%s\"",
                         rng.uniform() < 0.5 ? "-" : "https://shop.example/",
                         kAgents[rng.next() % 3]);
    }
    line[n++] = '\n';
    std::fwrite(line, 1, static_cast<std::size_t>(n), f);
  }
  std::fclose(f);
  return path;
}

long statusKb(const char* field) {
  std::ifstream in("/proc/self/status");
  std::string key;
  long value = 0;
  while (in >> key) {
    if (key == field) {
      in >> value;
      return value;
    }
    in.ignore(1 << 12, '\n');
  }
  return 0;
}

// Resets the peak-RSS mark and returns the resident memory now (kB).
long startMemoryWatch() {
  std::ofstream("/proc/self/clear_refs") << "5";
  return statusKb("VmRSS:");
}

void reportMemory(benchmark::State& state, long rss_before_kb) {
  state.counters["peak_rss_growth_kB"] = static_cast<double>(statusKb("VmHWM:") - rss_before_kb);
}

void importBench(benchmark::State& state, ImportFormat format) {
  const auto lines = static_cast<std::size_t>(state.range(0));
  const bool combined = format == ImportFormat::kCombined;
  const std::string log = writeLog(combined ? "combined.log" : "common.log", lines, combined);
  const std::string out = scratch("import.capture").string();
  ImportOptions options;
  options.format = format;
  const long rss = startMemoryWatch();
  for (auto _ : state) {
    const ImportResult r = importCapture(log, out, options);
    if (r.records != lines) {
      state.SkipWithError("not every line was imported");
      break;
    }
  }
  reportMemory(state, rss);
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(lines));
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(fs::file_size(log)));
  removeScratch({log, out});
}

// Combined Log Format lines (with referer and user agent) to a capture, end to end: read,
// parse, convert the time zone, spread, name routes, redact, serialize, checksum, write.
void BM_ImportCombinedLog(benchmark::State& state) {
  importBench(state, ImportFormat::kCombined);
}
BENCHMARK(BM_ImportCombinedLog)->Arg(1'000'000)->Unit(benchmark::kMillisecond);

// Common Log Format lines, as in the NASA 1995 logs.
void BM_ImportCommonLog(benchmark::State& state) {
  importBench(state, ImportFormat::kClf);
}
BENCHMARK(BM_ImportCommonLog)->Arg(1'000'000)->Unit(benchmark::kMillisecond);

// A capture imported from a Combined log of `records` lines.
std::string makeCapture(std::size_t records) {
  const std::string log = writeLog("for-capture.log", records, true);
  const std::string out = scratch("read-" + std::to_string(records) + ".capture").string();
  ImportOptions options;
  options.format = ImportFormat::kCombined;
  importCapture(log, out, options);
  fs::remove(log);
  return out;
}

// Every record parsed in full into a CaptureRecord message (all fields, headers included) with
// its checksum checked.
void BM_ReadCapture(benchmark::State& state) {
  const auto records = static_cast<std::size_t>(state.range(0));
  const std::string file = makeCapture(records);
  capture::CaptureRecord r;
  const long rss = startMemoryWatch();
  for (auto _ : state) {
    CaptureReader reader(file);
    std::size_t n = 0;
    while (reader.next(r)) {
      ++n;
    }
    if (n != records) {
      state.SkipWithError("record count mismatch");
      break;
    }
    benchmark::DoNotOptimize(r.arrival_ns());
  }
  reportMemory(state, rss);
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(records));
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(fs::file_size(file)));
  removeScratch({file});
}
BENCHMARK(BM_ReadCapture)->Arg(2'000'000)->Unit(benchmark::kMillisecond);

// Every field of every record, checksum checked, as zero-copy views: the fast way to read all
// of a capture. Two sizes ten times apart show the memory staying flat.
void BM_ReadCaptureViews(benchmark::State& state) {
  const auto records = static_cast<std::size_t>(state.range(0));
  const std::string file = makeCapture(records);
  CaptureRecordView view;
  const long rss = startMemoryWatch();
  for (auto _ : state) {
    CaptureReader reader(file);
    std::size_t n = 0;
    std::size_t headers = 0;
    while (reader.next(view)) {
      ++n;
      headers += view.headers.size();
    }
    if (n != records) {
      state.SkipWithError("record count mismatch");
      break;
    }
    benchmark::DoNotOptimize(headers);
  }
  reportMemory(state, rss);
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(records));
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(fs::file_size(file)));
  removeScratch({file});
}
BENCHMARK(BM_ReadCaptureViews)->Arg(200'000)->Arg(2'000'000)->Unit(benchmark::kMillisecond);

// What replay reads: checksum checked, then only arrival, method, route and mirror decoded.
void BM_ReadCaptureKeys(benchmark::State& state) {
  const auto records = static_cast<std::size_t>(state.range(0));
  const std::string file = makeCapture(records);
  const long rss = startMemoryWatch();
  for (auto _ : state) {
    CaptureReader reader(file);
    std::string_view payload;
    CaptureRecordKey key;
    std::int64_t sum = 0;
    while (reader.nextPayload(payload)) {
      decodeCaptureRecordKey(payload, key);
      sum += key.arrival_ns;
    }
    benchmark::DoNotOptimize(sum);
  }
  reportMemory(state, rss);
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(records));
  removeScratch({file});
}
BENCHMARK(BM_ReadCaptureKeys)->Arg(2'000'000)->Unit(benchmark::kMillisecond);

// Requests out of CaptureSource, as the simulator takes them: sorted, routed, in batches.
void BM_ReplayCaptureSource(benchmark::State& state) {
  const auto records = static_cast<std::size_t>(state.range(0));
  const std::string file = makeCapture(records);
  const std::vector<std::string> routes = {"GET /api/products/{id}", "GET /api/users/{id}",
                                           "POST /checkout", "GET /search"};
  std::vector<Request> batch(4096);
  const long rss = startMemoryWatch();
  std::int64_t requests = 0;
  for (auto _ : state) {
    state.PauseTiming();  // the constructor's checking pass is not replay
    CaptureSource source(file, routes, {}, Rng(1));
    state.ResumeTiming();
    std::size_t n;
    while ((n = source.next(kNever, batch)) > 0) {
      requests += static_cast<std::int64_t>(n);
    }
  }
  reportMemory(state, rss);
  state.SetItemsProcessed(requests);
  removeScratch({file});
}
BENCHMARK(BM_ReplayCaptureSource)->Arg(2'000'000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace shadowscale

BENCHMARK_MAIN();
