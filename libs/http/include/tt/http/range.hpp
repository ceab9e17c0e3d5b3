#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tt::http {

// A Range request header against a representation of `size` bytes (RFC 9110 §14). Only single
// byte ranges are served as 206; multiple ranges and unknown units are ignored (whole file, 200).
struct ByteRange {
    enum class Kind { kWhole, kPartial, kUnsatisfiable };
    Kind kind = Kind::kWhole;
    std::uint64_t first = 0;
    std::uint64_t last = 0;  // inclusive
};
ByteRange ParseByteRange(std::string_view header, std::uint64_t size);

// IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT") for Last-Modified / Date.
std::string HttpDate(std::chrono::system_clock::time_point time);
// Parses an IMF-fixdate; nullopt for anything else (obsolete formats are treated as absent).
std::optional<std::chrono::system_clock::time_point> ParseHttpDate(std::string_view text);

}  // namespace tt::http
