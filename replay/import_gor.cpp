#include "replay/import_gor.h"

#include <algorithm>
#include <deque>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/input_error.h"
#include "core/text.h"
#include "replay/capture_format.h"
#include "replay/import_context.h"

namespace shadowscale {
namespace {

// How long (in recorded time) and how many requests a request waits for its response before it
// is written without one. Bounds memory when a file holds no responses at all.
constexpr TimeNs kResponseWait = 60 * kSecond;
constexpr std::size_t kMaxPending = 10000;

bool parseInt(std::string_view v, std::int64_t& out) {
  if (v.empty() || v.size() > 18 + (v[0] == '-' ? 1 : 0) + 1) {
    return false;
  }
  bool negative = false;
  if (v[0] == '-') {
    negative = true;
    v.remove_prefix(1);
  }
  if (v.empty()) {
    return false;
  }
  std::int64_t r = 0;
  for (char c : v) {
    if (c < '0' || c > '9' || r > (INT64_MAX - 9) / 10) {
      return false;
    }
    r = r * 10 + (c - '0');
  }
  out = negative ? -r : r;
  return true;
}

// The next line of an HTTP head (CRLF or LF); false at the end of `text`.
bool nextHeadLine(std::string_view& text, std::string_view& line) {
  if (text.empty()) {
    return false;
  }
  const std::size_t nl = text.find('\n');
  if (nl == std::string_view::npos) {
    line = text;
    text = {};
  } else {
    line = text.substr(0, nl);
    text.remove_prefix(nl + 1);
  }
  if (!line.empty() && line.back() == '\r') {
    line.remove_suffix(1);
  }
  return true;
}

}  // namespace

void parseGorPayload(std::string_view payload, GorPayload& out) {
  const std::size_t nl = payload.find('\n');
  if (nl == std::string_view::npos) {
    throw InputError("payload has no meta line");
  }
  std::string_view meta = payload.substr(0, nl);
  if (!meta.empty() && meta.back() == '\r') {
    meta.remove_suffix(1);
  }
  out.http = payload.substr(nl + 1);
  std::string_view fields[5];
  std::size_t n = 0;
  while (!meta.empty() && n < 5) {
    const std::size_t sp = meta.find(' ');
    fields[n++] = meta.substr(0, sp);
    meta = sp == std::string_view::npos ? std::string_view() : meta.substr(sp + 1);
  }
  if (n < 3 || fields[0].size() != 1) {
    throw InputError("meta line is not '<type> <id> <timestamp-ns> [<latency-ns>]'");
  }
  out.type = fields[0][0];
  if (out.type != '1' && out.type != '2' && out.type != '3') {
    throw InputError("payload type is not 1 (request), 2 (response) or 3 (replayed response)");
  }
  out.id = fields[1];
  if (out.id.empty()) {
    throw InputError("payload id is empty");
  }
  std::int64_t ts = 0;
  if (!parseInt(fields[2], ts) || ts < 0) {
    throw InputError("timestamp is not a number of nanoseconds");
  }
  out.timestamp = ts;
  out.latency.reset();
  std::int64_t latency = 0;
  if (n >= 4 && parseInt(fields[3], latency) && latency >= 0) {
    out.latency = latency;
  }
}

void parseHttpRequest(std::string_view http, const std::function<bool(std::string_view)>& keep,
                      capture::CaptureRecord& record) {
  record.Clear();
  record.set_request_bytes(http.size());
  std::string_view line;
  if (!nextHeadLine(http, line) || line.empty()) {
    throw InputError("no HTTP request line");
  }
  const std::size_t sp1 = line.find(' ');
  const std::size_t sp2 = line.rfind(' ');
  if (sp1 == std::string_view::npos || sp1 == 0 || sp2 == sp1) {
    throw InputError("request line is not 'METHOD target HTTP/x.y'");
  }
  const std::string_view protocol = line.substr(sp2 + 1);
  if (protocol.rfind("HTTP/", 0) != 0) {
    throw InputError("request line does not end in an HTTP version");
  }
  const std::string_view method = line.substr(0, sp1);
  for (char c : method) {
    if (!((c >= 'A' && c <= 'Z') || c == '-' || c == '_')) {
      throw InputError("request method is not an upper-case token");
    }
  }
  const std::string_view target = trimBlanks(line.substr(sp1 + 1, sp2 - sp1 - 1));
  if (target.empty()) {
    throw InputError("request line has no target");
  }
  record.mutable_method()->assign(method);
  record.mutable_path()->assign(target);
  record.mutable_protocol()->assign(protocol);
  std::string name;
  bool ended = false;
  while (nextHeadLine(http, line)) {
    if (line.empty()) {
      ended = true;
      break;
    }
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) {
      throw InputError("header line without a name and a colon");
    }
    name.assign(line.substr(0, colon));
    for (char& c : name) {
      if (c >= 'A' && c <= 'Z') {
        c = static_cast<char>(c - 'A' + 'a');
      }
    }
    if (keep(name)) {
      capture::HeaderField* h = record.add_headers();
      h->set_name(name);
      const std::string_view value = trimBlanks(line.substr(colon + 1));
      h->set_value(value.data(), value.size());
    }
  }
  const std::string_view body = ended ? http : std::string_view();
  record.set_body_size(body.size());
  record.set_body_hash(captureBodyHash(body));
  if (!body.empty()) {
    record.set_body(body.data(), body.size());
  }
}

