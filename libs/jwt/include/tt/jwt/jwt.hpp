#pragma once

#include <chrono>
#include <string>

#include "tt/core/clock.hpp"

namespace tt::jwt {

struct Claims {
    std::string sub;  // user id
    std::string email;
    std::string username;
    std::string type;  // "access" | "refresh"
    std::int64_t iat = 0;
    std::int64_t exp = 0;
    std::string jti;  // unique per token (refresh tokens are stored by it later)
};

std::string Sign(const Claims& claims, const std::string& secret);

// Checks the header (HS256 only), the signature (constant time), `exp` against `now` and `type`.
// Throws tt::Error(kUnauthenticated, "Invalid token" / "Token expired").
Claims Verify(const std::string& token, const std::string& secret, const std::string& expected_type, TimePoint now);

std::string Base64UrlEncode(std::string_view data);
// Throws tt::Error(kUnauthenticated) on characters outside the alphabet.
std::string Base64UrlDecode(std::string_view text);

}  // namespace tt::jwt
