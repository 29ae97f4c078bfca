#include "replay/import_pipeline.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <stdexcept>

#include "core/input_error.h"
#include "replay/import_access_log.h"
#include "replay/import_context.h"
#include "replay/import_counts.h"
#include "replay/import_gor.h"
#include "replay/import_input.h"

namespace shadowscale {
namespace {

// A temporary file beside `output`, so the final rename stays within one file system.
std::string makeTemporary(const std::string& output) {
  const std::filesystem::path out(output);
  std::filesystem::path dir = out.parent_path();
  if (dir.empty()) {
    dir = ".";
  }
  // Built with append: GCC 12 warns falsely (-Wrestrict) on "." + std::string.
  std::string name(".");
  name.append(out.filename().string()).append(".partial-XXXXXX");
  std::string tmpl = (dir / name).string();
  const int fd = ::mkstemp(tmpl.data());
  if (fd < 0) {
    throw std::runtime_error(output + ": cannot create a temporary file in " + dir.string() + ": " +
                             std::strerror(errno));
  }
  ::close(fd);
  return tmpl;
}

}  // namespace

std::string_view importFormatName(ImportFormat format) {
  switch (format) {
    case ImportFormat::kClf:
      return "clf";
    case ImportFormat::kCombined:
      return "combined";
    case ImportFormat::kNginx:
      return "nginx";
    case ImportFormat::kCounts:
      return "counts";
    case ImportFormat::kGor:
      return "gor";
  }
  return "unknown";
}

std::optional<ImportFormat> importFormatFromName(std::string_view name) {
  for (ImportFormat f : {ImportFormat::kClf, ImportFormat::kCombined, ImportFormat::kNginx,
                         ImportFormat::kCounts, ImportFormat::kGor}) {
    if (importFormatName(f) == name) {
      return f;
    }
  }
  return std::nullopt;
}

ImportResult importCapture(const std::string& input, const std::string& output,
                           const ImportOptions& options) {
  if (options.format == ImportFormat::kNginx && options.nginx_format.empty()) {
    throw InputError("--nginx-format: required with --format nginx");
  }
  if (options.max_bad < 0) {
    throw InputError("--max-bad: must be 0 or more");
  }
  if (output.empty()) {
    throw InputError("-o: no output file given");
  }
  std::error_code ec;
  if (input != "-" && std::filesystem::equivalent(input, output, ec)) {
    throw InputError(output + ": the output would overwrite the input");
  }
  ImportInput in(input);
  const std::string temporary = makeTemporary(output);
  try {
    ImportContext context(options, in, temporary);
    switch (options.format) {
      case ImportFormat::kClf:
      case ImportFormat::kCombined:
      case ImportFormat::kNginx:
        importAccessLog(context);
        break;
      case ImportFormat::kCounts:
        importCounts(context);
        break;
      case ImportFormat::kGor:
        importGor(context);
        break;
    }
    ImportResult result = context.finish();
    std::filesystem::rename(temporary, output, ec);
    if (ec) {
      throw std::runtime_error(output +
                               ": cannot rename the finished capture into place: " + ec.message());
    }
    return result;
  } catch (...) {
    std::filesystem::remove(temporary, ec);
    throw;
  }
}

}  // namespace shadowscale
