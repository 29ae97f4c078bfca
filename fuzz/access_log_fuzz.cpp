// Fuzz targets: the access-log line parser, one per format (CLF, Combined, an NGINX log_format).
#include <string_view>

#include "core/input_error.h"
#include "fuzz/fuzz_targets.h"
#include "replay/import_access_log.h"

namespace shadowscale {
namespace {

// Parses each line of the input with `parser`, as the importer does.
void parseLines(AccessLogParser& parser, std::string_view text) {
  capture::CaptureRecord record;
  while (!text.empty()) {
    const std::size_t nl = text.find('\n');
    const std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    try {
      parser.parse(line, record);
    } catch (const InputError&) {
    }
  }
}

std::string_view asText(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

}  // namespace

int fuzzClfLine(const std::uint8_t* data, std::size_t size) {
  static AccessLogParser parser(AccessLogFormat::common());
  parseLines(parser, asText(data, size));
  return 0;
}

int fuzzCombinedLine(const std::uint8_t* data, std::size_t size) {
  static AccessLogParser parser(AccessLogFormat::combined());
  parseLines(parser, asText(data, size));
  return 0;
}

// The first line is the log_format (compiled as --nginx-format is), the rest are log lines.
int fuzzNginxLine(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = asText(data, size);
  const std::size_t nl = text.find('\n');
  if (nl == std::string_view::npos) {
    return 0;
  }
  try {
    AccessLogParser parser(AccessLogFormat::nginx(text.substr(0, nl)));
    parseLines(parser, text.substr(nl + 1));
  } catch (const InputError&) {
  }
  return 0;
}

}  // namespace shadowscale
