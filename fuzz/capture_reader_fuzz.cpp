// Fuzz target: the capture reader, from memory, through every record and its zero-copy view.
#include <cstdio>

#include "core/input_error.h"
#include "fuzz/fuzz_targets.h"
#include "replay/capture_reader.h"

namespace shadowscale {

int fuzzCaptureReader(const std::uint8_t* data, std::size_t size) {
  // fmemopen cannot open an empty buffer; an empty file is read from /dev/null instead.
  std::FILE* file = size == 0 ? std::fopen("/dev/null", "rb")
                              : fmemopen(const_cast<std::uint8_t*>(data), size, "rb");
  if (file == nullptr) {
    return 0;
  }
  try {
    // A small chunk, so frames cross chunk boundaries and the buffer grows and shrinks.
    CaptureReader reader(file, "fuzz.capture", 64);
    capture::CaptureRecord record;
    CaptureRecordView view;
    while (reader.next(view)) {
    }
    reader.rewind();
    while (reader.next(record)) {
    }
  } catch (const InputError&) {
  }
  return 0;
}

}  // namespace shadowscale
