#include "replay/import_access_log.h"

#include <algorithm>
#include <cstring>

#include "core/input_error.h"
#include "core/text.h"
#include "core/time_text.h"
#include "replay/capture_format.h"
#include "replay/import_context.h"

namespace shadowscale {
namespace {

bool isNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// RFC 9110 token characters, what a method is made of.
bool isTokenChar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
    return true;
  }
  return std::strchr("!#$%&'*+-.^_`|~", c) != nullptr && c != '\0';
}

// "-" is how both Apache and NGINX log an empty value.
bool absent(std::string_view v) {
  return v.empty() || v == "-";
}

bool parseUint(std::string_view v, std::uint64_t& out) {
  if (v.empty() || v.size() > 19) {
    return false;
  }
  std::uint64_t r = 0;
  for (char c : v) {
    if (c < '0' || c > '9') {
      return false;
    }
    r = r * 10 + static_cast<std::uint64_t>(c - '0');
  }
  out = r;
  return true;
}

std::string excerpt(std::string_view v) {
  constexpr std::size_t kMax = 40;
  std::string out = v.size() > kMax ? std::string(v.substr(0, kMax)) + "..." : std::string(v);
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20) {
      c = '?';
    }
  }
  return out;
}

// Position of `c` at or after `from`, or npos.
std::size_t findChar(std::string_view s, std::size_t from, char c) {
  const void* p = std::memchr(s.data() + from, c, s.size() - from);
  return p == nullptr ? std::string_view::npos
                      : static_cast<std::size_t>(static_cast<const char*>(p) - s.data());
}

// Whether `lit` is at `pos` of `line`.
bool literalAt(std::string_view line, std::size_t pos, std::string_view lit) {
  if (line.size() - pos < lit.size()) {
    return false;
  }
  for (std::size_t i = 0; i < lit.size(); ++i) {
    if (line[pos + i] != lit[i]) {
      return false;
    }
  }
  return true;
}

// Where literal `lit` next occurs at or after `from`. A quote preceded by an odd number of
// backslashes is part of a value (Apache writes a quote inside %r as \").
std::size_t findLiteral(std::string_view line, std::size_t from, std::string_view lit) {
  for (;;) {
    const std::size_t p = findChar(line, from, lit[0]);
    if (p == std::string_view::npos) {
      return p;
    }
    if (!literalAt(line, p, lit)) {
      from = p + 1;
      continue;
    }
    if (lit[0] != '"') {
      return p;
    }
    std::size_t backslashes = 0;
    while (p > backslashes && line[p - 1 - backslashes] == '\\') {
      ++backslashes;
    }
    if (backslashes % 2 == 0) {
      return p;
    }
    from = p + 1;
  }
}

}  // namespace

AccessLogFormat AccessLogFormat::nginx(std::string_view log_format) {
  return compile(log_format, false, true);
}

AccessLogFormat AccessLogFormat::common() {
  return compile(kCommonLogFormat, true, false);
}

AccessLogFormat AccessLogFormat::combined() {
  return compile(kCombinedLogFormat, true, false);
}

