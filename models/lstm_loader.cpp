#include "models/lstm_loader.h"

#include <dlfcn.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <stdexcept>
#include <vector>

#include "core/input_error.h"

#ifndef SHADOWSCALE_LSTM_MODULE_BUILT
#define SHADOWSCALE_LSTM_MODULE_BUILT ""
#endif

namespace shadowscale {

namespace {

namespace fs = std::filesystem;

// Where the module may be, in the order tried.
std::vector<std::string> candidatePaths() {
  std::vector<std::string> paths;
  if (const char* env = std::getenv("SHADOWSCALE_LSTM_MODULE"); env != nullptr && *env != 0) {
    paths.emplace_back(env);
    return paths;  // an explicit choice is not second-guessed
  }
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    paths.push_back((self.parent_path() / kLstmModuleFile).string());
  }
  const std::string built = SHADOWSCALE_LSTM_MODULE_BUILT;
  if (!built.empty() && (paths.empty() || paths.back() != built)) {
    paths.push_back(built);
  }
  return paths;
}

const LstmModuleApi& findModule() {
  static std::once_flag once;
  static const LstmModuleApi* api = nullptr;
  std::call_once(once, [] {
    std::string tried;
    for (const std::string& path : candidatePaths()) {
      std::error_code ec;
      if (fs::exists(path, ec)) {
        api = &openLstmModule(path);
        return;
      }
      tried += (tried.empty() ? "" : ", ") + path;
    }
    throw std::runtime_error("the LSTM forecaster needs its module " +
                             std::string(kLstmModuleFile) + ", which is not installed (looked at " +
                             tried +
                             "); build the target shadowscale_lstm or set "
                             "SHADOWSCALE_LSTM_MODULE");
  });
  return *api;
}

}  // namespace

const LstmModuleApi& openLstmModule(const std::string& path) {
  // Never closed: models and their code live until the program ends.
  void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    const char* why = dlerror();
    throw std::runtime_error("cannot load the LSTM module " + path + ": " +
                             (why != nullptr ? why : "unknown error"));
  }
  using Entry = const LstmModuleApi* (*)();
  const auto entry = reinterpret_cast<Entry>(dlsym(handle, kLstmModuleSymbol));
  const LstmModuleApi* api = entry != nullptr ? entry() : nullptr;
  if (api == nullptr) {
    throw std::runtime_error(path + " is not an LSTM module of shadowscale (no " +
                             std::string(kLstmModuleSymbol) + ")");
  }
  if (api->abi != kLstmModuleAbi || api->options_size != sizeof(LstmOptions)) {
    throw std::runtime_error(path +
                             " was built from other sources than this program; rebuild "
                             "both (target shadowscale_lstm)");
  }
  return *api;
}

std::unique_ptr<LstmModel> makeLstm(const LstmOptions& options) {
  return findModule().create(options);
}

std::unique_ptr<LstmModel> loadLstm(const std::string& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    throw InputError::at(path, 0, "", "no such file; give a model saved by `shadowscale train`");
  }
  if (fs::is_directory(path, ec)) {
    throw InputError::at(path, 0, "", "is a folder; give a model saved by `shadowscale train`");
  }
  return findModule().load(path);
}

ExportReport exportLstm(const LstmModel& model, const std::string& dir) {
  return findModule().exportModel(model, dir);
}

}  // namespace shadowscale
