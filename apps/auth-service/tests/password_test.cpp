#include "domain/password.hpp"

#include <gtest/gtest.h>

namespace auth::domain {
namespace {

TEST(Password, Argon2idHashVerifiesOnlyTheSamePassword) {
    auto hash = HashPassword("Secret1!x");
    EXPECT_EQ(hash.rfind("$argon2id$", 0), 0u);
    EXPECT_TRUE(VerifyPassword("Secret1!x", hash));
    EXPECT_FALSE(VerifyPassword("Secret1!y", hash));
    EXPECT_NE(HashPassword("Secret1!x"), hash);  // salted
}

}  // namespace
}  // namespace auth::domain
