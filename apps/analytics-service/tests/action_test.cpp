#include <gtest/gtest.h>

#include "domain/action.hpp"

namespace analytics::domain {
namespace {

Action Act(ActionKind kind, const std::string& id, const std::string& video = "v", const std::string& actor = "u") {
    Action a;
    a.event_id = id;
    a.kind = kind;
    a.video_id = video;
    a.actor = actor;
    return a;
}

TEST(Apply, LikesAndCommentsAreSumsWhateverTheArrivalOrder) {
    // like, unlike, like and a comment with two replies, all deleted: delivered in two orders.
    auto deleted = Act(ActionKind::kCommentDeleted, "d");
    deleted.count = 3;
    std::vector<Action> in_order{Act(ActionKind::kLike, "1"),
                                 Act(ActionKind::kUnlike, "2"),
                                 Act(ActionKind::kLike, "3"),
                                 Act(ActionKind::kComment, "4"),
                                 Act(ActionKind::kComment, "5"),
                                 Act(ActionKind::kComment, "6"),
                                 deleted};
    std::vector<Action> reordered{deleted,
                                  Act(ActionKind::kUnlike, "2"),
                                  Act(ActionKind::kLike, "3"),
                                  Act(ActionKind::kComment, "5"),
                                  Act(ActionKind::kLike, "1"),
                                  Act(ActionKind::kComment, "4"),
                                  Act(ActionKind::kComment, "6")};
    for (const auto& actions : {in_order, reordered}) {
        Counters c;
        for (const auto& a : actions) Apply(c, a);
        EXPECT_EQ(c.likes, 1);
        EXPECT_EQ(c.comments, 0);
    }
}

TEST(Apply, EveryViewAndShareCounts) {
    Counters c;
    for (int i = 0; i < 3; ++i) Apply(c, Act(ActionKind::kView, std::to_string(i)));
    Apply(c, Act(ActionKind::kShare, "s"));
    EXPECT_EQ(c.views, 3);
    EXPECT_EQ(c.shares, 1);
}

TEST(GroupByVideo, KeepsOrderCollectsDistinctSignedInViewersAndTheOwner) {
    std::vector<Action> actions{Act(ActionKind::kView, "1", "a", "u1"), Act(ActionKind::kView, "2", "b", "u1"),
                                Act(ActionKind::kView, "3", "a", "u1"), Act(ActionKind::kView, "4", "a", ""),
                                Act(ActionKind::kLike, "5", "a", "u2")};
    actions[4].owner_id = "o";
    auto videos = GroupByVideo(actions);
    ASSERT_EQ(videos.size(), 2u);
    EXPECT_EQ(videos["a"].actions.size(), 4u);
    EXPECT_EQ(videos["a"].actions.front()->event_id, "1");
    EXPECT_EQ(videos["a"].viewers, std::vector<std::string>{"u1"});
    EXPECT_EQ(videos["a"].owner_id, "o");
    EXPECT_TRUE(videos["b"].owner_id.empty());
}

TEST(FirstOfEachEvent, DropsSeenEventsAndRepeatsWithinTheBatch) {
    std::vector<Action> actions{Act(ActionKind::kLike, "e1"), Act(ActionKind::kLike, "e2"),
                                Act(ActionKind::kLike, "e1")};
    auto kept = FirstOfEachEvent(actions, {"e1"});
    ASSERT_EQ(kept.size(), 1u);
    EXPECT_EQ(kept[0].event_id, "e1");
}

TEST(ParseIso8601Millis, ReadsTheEventTimestampFormat) {
    EXPECT_EQ(ParseIso8601Millis("1970-01-01T00:00:01.500Z"), 1500);
    EXPECT_EQ(ParseIso8601Millis("2026-11-28T00:07:28.123Z"), 1795824448123);
    EXPECT_EQ(ParseIso8601Millis("2026-11-28T00:07:28Z"), 1795824448000);
    EXPECT_EQ(ParseIso8601Millis("2026-11-28T00:07:28.1Z"), 1795824448100);
    EXPECT_EQ(ParseIso8601Millis("2026-11-28T00:07:28.123456Z"), 1795824448123);
}

TEST(ParseIso8601Millis, RejectsAnythingElse) {
    EXPECT_FALSE(ParseIso8601Millis(""));
    EXPECT_FALSE(ParseIso8601Millis("2026-11-28 00:07:28Z"));
    EXPECT_FALSE(ParseIso8601Millis("2026-02-30T00:07:28Z"));
    EXPECT_FALSE(ParseIso8601Millis("2026-11-28T00:07:28.Z"));
    EXPECT_FALSE(ParseIso8601Millis("2026-11-28T00:07:28+01:00"));
}

}  // namespace
}  // namespace analytics::domain
