#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace shadowscale {

// The bytes every capture starts with. The 0x89 catches transfers that strip the high bit and
// the CR LF catches line-ending conversion, as in PNG.
inline constexpr std::string_view kCaptureMagic{"\x89SSCAP\r\n", 8};

// The format version this build writes and the newest it reads. The magic and the framing of the
// header frame never change, so any reader can find a newer file's version and refuse it.
inline constexpr std::uint32_t kCaptureFormatVersion = 1;

// Largest frame payload accepted: a length above it is damage, not a record.
inline constexpr std::size_t kMaxCaptureFrameBytes = 256u << 20;

// Bytes of the checksum that ends every frame.
inline constexpr std::size_t kCaptureCrcBytes = 4;

// FNV-1a 64 of a request body: stored with its size, so replays can tell bodies apart without
// keeping them.
inline constexpr std::uint64_t captureBodyHash(std::string_view body) {
  std::uint64_t h = 0xCBF29CE484222325ULL;
  for (char c : body) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001B3ULL;
  }
  return h;
}

}  // namespace shadowscale