AccessLogFormat AccessLogFormat::compile(std::string_view text, bool allow_trailing,
                                         bool time_is_end) {
  AccessLogFormat f;
  f.text_ = std::string(text);
  f.allow_trailing_ = allow_trailing;
  f.time_is_end_ = time_is_end;
  const std::string where = "--nginx-format '" + std::string(text) + "'";
  if (text.empty()) {
    throw InputError(where + ": the format is empty");
  }
  std::size_t i = 0;
  while (i < text.size()) {
    std::string name;
    std::size_t next = i;
    if (text[i] == '$' && i + 1 < text.size() && text[i + 1] == '{') {
      const std::size_t close = text.find('}', i + 2);
      if (close == std::string_view::npos) {
        throw InputError(where + ": column " + std::to_string(i + 1) + ": unclosed ${");
      }
      name = std::string(text.substr(i + 2, close - i - 2));
      next = close + 1;
    } else if (text[i] == '$' && i + 1 < text.size() && isNameChar(text[i + 1])) {
      next = i + 1;
      while (next < text.size() && isNameChar(text[next])) {
        ++next;
      }
      name = std::string(text.substr(i + 1, next - i - 1));
    }
    if (name.empty()) {
      if (f.tokens_.empty() || !f.tokens_.back().literal) {
        f.tokens_.push_back({true, "", Field::kIgnored, ""});
      }
      f.tokens_.back().text.push_back(text[i]);
      ++i;
      continue;
    }
    if (!f.tokens_.empty() && !f.tokens_.back().literal) {
      throw InputError(where + ": $" + f.tokens_.back().text + " and $" + name +
                       " have no text between them, so a line cannot be split");
    }
    Token t;
    t.text = name;
    static constexpr struct {
      std::string_view name;
      Field field;
    } kVars[] = {
        {"time_local", Field::kTimeLocal},
        {"time_iso8601", Field::kTimeIso},
        {"msec", Field::kMsec},
        {"request", Field::kRequest},
        {"request_method", Field::kMethod},
        {"request_uri", Field::kRequestUri},
        {"uri", Field::kUri},
        {"document_uri", Field::kUri},
        {"args", Field::kArgs},
        {"query_string", Field::kArgs},
        {"server_protocol", Field::kProtocol},
        {"status", Field::kStatus},
        {"body_bytes_sent", Field::kBodyBytesSent},
        {"bytes_sent", Field::kBytesSent},
        {"request_length", Field::kRequestLength},
        {"request_time", Field::kRequestTime},
        {"upstream_addr", Field::kUpstreamAddr},
        {"request_body", Field::kRequestBody},
        {"content_length", Field::kContentLength},
    };
    for (const auto& v : kVars) {
      if (v.name == name) {
        t.field = v.field;
      }
    }
    auto headerName = [](std::string_view n) {
      std::string h(n);
      for (char& c : h) {
        c = c == '_' ? '-' : static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
      }
      return h;
    };
    if (name == "host") {
      t.field = Field::kRequestHeader;
      t.header = "host";
    } else if (name == "content_type") {
      t.field = Field::kRequestHeader;
      t.header = "content-type";
    } else if (name.rfind("http_", 0) == 0 && name.size() > 5) {
      t.field = Field::kRequestHeader;
      t.header = headerName(std::string_view(name).substr(5));
    } else if (name.rfind("sent_http_", 0) == 0 && name.size() > 10) {
      t.field = Field::kResponseHeader;
      t.header = headerName(std::string_view(name).substr(10));
    }
    f.tokens_.push_back(std::move(t));
    i = next;
  }
  bool has_time = false;
  bool has_request = false;
  for (const Token& t : f.tokens_) {
    has_time = has_time || t.field == Field::kTimeLocal || t.field == Field::kTimeIso ||
               t.field == Field::kMsec;
    has_request = has_request || t.field == Field::kRequest || t.field == Field::kRequestUri ||
                  t.field == Field::kUri;
  }
  if (!has_time) {
    throw InputError(where + ": the format has no time ($time_local, $time_iso8601 or $msec)");
  }
  if (!has_request) {
    throw InputError(where + ": the format has no request ($request, $request_uri or $uri)");
  }
  return f;
}

AccessLogParser::AccessLogParser(AccessLogFormat format) : format_(std::move(format)) {
  values_.resize(format_.tokens_.size());
}

void AccessLogParser::fieldError(std::size_t token, const std::string& what) const {
  throw InputError::at("", 0, "$" + format_.tokens_[token].text,
                       what + " (got '" + excerpt(values_[token]) + "')");
}

