#pragma once

// CRC-32 (IEEE 802.3, zlib's crc32) of a response body, for the
// x-amz-crc32 header that boto3 verifies.
//
// zlib 1.2.13 (Debian 12) computes about 1 GB/s, i.e. ~1 us for a 1 KB
// GetItem answer, a large share of a request's budget. This folds 64 bytes
// per step with carry-less multiplication (PCLMULQDQ) when the CPU has it,
// and uses slicing-by-8 tables for short inputs and tails.

#include <cstdint>
#include <string_view>

namespace riptide {

// Same value as zlib's crc32(0, data, size).
uint32_t Crc32(std::string_view data);

// The portable path alone (tests compare both against zlib).
uint32_t Crc32Portable(std::string_view data);

}  // namespace riptide
