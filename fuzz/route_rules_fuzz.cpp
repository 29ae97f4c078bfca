// Fuzz target: import's --route rules. The first line is a rule ('METHOD /template' or
// 'NAME=REGEX'), every other line a request "METHOD target" named by it, as the importers do.
#include <string_view>

#include "core/input_error.h"
#include "fuzz/fuzz_targets.h"
#include "replay/capture_routes.h"

namespace shadowscale {

int fuzzRouteRules(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::size_t nl = text.find('\n');
  if (nl == std::string_view::npos) {
    return 0;
  }
  try {
    RouteNamer namer({std::string(text.substr(0, nl))});
    text.remove_prefix(nl + 1);
    while (!text.empty()) {
      const std::size_t end = text.find('\n');
      const std::string_view request = text.substr(0, end);
      text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
      const std::size_t space = request.find(' ');
      if (space == std::string_view::npos) {
        namer.route("GET", request);
      } else {
        namer.route(request.substr(0, space), request.substr(space + 1));
      }
    }
  } catch (const InputError&) {
  }
  return 0;
}

}  // namespace shadowscale
