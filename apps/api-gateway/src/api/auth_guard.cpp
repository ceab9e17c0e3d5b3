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
    return tt::jwt::Verify(*token, secret_, "access", tt::SystemClock().Now());
}

tt::jwt::Claims AuthGuard::Verify(const std::string& token) const {
    return tt::jwt::Verify(token, secret_, "access", tt::SystemClock().Now());
}

std::optional<tt::jwt::Claims> AuthGuard::Optional(const tt::http::Request& request) const {
    auto token = TokenOf(request);
    if (!token) return std::nullopt;
    try {
        return tt::jwt::Verify(*token, secret_, "access", tt::SystemClock().Now());
    } catch (const tt::Error&) {
        return std::nullopt;
    }
}

}  // namespace gateway::api
