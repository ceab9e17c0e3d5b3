#include <gtest/gtest.h>

#include <cmath>

#include "domain/trending.hpp"

namespace analytics::domain {
namespace {

constexpr std::int64_t kMinute = 60'000;
constexpr std::int64_t kNow = 1'800'000'000'000;  // a fixed "now", ms since the epoch

Action Act(ActionKind kind, const std::string& video, const std::string& actor, std::int64_t at_ms) {
    Action a;
    a.event_id = video + actor + std::to_string(at_ms) + std::to_string(static_cast<int>(kind));
    a.kind = kind;
    a.video_id = video;
    a.actor = actor;
    a.at_ms = at_ms;
    return a;
}

TEST(CountEngagement, SameKindTwiceWithinTheWindowCountsOnce) {
    TrendingRules rules;
    ActorCounts counts;
    EXPECT_EQ(CountEngagement(counts, Engagement::kLike, kNow - 30 * kMinute, kNow, kHour, rules), 3);
    EXPECT_EQ(CountEngagement(counts, Engagement::kLike, kNow - 5 * kMinute, kNow, kHour, rules), 0);
    EXPECT_EQ(counts.size(), 1u);
}

TEST(CountEngagement, SameKindCountsAgainOnceTheEarlierOneLeftTheWindow) {
    TrendingRules rules;
    ActorCounts counts;
    EXPECT_EQ(CountEngagement(counts, Engagement::kView, kNow - 3 * 60 * kMinute, kNow, kDay, rules), 1);
    // 3 h later: a new hour window, the same day window.
    ActorCounts hour_counts{Counted{Engagement::kView, kNow - 3 * 60 * kMinute, 1}};
    EXPECT_EQ(CountEngagement(hour_counts, Engagement::kView, kNow, kNow, kHour, rules), 1);
    EXPECT_EQ(CountEngagement(counts, Engagement::kView, kNow, kNow, kDay, rules), 0);
}

TEST(CountEngagement, OneActorNeverAddsMoreThanTheCap) {
    TrendingRules rules;  // view 1, like 3, comment 4, share 6, cap 10
    ActorCounts counts;
    EXPECT_EQ(CountEngagement(counts, Engagement::kView, kNow, kNow, kHour, rules), 1);
    EXPECT_EQ(CountEngagement(counts, Engagement::kLike, kNow, kNow, kHour, rules), 3);
    EXPECT_EQ(CountEngagement(counts, Engagement::kComment, kNow, kNow, kHour, rules), 4);
    EXPECT_EQ(CountEngagement(counts, Engagement::kShare, kNow, kNow, kHour, rules), 2);  // cut to the cap
    EXPECT_EQ(counts.size(), 4u);
}

TEST(CountEngagement, ACappedActorCountsAgainWhenEarlierEngagementLeavesTheWindow) {
    TrendingRules rules;
    rules.actor_cap = 4;
    ActorCounts counts;
    EXPECT_EQ(CountEngagement(counts, Engagement::kComment, kNow - 90 * kMinute, kNow - 90 * kMinute, kHour, rules), 4);
    EXPECT_EQ(CountEngagement(counts, Engagement::kLike, kNow - 80 * kMinute, kNow - 80 * kMinute, kHour, rules), 0);
    EXPECT_EQ(CountEngagement(counts, Engagement::kLike, kNow, kNow, kHour, rules), 3);
}

TEST(CountEngagement, EventsOlderThanTheWindowCountNothingAndFutureOnesCountAsNow) {
    TrendingRules rules;
    ActorCounts counts;
    EXPECT_EQ(CountEngagement(counts, Engagement::kShare, kNow - 61 * kMinute, kNow, kHour, rules), 0);
    EXPECT_TRUE(counts.empty());
    EXPECT_EQ(CountEngagement(counts, Engagement::kShare, kNow + 5 * kMinute, kNow, kHour, rules), 6);
    EXPECT_EQ(counts.at(0).at_ms, kNow);
}

TEST(BucketStart, TruncatesToTheWindowsBucketLength) {
    EXPECT_EQ(BucketStart(kNow + 59'999, kHour), kNow);
    EXPECT_EQ(BucketStart(kNow + 60'000, kHour), kNow + 60'000);
    EXPECT_EQ(kDay.bucket_ms, 24 * kMinute);
    EXPECT_EQ(BucketStart(kNow + 25 * kMinute, kDay) % kDay.bucket_ms, 0);
}

TEST(DecayedScore, AFreshBucketCountsFullyAndOlderOnesDecayWithTau) {
    TrendingRules rules;  // tau = half the window: 30 min for 1 h
    EXPECT_DOUBLE_EQ(DecayedScore({{kNow, 10}}, kNow, kHour, rules), 10);
    EXPECT_NEAR(DecayedScore({{kNow - 30 * kMinute, 10}}, kNow, kHour, rules), 10 * std::exp(-1.0), 1e-9);
    EXPECT_NEAR(DecayedScore({{kNow, 2}, {kNow - 30 * kMinute, 10}}, kNow, kHour, rules), 2 + 10 * std::exp(-1.0),
                1e-9);
}

TEST(DecayedScore, BucketsThatEndedBeforeTheWindowCountNothing) {
    TrendingRules rules;
    EXPECT_EQ(DecayedScore({{kNow - 61 * kMinute, 10}}, kNow, kHour, rules), 0);
    EXPECT_GT(DecayedScore({{kNow - 61 * kMinute, 10}}, kNow, kDay, rules), 0);
    EXPECT_GT(DecayedScore({{kNow - 60 * kMinute + 1, 10}}, kNow, kHour, rules), 0);
}

TEST(ShouldAnnounce, OnlyAtTheThresholdAndAtMostOncePerCooldown) {
    const std::int64_t cooldown = 24 * 60 * kMinute;
    EXPECT_FALSE(ShouldAnnounce(199.9, 200, std::nullopt, kNow, cooldown));
    EXPECT_TRUE(ShouldAnnounce(200, 200, std::nullopt, kNow, cooldown));
    EXPECT_FALSE(ShouldAnnounce(500, 200, kNow - 60 * kMinute, kNow, cooldown));
    EXPECT_TRUE(ShouldAnnounce(500, 200, kNow - cooldown, kNow, cooldown));
}

TEST(CountActions, EachWindowDeduplicatesOnItsOwn) {
    TrendingRules rules;
    std::map<ActorKey, ActorCounts> counts;
    std::vector<Action> actions{Act(ActionKind::kView, "v", "u", kNow - 2 * 60 * kMinute),
                                Act(ActionKind::kView, "v", "u", kNow)};
    auto delta = CountActions(actions, counts, kNow, rules);
    double hour = 0, day = 0;
    for (const auto& [key, weight] : delta.buckets) (key.window_minutes == kHour.minutes ? hour : day) += weight;
    EXPECT_EQ(hour, 1);  // the first view is outside the hour
    EXPECT_EQ(day, 1);   // the second is a repeat within the day
}

TEST(CountActions, AnonymousViewersShareOneActorAndRetractionsAddNothing) {
    TrendingRules rules;
    std::map<ActorKey, ActorCounts> counts;
    std::vector<Action> actions{Act(ActionKind::kView, "v", "", kNow), Act(ActionKind::kView, "v", "", kNow),
                                Act(ActionKind::kLike, "v", "u", kNow), Act(ActionKind::kUnlike, "v", "u", kNow),
                                Act(ActionKind::kLike, "v", "u", kNow)};
    auto delta = CountActions(actions, counts, kNow, rules);
    double hour = 0;
    for (const auto& [key, weight] : delta.buckets) hour += key.window_minutes == kHour.minutes ? weight : 0;
    EXPECT_EQ(hour, 1 + 3);
    EXPECT_TRUE(delta.changed.count(ActorKey{"v", std::string(kAnonymousActor), kHour.minutes}));
}

TEST(CountActions, TheMoreEngagedVideoScoresHigher) {
    TrendingRules rules;
    std::map<ActorKey, ActorCounts> counts;
    std::vector<Action> actions;
    for (int i = 0; i < 5; ++i) {
        auto user = "u" + std::to_string(i);
        actions.push_back(Act(ActionKind::kView, "hot", user, kNow));
        actions.push_back(Act(ActionKind::kLike, "hot", user, kNow));
        actions.push_back(Act(ActionKind::kShare, "hot", user, kNow));
        actions.push_back(Act(ActionKind::kView, "warm", user, kNow));
    }
    auto delta = CountActions(actions, counts, kNow, rules);
    std::map<std::string, std::map<int, std::vector<Bucket>>> buckets;
    for (const auto& [key, weight] : delta.buckets)
        buckets[key.video_id][key.window_minutes].push_back({key.start_ms, weight});
    auto hot = ScoresAt(buckets["hot"], kNow, rules);
    auto warm = ScoresAt(buckets["warm"], kNow, rules);
    EXPECT_GT(hot.hour, warm.hour);
    EXPECT_GT(hot.day, warm.day);
    EXPECT_LE(hot.hour, 5 * rules.actor_cap);
}

TEST(Windows, AreFoundByNameAndId) {
    ASSERT_NE(WindowNamed("24h"), nullptr);
    EXPECT_EQ(WindowNamed("24h")->minutes, 1440);
    EXPECT_EQ(WindowNamed("7d"), nullptr);
    EXPECT_EQ(WindowOfMinutes(60)->name, "1h");
}

}  // namespace
}  // namespace analytics::domain
