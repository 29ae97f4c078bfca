// The entry of the LSTM module (libshadowscale_lstm.so): the only code that builds, loads and
// exports LstmForecaster for the rest of the program, which reaches it through
// models/lstm_loader.h. Built with libtorch; nothing outside the module links it.
#include <memory>
#include <stdexcept>
#include <string>

#include "models/export.h"
#include "models/lstm_forecaster.h"
#include "models/lstm_model.h"

namespace shadowscale {

namespace {

std::unique_ptr<LstmModel> create(const LstmOptions& options) {
  return std::make_unique<LstmForecaster>(options);
}

std::unique_ptr<LstmModel> load(const std::string& path) {
  return std::make_unique<LstmForecaster>(LstmForecaster::load(path));
}

ExportReport exportModel(const LstmModel& model, const std::string& dir) {
  const auto* lstm = dynamic_cast<const LstmForecaster*>(&model);
  if (lstm == nullptr) {
    throw std::logic_error("exportModel: the model was not made by the LSTM module");
  }
  return exportForecaster(*lstm, dir);
}

}  // namespace

}  // namespace shadowscale

extern "C" __attribute__((visibility("default"))) const shadowscale::LstmModuleApi*
shadowscale_lstm_module() {
  static const shadowscale::LstmModuleApi api{
      shadowscale::kLstmModuleAbi, sizeof(shadowscale::LstmOptions), &shadowscale::create,
      &shadowscale::load, &shadowscale::exportModel};
  return &api;
}
