#include "tt/core/text.hpp"

#include <gtest/gtest.h>

namespace tt {
namespace {

TEST(Utf8Length, CountsCodePointsNotBytes) {
    EXPECT_EQ(Utf8Length(""), 0);
    EXPECT_EQ(Utf8Length("abc"), 3);
    EXPECT_EQ(Utf8Length("\xC3\xA9t\xC3\xA9"), 3);  // été
    EXPECT_EQ(Utf8Length("\xF0\x9F\x98\x80"), 1);   // one emoji, 4 bytes
}

TEST(Utf8Length, InvalidSequencesAreMinusOne) {
    EXPECT_EQ(Utf8Length("\xC3"), -1);
    EXPECT_EQ(Utf8Length("\xFF"), -1);
    EXPECT_EQ(Utf8Length("a\xE2\x82"), -1);
}

}  // namespace
}  // namespace tt