void AccessLogParser::split(std::string_view line) {
  const auto& tokens = format_.tokens_;
  std::size_t pos = 0;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const auto& t = tokens[i];
    if (t.literal) {
      if (!literalAt(line, pos, t.text)) {
        throw InputError::at("", 0, "column " + std::to_string(pos + 1),
                             "expected '" + excerpt(t.text) + "'");
      }
      pos += t.text.size();
      continue;
    }
    std::size_t end;
    if (i + 1 < tokens.size()) {
      const std::string& next = tokens[i + 1].text;
      end = findLiteral(line, pos, next);
      if (end == std::string_view::npos) {
        throw InputError::at("", 0, "$" + t.text,
                             "the line ends before the '" + excerpt(next) + "' that follows it");
      }
      // findLiteral has matched the literal that follows: step over it here.
      values_[i] = line.substr(pos, end - pos);
      pos = end + next.size();
      ++i;
      continue;
    }
    end = line.size();
    if (format_.allow_trailing_) {
      end = std::min(findChar(line, pos, ' '), line.size());
    }
    values_[i] = line.substr(pos, end - pos);
    pos = end;
  }
  if (!format_.allow_trailing_ && pos != line.size()) {
    throw InputError::at("", 0, "column " + std::to_string(pos + 1),
                         "unexpected text after the last field");
  }
}

TimeNs AccessLogParser::readTime(std::size_t i) {
  using Field = AccessLogFormat::Field;
  const Field field = format_.tokens_[i].field;
  const std::string_view v = values_[i];
  if (field == Field::kTimeLocal && v == last_time_text_) {
    return last_time_;
  }
  TimeNs unix_ns = 0;
  try {
    unix_ns = field == Field::kTimeLocal ? parseClfTime(v)
              : field == Field::kTimeIso ? parseIsoTime(v, 0)
                                         : parseUnixTime(v);
  } catch (const InputError& e) {
    fieldError(i, e.problem());
  }
  if (field == Field::kTimeLocal) {
    last_time_text_.assign(v);
    last_time_ = unix_ns;
  }
  return unix_ns;
}

void AccessLogParser::readRequestLine(std::size_t i, capture::CaptureRecord& record) {
  const std::string_view v = values_[i];
  if (absent(v)) {
    fieldError(i, "no request line");
  }
  const std::size_t sp = v.find(' ');
  if (sp == std::string_view::npos || sp == 0) {
    fieldError(i, "expected 'METHOD target [protocol]'");
  }
  method_ = v.substr(0, sp);
  std::string_view rest = v.substr(sp + 1);
  const std::size_t last = rest.rfind(' ');
  if (last != std::string_view::npos && rest.substr(last + 1).rfind("HTTP/", 0) == 0) {
    record.set_protocol(rest.data() + last + 1, rest.size() - last - 1);
    rest = rest.substr(0, last);
  }
  rest = trimBlanks(rest);
  if (rest.empty()) {
    fieldError(i, "the request line has no target");
  }
  target_ = rest;
}

void AccessLogParser::storeNumber(std::size_t i, capture::CaptureRecord& record) {
  using Field = AccessLogFormat::Field;
  const Field field = format_.tokens_[i].field;
  const std::string_view v = values_[i];
  if (absent(v)) {
    return;
  }
  std::uint64_t n = 0;
  if (!parseUint(v, n) || (field == Field::kStatus && n > 999)) {
    fieldError(i,
               field == Field::kStatus ? "expected a status code" : "expected a number of bytes");
  }
  switch (field) {
    case Field::kStatus:
      record.set_status(static_cast<std::uint32_t>(n));
      break;
    case Field::kBodyBytesSent:
      record.set_response_bytes(n);
      break;
    case Field::kBytesSent:
      // The body's size is what the capture keeps; $bytes_sent (with headers) only stands in
      // when the format has no $body_bytes_sent.
      if (record.response_bytes() == 0) {
        record.set_response_bytes(n);
      }
      break;
    case Field::kRequestLength:
      record.set_request_bytes(n);
      break;
    default:  // kContentLength: a logged request body's own size wins
      if (!record.has_body_size()) {
        record.set_body_size(n);
      }
      break;
  }
}

