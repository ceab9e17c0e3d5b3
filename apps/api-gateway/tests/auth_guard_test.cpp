#include "api/auth_guard.hpp"

#include <gtest/gtest.h>

#include "tt/core/error.hpp"

namespace gateway::api {
namespace {

std::string TokenFor(const std::string& type, std::int64_t ttl) {
    auto now = std::chrono::duration_cast<std::chrono::seconds>(tt::SystemClock().Now().time_since_epoch()).count();
    return tt::jwt::Sign({"0190b5e4-7c1a-7abc-8def-0123456789ab", "a@b.c", "alice", type, now, now + ttl, "j"},
                         "0123456789abcdef");
}

TEST(AuthGuard, AcceptsBearerAndCookie) {
    AuthGuard guard("0123456789abcdef");
    tt::http::Request bearer;
    bearer.set(tt::http::beast_http::field::authorization, "Bearer " + TokenFor("access", 60));
    EXPECT_EQ(guard.Require(bearer).username, "alice");
    tt::http::Request cookie;
    cookie.set(tt::http::beast_http::field::cookie, "theme=dark; access_token=" + TokenFor("access", 60));
    EXPECT_EQ(guard.Require(cookie).username, "alice");
}

TEST(AuthGuard, MissingExpiredOrRefreshTokensAreRejected) {
    AuthGuard guard("0123456789abcdef");
    tt::http::Request none;
    try {
        guard.Require(none);
        FAIL();
    } catch (const tt::Error& e) {
        EXPECT_EQ(e.Code(), tt::ErrorCode::kUnauthenticated);
        EXPECT_STREQ(e.what(), "No token provided");
    }
    tt::http::Request refresh;
    refresh.set(tt::http::beast_http::field::authorization, "Bearer " + TokenFor("refresh", 60));
    EXPECT_THROW(guard.Require(refresh), tt::Error);
    tt::http::Request expired;
    expired.set(tt::http::beast_http::field::authorization, "Bearer " + TokenFor("access", -1));
    EXPECT_THROW(guard.Require(expired), tt::Error);
    EXPECT_FALSE(guard.Optional(expired).has_value());
}

}  // namespace
}  // namespace gateway::api
