#include "api/auth_guard.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <optional>

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

TEST(AuthGuard, ARememberedTokenIsStillCheckedAndNeverStandsInForAnother) {
    AuthGuard guard("0123456789abcdef");
    auto valid = TokenFor("access", 60);
    tt::http::Request request;
    request.set(tt::http::beast_http::field::authorization, "Bearer " + valid);
    EXPECT_EQ(guard.Optional(request)->username, "alice");  // the rate limiter's check
    EXPECT_EQ(guard.Require(request).username, "alice");    // the route's check, remembered

    // Another token right after a remembered one is verified on its own.
    auto tampered = valid;  // a signature character that carries no padding bits
    auto& c = tampered[tampered.size() - 5];
    c = c == 'A' ? 'B' : 'A';
    EXPECT_THROW(guard.Verify(tampered), tt::Error);
    EXPECT_THROW(guard.Verify(TokenFor("refresh", 60)), tt::Error);
    // A guard with another secret does not take the first guard's result, not even one built where
    // the first one lived.
    AuthGuard other("another-secret-0123");
    EXPECT_EQ(guard.Verify(valid).username, "alice");
    EXPECT_THROW(other.Verify(valid), tt::Error);
    std::optional<AuthGuard> reused;
    reused.emplace("0123456789abcdef");
    EXPECT_EQ(reused->Verify(valid).username, "alice");
    reused.emplace("another-secret-0123");
    EXPECT_THROW(reused->Verify(valid), tt::Error);

    // The remembered token is checked for expiry again on each use.
    struct StepClock : tt::Clock {
        tt::TimePoint now = tt::SystemClock().Now();
        tt::TimePoint Now() const override { return now; }
    } clock;
    AuthGuard timed("0123456789abcdef", clock);
    auto short_lived = TokenFor("access", 2);
    EXPECT_EQ(timed.Verify(short_lived).username, "alice");
    clock.now += std::chrono::seconds(3);
    try {
        timed.Verify(short_lived);
        FAIL() << "an expired remembered token was accepted";
    } catch (const tt::Error& e) {
        EXPECT_STREQ(e.what(), "Token expired");
    }
}

}  // namespace
}  // namespace gateway::api