void AccessLogParser::store(std::size_t i, capture::CaptureRecord& record) {
  using Field = AccessLogFormat::Field;
  const auto& t = format_.tokens_[i];
  const std::string_view v = values_[i];
  switch (t.field) {
    case Field::kTimeLocal:
    case Field::kTimeIso:
    case Field::kMsec:
      if (!have_time_) {  // the first time variable of the format wins
        time_.unix_ns = readTime(i);
        time_.second_resolution = t.field != Field::kMsec;
        have_time_ = true;
      }
      break;
    case Field::kRequest:
      readRequestLine(i, record);
      break;
    case Field::kMethod:
      method_ = v;
      break;
    case Field::kRequestUri:
      target_ = v;
      break;
    case Field::kUri:
      uri_ = v;
      break;
    case Field::kArgs:
      args_ = v;
      break;
    case Field::kStatus:
    case Field::kBodyBytesSent:
    case Field::kBytesSent:
    case Field::kRequestLength:
    case Field::kContentLength:
      storeNumber(i, record);
      break;
    case Field::kRequestTime:
      if (!absent(v)) {
        try {
          time_.minus = parseDecimalSeconds(v);
        } catch (const InputError& e) {
          fieldError(i, e.problem());
        }
        have_request_time_ = true;
        record.set_latency_ns(time_.minus);
      }
      break;
    default:
      storeText(i, record);
      break;
  }
}

void AccessLogParser::storeText(std::size_t i, capture::CaptureRecord& record) {
  using Field = AccessLogFormat::Field;
  const auto& t = format_.tokens_[i];
  const std::string_view v = values_[i];
  if (absent(v)) {
    return;
  }
  switch (t.field) {
    case Field::kProtocol:
      record.set_protocol(v.data(), v.size());
      break;
    case Field::kUpstreamAddr:
      record.set_pool(v.data(), v.size());
      break;
    case Field::kRequestBody:
      record.set_body(v.data(), v.size());
      record.set_body_size(v.size());
      record.set_body_hash(captureBodyHash(v));
      break;
    case Field::kRequestHeader:
    case Field::kResponseHeader: {
      capture::HeaderField* h =
          t.field == Field::kRequestHeader ? record.add_headers() : record.add_response_headers();
      h->set_name(t.header);
      h->set_value(v.data(), v.size());
      break;
    }
    default:
      break;
  }
}

void AccessLogParser::finishRequest(capture::CaptureRecord& record) {
  if (target_.empty()) {
    if (absent(uri_)) {
      throw InputError("no request target in the line");
    }
    record.mutable_path()->assign(uri_);
    if (!absent(args_)) {
      record.mutable_path()->push_back('?');
      record.mutable_path()->append(args_);
    }
  } else {
    record.mutable_path()->assign(target_);
  }
  if (absent(method_)) {
    throw InputError("no request method in the line");
  }
  for (char c : method_) {
    if (!isTokenChar(c)) {
      throw InputError("the request method '" + excerpt(method_) + "' is not an HTTP token");
    }
  }
  record.mutable_method()->assign(method_);
}

AccessLogTime AccessLogParser::parse(std::string_view line, capture::CaptureRecord& record) {
  split(line);
  record.Clear();
  time_ = {};
  have_time_ = false;
  have_request_time_ = false;
  method_ = target_ = uri_ = args_ = {};
  for (std::size_t i = 0; i < format_.tokens_.size(); ++i) {
    const auto& t = format_.tokens_[i];
    if (!t.literal && t.field != AccessLogFormat::Field::kIgnored) {
      store(i, record);
    }
  }
  finishRequest(record);
  if (!format_.time_is_end_ || !have_request_time_) {
    time_.minus = 0;
  }
  return time_;
}

void importAccessLog(ImportContext& context) {
  const ImportOptions& options = context.options();
  AccessLogParser parser(options.format == ImportFormat::kClf ? AccessLogFormat::common()
                         : options.format == ImportFormat::kCombined
                             ? AccessLogFormat::combined()
                             : AccessLogFormat::nginx(options.nginx_format));
  ImportInput& input = context.input();
  capture::CaptureRecord record;
  std::string_view line;
  while (input.nextLine(line)) {
    context.countLine();
    if (line.find_first_not_of(" \t") == std::string_view::npos) {
      context.skipLine();
      continue;
    }
    AccessLogTime time;
    try {
      time = parser.parse(line, record);
    } catch (const InputError& e) {
      context.bad(input.lineNumber(), e.what());
      continue;
    }
    record.mutable_route()->assign(context.route(record.method(), record.path()));
    context.emit(record, time.unix_ns, time.second_resolution, time.minus);
  }
}

}  // namespace shadowscale
