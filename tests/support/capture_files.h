#pragma once

// Test support: small capture files written with the project's CaptureWriter.

#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "core/time.h"
#include "replay/capture_writer.h"

namespace shadowscale::testing {

// One request of a test capture.
struct TestRecord {
  TimeNs arrival = 0;  // from the capture's start
  std::string method = "GET";
  std::string path = "/";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  bool mirror = false;
};

// A GET of `path` at `arrival`.
inline TestRecord at(TimeNs arrival, const std::string& path, bool mirror = false) {
  TestRecord r;
  r.arrival = arrival;
  r.path = path;
  r.mirror = mirror;
  return r;
}

// A fresh path in the temporary directory, removed when the object goes.
class TempPath {
 public:
  explicit TempPath(const std::string& name)
      : path_((std::filesystem::temp_directory_path() /
               ("shadowscale-" + std::to_string(getpid()) + "-" + name))
                  .string()) {}
  ~TempPath() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::string& str() const { return path_; }

 private:
  std::string path_;
};

// Writes `records` as a capture at `path`, bodies kept.
inline void writeTestCapture(const std::string& path, const std::vector<TestRecord>& records) {
  capture::CaptureHeader header;
  header.set_start_unix_ns(1'700'000'000LL * kSecond);
  header.set_source("test");
  CaptureWriterOptions options;
  options.keep_body = true;
  CaptureWriter writer(path, header, options);
  for (const TestRecord& t : records) {
    capture::CaptureRecord r;
    r.set_arrival_ns(t.arrival);
    r.set_method(t.method);
    r.set_path(t.path);
    r.set_route(t.path);
    r.set_protocol("HTTP/1.1");
    r.set_mirror(t.mirror);
    for (const auto& [name, value] : t.headers) {
      auto* h = r.add_headers();
      h->set_name(name);
      h->set_value(value);
    }
    if (!t.body.empty()) {
      r.set_body(t.body);
      r.set_body_size(t.body.size());
    }
    writer.write(r);
  }
  writer.close();
}

// `n` GET requests to `path`, `gap` apart from time 0.
inline std::vector<TestRecord> evenRecords(int n, TimeNs gap, const std::string& path = "/") {
  std::vector<TestRecord> out;
  for (int i = 0; i < n; ++i) {
    TestRecord r;
    r.arrival = i * gap;
    r.path = path;
    out.push_back(r);
  }
  return out;
}

}  // namespace shadowscale::testing
