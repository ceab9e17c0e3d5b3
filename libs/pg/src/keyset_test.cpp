#include "tt/pg/keyset.hpp"

#include <gtest/gtest.h>

namespace tt::pg {
namespace {

TEST(Keyset, RoundTripsTheCursorItMade) {
    auto cursor = MakeKeyset("2026-11-28T01:14:19.950087Z", "01a21fb7-a5f8-70b6-bdb0-8f88a9ac42b1");
    auto keyset = ParseKeyset(cursor);
    EXPECT_EQ(keyset.created_at, "2026-11-28T01:14:19.950087Z");
    EXPECT_EQ(keyset.id, "01a21fb7-a5f8-70b6-bdb0-8f88a9ac42b1");
}

TEST(Keyset, AnythingElseIsABadRequest) {
    for (const char* bad : {"", "garbage", "!!!", "2026-11-28T01:14:19.950087Z_nope",
                            "2026-11-28T01:14:19.950087Z-01a21fb7-a5f8-70b6-bdb0-8f88a9ac42b1"}) {
        try {
            ParseKeyset(bad);
            ADD_FAILURE() << bad;
        } catch (const Error& e) {
            EXPECT_EQ(e.Code(), ErrorCode::kInvalidArgument) << bad;
        }
    }
}

}  // namespace
}  // namespace tt::pg
