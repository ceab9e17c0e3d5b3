#include "api/window_counts.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <stdexcept>
#include <utility>
#include <vector>

namespace gateway::api {
namespace {

// The shared store of several gateways (Redis in production).
struct SharedStore {
    std::map<std::string, std::int64_t> totals;
    bool down = false;
    int flushes = 0;
    std::vector<std::string> last_keys;  // what the last flush sent
    std::function<void()> during;        // runs inside the next flush (hits arriving meanwhile)

    WindowCounts::Flush AsFlush() {
        return [this](const std::vector<std::pair<std::string, std::int64_t>>& adds) {
            ++flushes;
            last_keys.clear();
            for (const auto& add : adds) last_keys.push_back(add.first);
            if (during) std::exchange(during, nullptr)();
            if (down) throw std::runtime_error("Redis unavailable");
            std::vector<std::int64_t> out;
            for (const auto& [key, hits] : adds) out.push_back(totals[key] += hits);
            return out;
        };
    }
};

TEST(WindowCounts, OwnHitsCountAtOnceAndOtherGatewaysAfterTheirSync) {
    SharedStore store;
    WindowCounts a;
    WindowCounts b;
    EXPECT_EQ(a.Hit("rl:write:user:1", 7).count, 1);
    EXPECT_EQ(a.Hit("rl:write:user:1", 7).count, 2);
    EXPECT_EQ(a.Hit("rl:write:user:2", 7).count, 1);  // keys count apart
    EXPECT_EQ(b.Hit("rl:write:user:1", 7).count, 1);  // b has not heard of a's hits yet

    EXPECT_TRUE(a.Sync(store.AsFlush(), 7));
    EXPECT_TRUE(b.Sync(store.AsFlush(), 7));
    EXPECT_EQ(store.totals["rl:write:user:1:7"], 3);
    EXPECT_EQ(b.Hit("rl:write:user:1", 7).count, 4);  // b now includes a's two
    EXPECT_TRUE(a.Sync(store.AsFlush(), 7));          // nothing pending at a: no round trip
    EXPECT_EQ(store.flushes, 2);
    EXPECT_EQ(a.Hit("rl:write:user:1", 7).count, 3);  // a synced before b: it knows its own hits only
    EXPECT_TRUE(a.Sync(store.AsFlush(), 7));
    EXPECT_EQ(a.Hit("rl:write:user:1", 7).count, 5);  // now b's synced hit too (b's last is still at b)
}

TEST(WindowCounts, TheFirstPendingHitAsksForASync) {
    SharedStore store;
    WindowCounts counts;
    EXPECT_FALSE(counts.HasPending());
    EXPECT_TRUE(counts.Hit("k", 1).first_pending);
    EXPECT_FALSE(counts.Hit("k", 1).first_pending);
    EXPECT_FALSE(counts.Hit("other", 1).first_pending);
    EXPECT_TRUE(counts.HasPending());
    counts.Sync(store.AsFlush(), 1);
    EXPECT_FALSE(counts.HasPending());
    EXPECT_TRUE(counts.Hit("k", 1).first_pending);
}

TEST(WindowCounts, WithTheStoreDownHitsStayCountedHereAndAreNeverSentTwice) {
    SharedStore store;
    WindowCounts counts;
    counts.Hit("k", 1);
    counts.Hit("k", 1);
    store.down = true;
    EXPECT_FALSE(counts.Sync(store.AsFlush(), 1));
    EXPECT_FALSE(counts.HasPending());
    EXPECT_EQ(counts.Hit("k", 1).count, 3);  // still enforced on this gateway's traffic
    store.down = false;
    EXPECT_TRUE(counts.Sync(store.AsFlush(), 1));
    EXPECT_EQ(store.totals["k:1"], 1);  // only the hit counted after the outage reached the store
}

TEST(WindowCounts, ASyncSendsOnlyTheKeysHitSinceTheLastOne) {
    SharedStore store;
    WindowCounts counts;
    for (int i = 0; i < 1000; ++i) counts.Hit("user:" + std::to_string(i), 1);
    EXPECT_TRUE(counts.Sync(store.AsFlush(), 1));
    EXPECT_EQ(store.last_keys.size(), 1000u);
    counts.Hit("user:7", 1);
    counts.Hit("user:7", 1);
    EXPECT_TRUE(counts.Sync(store.AsFlush(), 1));
    EXPECT_EQ(store.last_keys, std::vector<std::string>{"user:7:1"});
    EXPECT_EQ(store.totals["user:7:1"], 3);
}

TEST(WindowCounts, HitsCountedDuringAFlushGoOutWithTheNextSync) {
    SharedStore store;
    WindowCounts counts;
    counts.Hit("k", 1);
    store.during = [&counts] {
        counts.Hit("k", 1);
        counts.Hit("late", 1);
    };
    EXPECT_TRUE(counts.Sync(store.AsFlush(), 1));
    EXPECT_EQ(store.totals["k:1"], 1);
    EXPECT_TRUE(counts.HasPending());
    EXPECT_TRUE(counts.Sync(store.AsFlush(), 1));
    EXPECT_EQ(store.totals["k:1"], 2);
    EXPECT_EQ(store.totals["late:1"], 1);
    EXPECT_EQ(store.last_keys.size(), 2u);  // each once
    EXPECT_FALSE(counts.HasPending());
    EXPECT_TRUE(counts.Sync(store.AsFlush(), 1));
    EXPECT_EQ(store.flushes, 2);  // nothing left: no third round trip
}

TEST(WindowCounts, EndedWindowsAreForgotten) {
    SharedStore store;
    WindowCounts counts;
    counts.Hit("k", 1);
    counts.Hit("k", 2);
    EXPECT_EQ(counts.KeyCount(), 2u);
    EXPECT_TRUE(counts.Sync(store.AsFlush(), 2));
    EXPECT_EQ(counts.KeyCount(), 1u);
    EXPECT_EQ(store.totals.count("k:1"), 0u);  // an ended window is not sent either
    EXPECT_EQ(counts.Hit("k", 2).count, 2);
    EXPECT_TRUE(counts.Sync(store.AsFlush(), 3));
    EXPECT_EQ(counts.KeyCount(), 0u);
    EXPECT_FALSE(counts.HasPending());
}

}  // namespace
}  // namespace gateway::api
