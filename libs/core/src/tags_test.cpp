#include "tt/core/tags.hpp"

#include <gtest/gtest.h>

namespace tt {
namespace {

using Tags = std::vector<std::string>;

TEST(ParseHashtags, LowercasedUniqueInOrder) {
    EXPECT_EQ(ParseHashtags("Dance! #Fun #fun #dance_2, #Party."), (Tags{"fun", "dance_2", "party"}));
}

TEST(ParseHashtags, IgnoresEmbeddedAndEmptyTags) {
    EXPECT_EQ(ParseHashtags("a#b # ## c#d #ok"), (Tags{"ok"}));
}

TEST(ParseHashtags, KeepsNonAsciiTags) {
    EXPECT_EQ(ParseHashtags("#caf\xC3\xA9 #\xE6\x97\xA5\xE6\x9C\xAC"),
              (Tags{"caf\xC3\xA9", "\xE6\x97\xA5\xE6\x9C\xAC"}));
}

TEST(ParseHashtags, EndsAtUnicodePunctuationAndSpaces) {
    // "#w… #wx<NBSP>next #wy—dash #wz。"
    EXPECT_EQ(ParseHashtags("#w\xE2\x80\xA6 #wx\xC2\xA0next #wy\xE2\x80\x94"
                            "dash #wz\xE3\x80\x82"),
              (Tags{"w", "wx", "wy", "wz"}));
}

TEST(ParseMentions, UsernamesOnly) {
    EXPECT_EQ(ParseMentions("hi @Alice and @bo, @bob_1! mail@example.com"), (Tags{"alice", "bob_1"}));
}

}  // namespace
}  // namespace tt
