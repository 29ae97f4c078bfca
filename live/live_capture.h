#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "core/request.h"
#include "core/time.h"
#include "live/http_rules.h"
#include "replay/capture_writer.h"

namespace shadowscale::live {

// What the proxy knows of one request when it is done.
struct CapturedExchange {
  const Request* request = nullptr;
  const Response* response = nullptr;  // null when the proxy answered itself
  unsigned status = 0;
  TimeNs arrival = 0;  // run time the request was read
  TimeNs latency = 0;
  PoolId pool = PoolId::kLive;
  bool mirror = false;
  std::string upstream;  // "host:port" of the instance, empty when none
};

// The live traffic written as a capture (replay/capture.proto) while the proxy runs, shared by
// the I/O threads. It writes to "<path>.part" and renames it to `path` when closed, so `path`
// only ever holds a whole capture; a killed proxy leaves the .part file, whose complete records
// the capture reader still reads.
class LiveCapture {
 public:
  LiveCapture(const std::string& path, TimeNs start_unix_ns);

  void record(const CapturedExchange& exchange);
  // Hands written records to the operating system.
  void flush();
  // Flushes, closes and renames the file into place; throws std::runtime_error on failure.
  void close();
  std::uint64_t records() const;

 private:
  mutable std::mutex mu_;
  std::string path_;
  std::unique_ptr<CaptureWriter> writer_;
};

}  // namespace shadowscale::live
