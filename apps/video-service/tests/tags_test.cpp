#include "domain/tags.hpp"

#include <gtest/gtest.h>

namespace video::domain {
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

TEST(ParseMentions, UsernamesOnly) {
    EXPECT_EQ(ParseMentions("hi @Alice and @bo, @bob_1! mail@example.com"), (Tags{"alice", "bob_1"}));
}

}  // namespace
}  // namespace video::domain
