// The libFuzzer entry point of one fuzz program; SHADOWSCALE_FUZZ_TARGET names its target.
#include "fuzz/fuzz_targets.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return shadowscale::SHADOWSCALE_FUZZ_TARGET(data, size);
}
