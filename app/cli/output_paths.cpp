#include "app/cli/output_paths.h"

#include <unistd.h>

#include <filesystem>
#include <system_error>

#include "core/input_error.h"

namespace shadowscale {

namespace fs = std::filesystem;

void prepareOutputFolder(const std::string& option, const std::string& path) {
  std::error_code ec;
  if (fs::exists(path, ec) && !fs::is_directory(path, ec)) {
    throw InputError(option + ": " + path + " exists and is not a folder");
  }
  fs::create_directories(path, ec);
  if (ec) {
    throw InputError(option + ": cannot create the folder " + path + ": " + ec.message());
  }
  if (access(path.c_str(), W_OK | X_OK) != 0) {
    throw InputError(option + ": the folder " + path + " is not writable");
  }
}

void prepareOutputFile(const std::string& option, const std::string& path) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    throw InputError(option + ": " + path + " is a folder; give a file name");
  }
  const fs::path parent = fs::path(path).parent_path();
  prepareOutputFolder(option, parent.empty() ? std::string(".") : parent.string());
}

}  // namespace shadowscale
