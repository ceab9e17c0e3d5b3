#include "api/auth_guard.hpp"

#include "tt/core/error.hpp"
#include "tt/http/util.hpp"

namespace gateway::api {
namespace {

std::optional<std::string> TokenOf(const tt::http::Request& request) {
    if (auto cookie = tt::http::CookieValue(request, "access_token"); cookie && !cookie->empty()) return cookie;
    auto it = request.find(tt::http::beast_http::field::authorization);
    if (it == request.end()) return std::nullopt;
    std::string_view value = it->value();
    constexpr std::string_view kBearer = "Bearer ";
    if (value.size() <= kBearer.size() || value.substr(0, kBearer.size()) != kBearer) return std::nullopt;
    return std::string(value.substr(kBearer.size()));
}

}  // namespace

tt::jwt::Claims AuthGuard::Require(const tt::http::Request& request) const {
    auto token = TokenOf(request);
    if (!token) throw tt::Error(tt::ErrorCode::kUnauthenticated, "No token provided");
    return Verify(*token);
}

tt::jwt::Claims AuthGuard::Verify(const std::string& token) const {
    // A request is checked twice on its thread (the rate limiter keys on the caller, then the route
    // requires it): the last token this thread verified is remembered, its expiry checked again.
    struct Last {
        std::string secret;  // not the guard's address: another guard may come to live there
        std::string token;
        tt::jwt::Claims claims;
    };
    thread_local Last last;
    auto now = clock_->Now();
    if (!last.token.empty() && last.token == token && last.secret == secret_) {
        auto now_s = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
        if (last.claims.exp <= now_s) throw tt::Error(tt::ErrorCode::kUnauthenticated, "Token expired");
        return last.claims;
    }
    auto claims = tt::jwt::Verify(token, secret_, "access", now);
    last = Last{secret_, token, claims};
    return claims;
}

std::optional<tt::jwt::Claims> AuthGuard::Optional(const tt::http::Request& request) const {
    auto token = TokenOf(request);
    if (!token) return std::nullopt;
    try {
        return Verify(*token);
    } catch (const tt::Error&) {
        return std::nullopt;
    }
}

}  // namespace gateway::api
