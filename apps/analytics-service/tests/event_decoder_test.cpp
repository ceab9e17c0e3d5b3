#include <gtest/gtest.h>

#include "app/event_decoder.hpp"
#include "tt/core/error.hpp"
#include "tt/events/comment.hpp"
#include "tt/events/video_like.hpp"

namespace analytics::app {
namespace {

constexpr const char* kVideo = "0192F0C4-6F2A-7CC1-9D5E-1A2B3C4D5E6F";
constexpr const char* kUser = "0192f0c4-6f2a-7cc1-9d5e-000000000001";
constexpr const char* kOwner = "0192f0c4-6f2a-7cc1-9d5e-000000000002";

tt::kafka::Message MessageOf(std::string topic, std::string payload, const std::string& event_id) {
    tt::kafka::Message m;
    m.topic = std::move(topic);
    m.payload = std::move(payload);
    m.headers = {{"eventId", event_id}};
    m.timestamp_ms = 42;
    return m;
}

TEST(DecodeAction, ReadsALikeWithItsOwnerTimeAndLowerCaseIds) {
    auto event = tt::events::NewVideoLikeEvent(tt::events::kVideoLiked, "interaction-service", tt::SystemClock().Now());
    event.video_id = kVideo;
    event.user_id = kUser;
    event.video_owner_id = kOwner;
    event.envelope.occurred_at = "1970-01-01T00:00:02.000Z";
    auto action = DecodeAction(MessageOf("video.liked", tt::events::ToJson(event), event.envelope.event_id));
    EXPECT_EQ(action.kind, domain::ActionKind::kLike);
    EXPECT_EQ(action.video_id, "0192f0c4-6f2a-7cc1-9d5e-1a2b3c4d5e6f");
    EXPECT_EQ(action.actor, kUser);
    EXPECT_EQ(action.owner_id, kOwner);
    EXPECT_EQ(action.at_ms, 2000);
    EXPECT_EQ(action.event_id, event.envelope.event_id);
}

TEST(DecodeAction, ACommentDeletionCountsTheCommentAndItsReplies) {
    auto event =
        tt::events::NewCommentEvent(tt::events::kCommentDeleted, "interaction-service", tt::SystemClock().Now());
    event.video_id = kVideo;
    event.user_id = kUser;
    event.comment_id = "c";
    event.deleted_ids = {"c", "r1", "r2"};
    auto action = DecodeAction(MessageOf("comment.deleted", tt::events::ToJson(event), event.envelope.event_id));
    EXPECT_EQ(action.kind, domain::ActionKind::kCommentDeleted);
    EXPECT_EQ(action.count, 3);
}

TEST(DecodeAction, AnAnonymousViewHasNoActorAndABadTimeFallsBackToTheRecordTime) {
    auto event = tt::events::NewVideoViewedEvent("interaction-service", tt::SystemClock().Now());
    event.video_id = kVideo;
    event.envelope.occurred_at = "yesterday";
    auto action = DecodeAction(MessageOf("video.viewed", tt::events::ToJson(event), event.envelope.event_id));
    EXPECT_EQ(action.kind, domain::ActionKind::kView);
    EXPECT_TRUE(action.actor.empty());
    EXPECT_EQ(action.at_ms, 42);
}

TEST(DecodeAction, UndecodableMessagesAreRejectedWithTheReason) {
    auto event = tt::events::NewVideoSharedEvent("interaction-service", tt::SystemClock().Now());
    event.video_id = "not-a-uuid";
    event.user_id = kUser;
    event.share_type = "copy_link";
    EXPECT_THROW(DecodeAction(MessageOf("video.shared", tt::events::ToJson(event), event.envelope.event_id)),
                 tt::Error);
    EXPECT_THROW(DecodeAction(MessageOf("video.shared", "{not json", event.envelope.event_id)), tt::Error);
    event.video_id = kVideo;
    auto no_id = MessageOf("video.shared", tt::events::ToJson(event), "x");
    no_id.payload = R"({"videoId":"v"})";
    EXPECT_ANY_THROW(DecodeAction(no_id));
    EXPECT_THROW(DecodeAction(MessageOf("user.followed", tt::events::ToJson(event), event.envelope.event_id)),
                 tt::Error);
}

}  // namespace
}  // namespace analytics::app
