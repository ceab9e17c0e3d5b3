#pragma once

#include <optional>
#include <string>

#include "tt/core/clock.hpp"
#include "tt/http/types.hpp"
#include "tt/jwt/jwt.hpp"

namespace gateway::api {

// The JwtAuthGuard: the access token comes from the `access_token` cookie or `Authorization:
// Bearer`; verified locally with JWT_ACCESS_SECRET.
class AuthGuard {
public:
    explicit AuthGuard(std::string access_secret, const tt::Clock& clock = tt::SystemClock())
        : secret_(std::move(access_secret)), clock_(&clock) {}

    // Throws tt::Error(kUnauthenticated): "No token provided", "Invalid token" or "Token expired".
    tt::jwt::Claims Require(const tt::http::Request& request) const;
    // The caller when a valid token is present, nullopt otherwise (public routes that personalise).
    std::optional<tt::jwt::Claims> Optional(const tt::http::Request& request) const;
    // Verifies an access token taken from elsewhere (the WebSocket `token` query parameter).
    tt::jwt::Claims Verify(const std::string& token) const;

private:
    std::string secret_;
    const tt::Clock* clock_;
};

}  // namespace gateway::api
