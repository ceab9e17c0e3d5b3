#include "tt/core/ids.hpp"

#include <gtest/gtest.h>

#include <set>
#include <thread>
#include <vector>

namespace tt {
namespace {

TEST(UuidV7, IsCanonicalVersion7AndUnique) {
    std::set<std::string> seen;
    for (int i = 0; i < 1000; ++i) {
        auto id = NewUuid();
        ASSERT_TRUE(IsUuid(id)) << id;
        EXPECT_EQ(id[14], '7');
        EXPECT_TRUE(seen.insert(id).second);
    }
}

TEST(UuidV7, UniqueAcrossThreadsAndPoolRefills) {
    // Each thread draws from its own random pool (256 ids per refill): 4 threads x 1000 ids cross
    // several refills, and no two pools hand out the same bytes. One timestamp for all, so only the
    // random bytes can tell the ids apart.
    auto now = SystemClock().Now();
    std::vector<std::vector<std::string>> ids(4);
    std::vector<std::thread> threads;
    for (auto& out : ids) {
        threads.emplace_back([&out, now] {
            for (int i = 0; i < 1000; ++i) out.push_back(NewUuidV7(now));
        });
    }
    for (auto& t : threads) t.join();
    std::set<std::string> seen;
    for (const auto& out : ids) {
        for (const auto& id : out) EXPECT_TRUE(seen.insert(id).second) << id;
    }
    EXPECT_EQ(seen.size(), 4000u);
}

TEST(UuidV7, LaterTimeSortsAfter) {
    auto t = SystemClock().Now();
    EXPECT_LT(NewUuidV7(t), NewUuidV7(t + std::chrono::milliseconds(1)));
}

TEST(IsUuid, RejectsMalformedIds) {
    EXPECT_FALSE(IsUuid("not-a-uuid"));
    EXPECT_FALSE(IsUuid("0190b5e4-7c1a-7abc-8def-0123456789ag"));
    EXPECT_TRUE(IsUuid("0190B5E4-7C1A-7ABC-8DEF-0123456789AB"));
}

}  // namespace
}  // namespace tt
