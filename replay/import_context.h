#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "replay/capture.pb.h"
#include "replay/capture_routes.h"
#include "replay/capture_writer.h"
#include "replay/import_input.h"
#include "replay/import_options.h"

namespace shadowscale {

// What every importer shares: the output writer (opened at the first request, so the header
// holds its time), route naming, the bad-line budget, progress, and spreading of requests that
// share a one-second timestamp.
class ImportContext {
 public:
  // Writes to `output_path` (the caller's temporary file).
  ImportContext(const ImportOptions& options, ImportInput& input, std::string output_path);
  ~ImportContext();

  const ImportOptions& options() const { return options_; }
  ImportInput& input() { return input_; }
  // The route of the request just read (see RouteNamer); a rule that cannot be matched against
  // it is reported as bad input at the current line of the input.
  std::string_view route(std::string_view method, std::string_view path);
  // Whether a request header (name in lower case) is stored, for inputs that carry them all.
  bool keepHeader(std::string_view lower_name) const;

  // Takes the request in `record` (the caller's object is swapped with a spare: Clear it before
  // reuse) and writes it with arrival `unix_ns`. With `second_resolution`, consecutive requests
  // of the same second are spread evenly across it (deterministically) before `minus` is
  // subtracted: NGINX logs the end of a request, so minus is its $request_time.
  void emit(capture::CaptureRecord& record, TimeNs unix_ns, bool second_resolution = false,
            TimeNs minus = 0);
  // Counts one input line and reports progress now and then.
  void countLine();
  // Counts one line that is not a request (comment, header row, response).
  void skipLine() { ++result_.skipped; }
  // Reports and counts a bad line; throws InputError naming the input and line once more than
  // options.max_bad lines were bad.
  void bad(std::int64_t line, std::string_view reason);
  // Writes what is buffered and closes the output.
  ImportResult finish();

 private:
  struct Pending {
    std::unique_ptr<capture::CaptureRecord> record;
    TimeNs minus = 0;
  };
  void flushGroup();
  void write(capture::CaptureRecord& record, TimeNs unix_ns);
  void openWriter(TimeNs first_unix_ns);

  const ImportOptions& options_;
  ImportInput& input_;
  std::string output_path_;
  RouteNamer routes_;
  std::vector<std::string> kept_headers_;
  std::unique_ptr<CaptureWriter> writer_;
  std::vector<Pending> group_;  // requests of the current second, reused across seconds
  std::size_t group_size_ = 0;
  TimeNs group_second_ = 0;
  std::uint64_t next_progress_ = 0;
  ImportResult result_;
};

}  // namespace shadowscale