void parseHttpResponse(std::string_view http, std::uint32_t& status, std::uint64_t& body_bytes) {
  std::string_view line;
  if (!nextHeadLine(http, line) || line.rfind("HTTP/", 0) != 0) {
    throw InputError("response does not start with an HTTP status line");
  }
  const std::size_t sp = line.find(' ');
  if (sp == std::string_view::npos || line.size() < sp + 4) {
    throw InputError("status line has no status code");
  }
  std::int64_t code = 0;
  if (!parseInt(line.substr(sp + 1, 3), code) || code < 100 || code > 999) {
    throw InputError("status code is not three digits");
  }
  status = static_cast<std::uint32_t>(code);
  bool ended = false;
  while (nextHeadLine(http, line)) {
    if (line.empty()) {
      ended = true;
      break;
    }
  }
  body_bytes = ended ? http.size() : 0;
}

void importGor(ImportContext& context) {
  struct Pending {
    std::string id;
    TimeNs timestamp = 0;
    std::unique_ptr<capture::CaptureRecord> record;
    bool answered = false;
  };
  std::deque<Pending> queue;
  std::unordered_map<std::string, Pending*> by_id;
  std::vector<std::unique_ptr<capture::CaptureRecord>> spare;
  TimeNs latest = 0;
  const auto keep = [&context](std::string_view name) { return context.keepHeader(name); };

  // Writes requests from the front of the queue once they are answered or waited long enough.
  auto drain = [&](bool all) {
    while (!queue.empty()) {
      Pending& front = queue.front();
      if (!all && !front.answered && queue.size() <= kMaxPending &&
          front.timestamp >= latest - kResponseWait) {
        break;
      }
      if (!front.answered) {
        by_id.erase(front.id);
      }
      context.emit(*front.record, front.timestamp);
      spare.push_back(std::move(front.record));
      queue.pop_front();
    }
  };

  ImportInput& input = context.input();
  std::string_view payload;
  GorPayload gor;
  while (input.nextRecord(kGorSeparator, payload)) {
    context.countLine();
    if (payload.find_first_not_of("\r\n") == std::string_view::npos) {
      context.skipLine();
      continue;
    }
    try {
      parseGorPayload(payload, gor);
    } catch (const InputError& e) {
      context.bad(input.lineNumber(), e.problem());
      continue;
    }
    latest = std::max(latest, gor.timestamp);
    if (gor.type == '1') {
      std::unique_ptr<capture::CaptureRecord> record;
      if (spare.empty()) {
        record = std::make_unique<capture::CaptureRecord>();
      } else {
        record = std::move(spare.back());
        spare.pop_back();
      }
      try {
        parseHttpRequest(gor.http, keep, *record);
      } catch (const InputError& e) {
        context.bad(input.lineNumber(), e.problem());
        spare.push_back(std::move(record));
        continue;
      }
      record->mutable_route()->assign(context.route(record->method(), record->path()));
      queue.push_back({std::string(gor.id), gor.timestamp, std::move(record), false});
      by_id[queue.back().id] = &queue.back();
    } else if (gor.type == '2') {
      std::uint32_t status = 0;
      std::uint64_t bytes = 0;
      try {
        parseHttpResponse(gor.http, status, bytes);
      } catch (const InputError& e) {
        context.bad(input.lineNumber(), e.problem());
        continue;
      }
      context.skipLine();
      const auto it = by_id.find(std::string(gor.id));
      if (it != by_id.end()) {
        Pending& p = *it->second;
        p.record->set_status(status);
        p.record->set_response_bytes(bytes);
        if (gor.latency && *gor.latency > 0) {
          p.record->set_latency_ns(*gor.latency);
        } else if (gor.timestamp >= p.timestamp) {
          p.record->set_latency_ns(gor.timestamp - p.timestamp);
        }
        p.answered = true;
        by_id.erase(it);
      }
    } else {
      context.skipLine();  // replayed responses describe a replay, not the recorded traffic
    }
    drain(false);
  }
  drain(true);
}

}  // namespace shadowscale
