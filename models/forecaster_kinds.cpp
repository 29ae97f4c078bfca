// The forecaster kinds, apart from the factory so that code which only validates a kind (the
// scenario loader) does not link the LSTM and, with it, libtorch.
#include "models/forecaster_factory.h"

namespace shadowscale {

const std::vector<std::string>& forecasterKinds() {
  static const std::vector<std::string> kinds{
      "seasonal-naive-day", "seasonal-naive-week", "holt-winters", "lstm", "last-value", "auto",
      "auto-lstm"};
  return kinds;
}

}  // namespace shadowscale
