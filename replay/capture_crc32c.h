#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace shadowscale {

// CRC32C (Castagnoli), the checksum of every capture frame. `crc` continues an earlier value,
// so a checksum can be computed over pieces; crc32c(data) == crc32c(second, crc32c(first)).
std::uint32_t crc32c(const void* data, std::size_t size, std::uint32_t crc = 0);

// The table-driven implementation that crc32c() falls back to on CPUs without a crc32
// instruction; public so tests can check that both give the same values.
std::uint32_t crc32cSoftware(const void* data, std::size_t size, std::uint32_t crc = 0);

// Convenience overload for text and serialized messages.
inline std::uint32_t crc32c(std::string_view bytes, std::uint32_t crc = 0) {
  return crc32c(bytes.data(), bytes.size(), crc);
}

// The checksum as stored in a frame: rotated and offset (as LevelDB does) so that a run of zero
// bytes, the usual debris of a crash, never carries a valid checksum of its own payload.
inline constexpr std::uint32_t maskCrc(std::uint32_t crc) {
  return ((crc >> 15) | (crc << 17)) + 0xA282EAD8u;
}

// The inverse of maskCrc.
inline constexpr std::uint32_t unmaskCrc(std::uint32_t masked) {
  const std::uint32_t rot = masked - 0xA282EAD8u;
  return (rot >> 17) | (rot << 15);
}

}  // namespace shadowscale
