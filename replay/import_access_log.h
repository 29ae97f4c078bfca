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

// Turns access-log lines into capture records (route left for the caller to name).
class AccessLogParser {
 public:
  explicit AccessLogParser(AccessLogFormat format);

  // Parses `line` into `record` (cleared first). On success sets the arrival time: `unix_ns`
  // with `minus` subtracted; `second_resolution` when the log's clock has whole seconds. On
  // failure returns false and error() says which field is wrong and why.
  bool parse(std::string_view line, capture::CaptureRecord& record, TimeNs& unix_ns, TimeNs& minus,
             bool& second_resolution);
  const std::string& error() const { return error_; }
  const AccessLogFormat& format() const { return format_; }

 private:
  bool fail(const std::string& what);
  bool fieldError(std::size_t token, const char* what);

  AccessLogFormat format_;
  std::vector<std::string_view> values_;
  std::string error_;
  // The last $time_local text and its value: busy logs repeat a second on many lines in a row.
  std::string last_time_text_;
  TimeNs last_time_ = 0;
};

// Imports an access log in the context's format (kClf, kCombined or kNginx).
void importAccessLog(ImportContext& context);

}  // namespace shadowscale
