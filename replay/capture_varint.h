#pragma once

#include <cstdint>

namespace shadowscale {

// Decodes one Protobuf base-128 varint from [p, end), advancing p; false when the bytes end
// first or the value runs past 64 bits. Shared by the capture readers that skip full parsing.
inline bool readVarint(const unsigned char*& p, const unsigned char* end, std::uint64_t& v) {
  v = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (p == end) {
      return false;
    }
    const unsigned char b = *p++;
    v |= static_cast<std::uint64_t>(b & 0x7F) << shift;
    if ((b & 0x80) == 0) {
      return true;
    }
  }
  return false;
}

}  // namespace shadowscale
