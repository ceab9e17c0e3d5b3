#include "domain/validation.hpp"

#include <gtest/gtest.h>

namespace auth::domain {
namespace {

Registration Valid() {
    return {"alice@example.com", "alice_01", "Secret1!x", ""};
}

TEST(ValidateRegistration, AcceptsTheOriginalsValidShape) {
    EXPECT_TRUE(ValidateRegistration(Valid()).empty());
}

TEST(ValidateRegistration, RejectsBadEmailUsernameAndPassword) {
    auto r = Valid();
    r.email = "not-an-email";
    EXPECT_EQ(ValidateRegistration(r).size(), 1u);
    r = Valid();
    r.username = "al";
    EXPECT_FALSE(ValidateRegistration(r).empty());
    r.username = "bad-name!";
    EXPECT_FALSE(ValidateRegistration(r).empty());
    r = Valid();
    r.password = "alllowercase1!";
    EXPECT_FALSE(ValidateRegistration(r).empty());
}

TEST(ValidateRegistration, PasswordRuleIsAnchoredUnlikeTheOriginal) {
    auto r = Valid();
    r.password = "Secret1! with spaces";  // the original's unanchored regex let this through
    EXPECT_FALSE(ValidateRegistration(r).empty());
}

TEST(ValidateProfile, ChecksOnlyTheGivenFields) {
    EXPECT_EQ(ValidateProfile(std::nullopt, std::nullopt, std::nullopt), "");
    EXPECT_EQ(ValidateProfile(std::string(""), std::string(""), std::string("")), "");  // clearing is fine
    EXPECT_NE(ValidateProfile(std::string(101, 'a'), std::nullopt, std::nullopt), "");
    EXPECT_NE(ValidateProfile(std::nullopt, std::string(501, 'a'), std::nullopt), "");
    EXPECT_NE(ValidateProfile(std::nullopt, std::nullopt, std::string("javascript:alert(1)")), "");
    EXPECT_EQ(ValidateProfile(std::nullopt, std::nullopt, std::string("https://cdn.example/a.png")), "");
    EXPECT_NE(ValidateProfile(std::nullopt, std::nullopt, std::string("//evil.example/a.png")), "");
    std::string hundred_e_acute;
    for (int i = 0; i < 100; ++i) hundred_e_acute += "\xC3\xA9";
    EXPECT_EQ(ValidateProfile(hundred_e_acute, std::nullopt, std::nullopt), "");  // characters, not bytes
}

TEST(Trim, StripsSurroundingWhitespace) {
    EXPECT_EQ(Trim("  ab c \n"), "ab c");
    EXPECT_EQ(Trim("   "), "");
}

TEST(IsEmail, CommonCases) {
    EXPECT_TRUE(IsEmail("a.b+c@d.co"));
    EXPECT_FALSE(IsEmail("a@b"));
    EXPECT_FALSE(IsEmail("@b.com"));
    EXPECT_FALSE(IsEmail("a b@c.com"));
}

}  // namespace
}  // namespace auth::domain
