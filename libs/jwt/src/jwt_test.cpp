#include "tt/jwt/jwt.hpp"

#include <gtest/gtest.h>

#include "tt/core/error.hpp"

namespace tt::jwt {
namespace {

Claims SampleClaims(TimePoint now) {
    auto s = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
    return Claims{"user-1", "a@b.c", "alice", "access", s, s + 900, "jti-1"};
}

TEST(Jwt, SignedTokenVerifiesAndKeepsClaims) {
    auto now = SystemClock().Now();
    auto token = Sign(SampleClaims(now), "secret");
    auto claims = Verify(token, "secret", "access", now);
    EXPECT_EQ(claims.sub, "user-1");
    EXPECT_EQ(claims.username, "alice");
}

TEST(Jwt, WrongSecretTamperingAndWrongTypeAreRejected) {
    auto now = SystemClock().Now();
    auto token = Sign(SampleClaims(now), "secret");
    EXPECT_THROW(Verify(token, "other", "access", now), Error);
    EXPECT_THROW(Verify(token, "secret", "refresh", now), Error);
    auto tampered = token;
    tampered[tampered.find('.') + 3] ^= 1;
    EXPECT_THROW(Verify(tampered, "secret", "access", now), Error);
    EXPECT_THROW(Verify("a.b", "secret", "access", now), Error);
    EXPECT_THROW(Verify("", "secret", "access", now), Error);
}

TEST(Jwt, ExpiredTokenIsRejectedAsExpired) {
    auto now = SystemClock().Now();
    auto token = Sign(SampleClaims(now), "secret");
    try {
        Verify(token, "secret", "access", now + std::chrono::seconds(901));
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.Code(), ErrorCode::kUnauthenticated);
        EXPECT_STREQ(e.what(), "Token expired");
    }
}

TEST(Jwt, AHeaderWithANonStringAlgIsRejectedAsInvalid) {
    auto now = SystemClock().Now();
    auto token = Sign(SampleClaims(now), "secret");
    auto rest = token.substr(token.find('.'));
    for (const char* header : {R"({"alg":1,"typ":"JWT"})", R"({"alg":null})", R"({"typ":"JWT"})", "[]"}) {
        try {
            Verify(Base64UrlEncode(header) + rest, "secret", "access", now);
            ADD_FAILURE() << "accepted header " << header;
        } catch (const Error& e) {
            EXPECT_STREQ(e.what(), "Invalid token") << header;
        }
    }
}

TEST(Base64Url, RoundTripsAllLengths) {
    std::string data;
    for (int i = 0; i < 40; ++i) {
        EXPECT_EQ(Base64UrlDecode(Base64UrlEncode(data)), data);
        data.push_back(static_cast<char>(i * 37));
    }
}

}  // namespace
}  // namespace tt::jwt
