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

TEST(IsEmail, CommonCases) {
    EXPECT_TRUE(IsEmail("a.b+c@d.co"));
    EXPECT_FALSE(IsEmail("a@b"));
    EXPECT_FALSE(IsEmail("@b.com"));
    EXPECT_FALSE(IsEmail("a b@c.com"));
}

}  // namespace
}  // namespace auth::domain
