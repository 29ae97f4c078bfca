#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.h"
#include "replay/capture.pb.h"

namespace shadowscale {

class ImportContext;

// NCSA Common Log Format (Apache "common", the NASA 1995 logs): %h %l %u %t "%r" %>s %b.
inline constexpr std::string_view kCommonLogFormat =
    "$remote_addr $ident $remote_user [$time_local] \"$request\" $status $body_bytes_sent";
// NCSA Combined Log Format (Apache "combined", NGINX's default "combined").
inline constexpr std::string_view kCombinedLogFormat =
    "$remote_addr $ident $remote_user [$time_local] \"$request\" $status $body_bytes_sent "
    "\"$http_referer\" \"$http_user_agent\"";

// The layout of an access-log line, compiled from an NGINX log_format string. Understood
// variables: $time_local $time_iso8601 $msec (time), $request or $request_method with
// $request_uri or $uri [$args|$query_string], $server_protocol, $status, $body_bytes_sent,
// $bytes_sent, $request_length, $request_time, $upstream_addr, $request_body, $content_length,
// $host, $http_NAME (request header), $sent_http_NAME (response header); any other variable is
// matched and ignored ($remote_addr and $remote_user are never stored).
class AccessLogFormat {
 public:
  // Compiles an NGINX log_format string; throws InputError ("--nginx-format: ...") when it has
  // no time or request variable, or two variables with no text between them.
  static AccessLogFormat nginx(std::string_view log_format);
  // The NCSA presets. They accept extra text at the end of a line (Combined lines read as
  // Common), and their time is when the request arrived (Apache's %t).
  static AccessLogFormat common();
  static AccessLogFormat combined();

  const std::string& text() const { return text_; }

 private:
  friend class AccessLogParser;
  enum class Field : std::uint8_t {
    kIgnored,
    kTimeLocal,
    kTimeIso,
    kMsec,
    kRequest,
    kMethod,
    kRequestUri,
    kUri,
    kArgs,
    kProtocol,
    kStatus,
    kBodyBytesSent,
    kBytesSent,
    kRequestLength,
    kRequestTime,
    kUpstreamAddr,
    kRequestBody,
    kContentLength,
    kRequestHeader,
    kResponseHeader,
  };
  struct Token {
    bool literal = false;
    std::string text;  // the literal, or the variable's name
    Field field = Field::kIgnored;
    std::string header;  // header name (lower case, dashes) for header variables
  };
  static AccessLogFormat compile(std::string_view text, bool allow_trailing, bool time_is_end);

  std::string text_;
  std::vector<Token> tokens_;
  bool allow_trailing_ = false;  // extra text after the last field is ignored
  bool time_is_end_ = true;      // the time is logged when the response ends (NGINX)
};

// When a parsed line's request arrived.
struct AccessLogTime {
  TimeNs unix_ns = 0;              // the logged time
  TimeNs minus = 0;                // to subtract: $request_time when the log writes the end
  bool second_resolution = false;  // the log's clock has whole seconds
};

// Turns access-log lines into capture records (route left for the caller to name).
class AccessLogParser {
 public:
  explicit AccessLogParser(AccessLogFormat format);

  // Parses `line` into `record` (cleared first) and returns when the request arrived. Throws
  // InputError whose field is the variable that is wrong ("$status") or "column N".
  AccessLogTime parse(std::string_view line, capture::CaptureRecord& record);
  const AccessLogFormat& format() const { return format_; }

 private:
  // Splits the line into values_ along the format's literals.
  void split(std::string_view line);
  // Stores values_[i] of token `i` in the record (or the time, or the request's parts).
  void store(std::size_t i, capture::CaptureRecord& record);
  // Splits $request ("GET /path HTTP/1.1") into method, target and protocol.
  void readRequestLine(std::size_t i, capture::CaptureRecord& record);
  // Stores a status or a byte count.
  void storeNumber(std::size_t i, capture::CaptureRecord& record);
  // Stores a text field: protocol, upstream, body or a header.
  void storeText(std::size_t i, capture::CaptureRecord& record);
  // Reads a time variable's value, reusing the last $time_local when it repeats.
  TimeNs readTime(std::size_t i);
  // Puts method and target together once every field is stored.
  void finishRequest(capture::CaptureRecord& record);
  [[noreturn]] void fieldError(std::size_t token, const std::string& what) const;

  AccessLogFormat format_;
  std::vector<std::string_view> values_;
  // What the current line has given so far (reset by parse).
  AccessLogTime time_;
  bool have_time_ = false;
  bool have_request_time_ = false;
  std::string_view method_, target_, uri_, args_;
  // The last $time_local text and its value: busy logs repeat a second on many lines in a row.
  std::string last_time_text_;
  TimeNs last_time_ = 0;
};

// Imports an access log in the context's format (kClf, kCombined or kNginx).
void importAccessLog(ImportContext& context);

}  // namespace shadowscale
