#include <gtest/gtest.h>

#include "tt/core/error.hpp"
#include "tt/events/comment.hpp"
#include "tt/events/notification_created.hpp"
#include "tt/events/user_follow.hpp"
#include "tt/events/video_created.hpp"
#include "tt/events/video_like.hpp"

namespace tt::events {
namespace {

TEST(VideoLikeEvent, RoundTripsThroughJsonWithEnvelopeAndOriginalFields) {
    auto event = NewVideoLikeEvent(kVideoLiked, "interaction-service", SystemClock().Now());
    event.user_id = "u1";
    event.video_id = "v1";
    event.video_owner_id = "o1";
    event.total_likes = 3;

    auto json = nlohmann::json::parse(ToJson(event));
    EXPECT_EQ(json["userId"], "u1");
    EXPECT_EQ(json["videoId"], "v1");
    EXPECT_EQ(json["totalLikes"], 3);
    EXPECT_EQ(json["eventType"], "video.liked");
    EXPECT_EQ(json["version"], 1);

    auto parsed = ParseVideoLikeEvent(ToJson(event));
    EXPECT_EQ(parsed.envelope.event_id, event.envelope.event_id);
    EXPECT_EQ(parsed.video_owner_id, "o1");
    EXPECT_EQ(parsed.total_likes, 3);
}

TEST(VideoLikeEvent, MalformedPayloadIsAnInvalidArgument) {
    EXPECT_THROW(ParseVideoLikeEvent("not json"), Error);
    EXPECT_THROW(ParseVideoLikeEvent(R"({"userId":"u"})"), Error);
}

TEST(Topics, ContainTheSeedsSevenTopicsAndTheFollowTopics) {
    auto topics = AllTopics();
    EXPECT_EQ(topics.size(), 13u);
    EXPECT_NE(std::find(topics.begin(), topics.end(), "video.trending"), topics.end());
    EXPECT_NE(std::find(topics.begin(), topics.end(), "video.uploaded"), topics.end());
    EXPECT_NE(std::find(topics.begin(), topics.end(), "user.followed"), topics.end());
    EXPECT_NE(std::find(topics.begin(), topics.end(), "comment.deleted"), topics.end());
}

TEST(FollowEvent, RoundTripsWithTheOriginalsFields) {
    auto event = NewFollowEvent(kUserFollowed, "interaction-service", SystemClock().Now());
    event.follower_id = "a";
    event.following_id = "b";
    event.followers_count = 4;
    event.following_count = 2;
    auto json = nlohmann::json::parse(ToJson(event));
    EXPECT_EQ(json["followerId"], "a");
    EXPECT_EQ(json["followersCount"], 4);
    EXPECT_EQ(json["eventType"], "user.followed");
    auto parsed = ParseFollowEvent(ToJson(event));
    EXPECT_EQ(parsed.following_id, "b");
    EXPECT_EQ(parsed.following_count, 2);
    EXPECT_THROW(ParseFollowEvent(R"({"followerId":"a"})"), Error);
}

TEST(CommentEvent, RoundTripsRepliesAndDeletions) {
    auto event = NewCommentEvent(kCommentDeleted, "interaction-service", SystemClock().Now());
    event.comment_id = "c";
    event.user_id = "u";
    event.video_id = "v";
    event.video_owner_id = "o";
    event.parent_id = "p";
    event.parent_author_id = "pa";
    event.total_comments = 3;
    event.deleted_ids = {"c", "r1"};
    auto parsed = ParseCommentEvent(ToJson(event));
    EXPECT_EQ(parsed.parent_author_id, "pa");
    EXPECT_EQ(parsed.deleted_ids, (std::vector<std::string>{"c", "r1"}));
    EXPECT_EQ(parsed.content, "");
    EXPECT_EQ(nlohmann::json::parse(ToJson(event))["totalComments"], 3);
}

TEST(VideoCreatedEvent, RoundTripsWithMentionsAndVisibility) {
    auto event = NewVideoCreatedEvent("video-service", SystemClock().Now());
    event.video_id = "v1";
    event.user_id = "u1";
    event.title = "Dance";
    event.thumbnail_url = "/uploads/thumbnails/v1.jpg";
    event.duration = 12;
    event.is_public = false;
    event.mentions = {"alice", "bob"};
    event.hashtags = {"fun"};
    auto back = ParseVideoCreatedEvent(ToJson(event));
    EXPECT_EQ(back.envelope.event_type, "video.created");
    EXPECT_EQ(back.video_id, "v1");
    EXPECT_EQ(back.title, "Dance");
    EXPECT_EQ(back.thumbnail_url, "/uploads/thumbnails/v1.jpg");
    EXPECT_EQ(back.duration, 12);
    EXPECT_FALSE(back.is_public);
    EXPECT_EQ(back.mentions, (std::vector<std::string>{"alice", "bob"}));
    EXPECT_EQ(back.hashtags, (std::vector<std::string>{"fun"}));
    EXPECT_THROW(ParseVideoCreatedEvent(R"({"videoId":"v"})"), Error);
}

TEST(VideoUploadedEvent, CarriesTheStorageKey) {
    auto event = NewVideoUploadedEvent("api-gateway", SystemClock().Now());
    event.video_id = "v1";
    event.user_id = "u1";
    event.storage_key = "videos/v1.mp4";
    auto back = ParseVideoUploadedEvent(ToJson(event));
    EXPECT_EQ(back.storage_key, "videos/v1.mp4");
    EXPECT_EQ(back.envelope.event_type, "video.uploaded");
}

TEST(VideoViewedEvent, AnonymousViewHasNoUserId) {
    auto event = NewVideoViewedEvent("interaction-service", SystemClock().Now());
    event.video_id = "v";
    event.total_views = 7;
    auto json = nlohmann::json::parse(ToJson(event));
    EXPECT_FALSE(json.contains("userId"));
    EXPECT_EQ(ParseVideoViewedEvent(ToJson(event)).total_views, 7);
}

TEST(NotificationCreatedEvent, RoundTripsWithRecipientActorAndMetadata) {
    auto event = NewNotificationCreatedEvent("notification-service", SystemClock().Now());
    event.notification_id = "n1";
    event.user_id = "u1";
    event.actor_id = "a1";
    event.type = "comment";
    event.message = "Someone commented on your video";
    event.metadata = {{"videoId", "v1"}, {"commentId", "c1"}};
    event.created_at = "2026-01-02T03:04:05.678Z";
    auto json = nlohmann::json::parse(ToJson(event));
    EXPECT_EQ(json["eventType"], "notification.created");
    EXPECT_EQ(json["userId"], "u1");
    EXPECT_EQ(json["metadata"]["commentId"], "c1");
    auto back = ParseNotificationCreatedEvent(ToJson(event));
    EXPECT_EQ(back.notification_id, "n1");
    EXPECT_EQ(back.actor_id, "a1");
    EXPECT_EQ(back.type, "comment");
    EXPECT_EQ(back.message, "Someone commented on your video");
    EXPECT_EQ(back.metadata, event.metadata);
    EXPECT_EQ(back.created_at, "2026-01-02T03:04:05.678Z");
}

TEST(NotificationCreatedEvent, MissingMetadataIsEmptyAndBadMetadataIsRejected) {
    auto event = NewNotificationCreatedEvent("notification-service", SystemClock().Now());
    event.notification_id = "n1";
    event.user_id = "u1";
    event.type = "follow";
    event.message = "Someone started following you";
    auto json = nlohmann::json::parse(ToJson(event));
    json.erase("metadata");
    json.erase("createdAt");
    auto back = ParseNotificationCreatedEvent(json.dump());
    EXPECT_TRUE(back.metadata.is_object());
    EXPECT_TRUE(back.metadata.empty());
    EXPECT_EQ(back.created_at, event.envelope.occurred_at);
    json["metadata"] = "v1";
    EXPECT_THROW(ParseNotificationCreatedEvent(json.dump()), Error);
    EXPECT_THROW(ParseNotificationCreatedEvent(R"({"userId":"u1"})"), Error);
}

}  // namespace
}  // namespace tt::events

// video.trending (analytics-service); appended with its include so concurrent edits above stay apart.
#include "tt/events/video_trending.hpp"

namespace tt::events {
namespace {

TEST(VideoTrendingEvent, RoundTripsWithEnvelopeScoreAndWindow) {
    auto event = NewVideoTrendingEvent("analytics-service", SystemClock().Now());
    event.video_id = "v1";
    event.video_owner_id = "o1";
    event.score = 123.5;
    event.window = "1h";
    auto json = nlohmann::json::parse(ToJson(event));
    EXPECT_EQ(json["eventType"], "video.trending");
    EXPECT_EQ(json["producer"], "analytics-service");
    EXPECT_EQ(json["version"], 1);
    EXPECT_EQ(json["videoOwnerId"], "o1");
    EXPECT_DOUBLE_EQ(json["score"].get<double>(), 123.5);
    auto back = ParseVideoTrendingEvent(ToJson(event));
    EXPECT_EQ(back.envelope.event_id, event.envelope.event_id);
    EXPECT_EQ(back.video_id, "v1");
    EXPECT_EQ(back.video_owner_id, "o1");
    EXPECT_DOUBLE_EQ(back.score, 123.5);
    EXPECT_EQ(back.window, "1h");
}

TEST(VideoTrendingEvent, IntegerScoreIsAcceptedAndMissingFieldsAreRejected) {
    auto event = NewVideoTrendingEvent("analytics-service", SystemClock().Now());
    event.video_id = "v1";
    event.video_owner_id = "o1";
    event.window = "1h";
    auto json = nlohmann::json::parse(ToJson(event));
    json["score"] = 200;
    EXPECT_DOUBLE_EQ(ParseVideoTrendingEvent(json.dump()).score, 200.0);
    json["score"] = "high";
    EXPECT_THROW(ParseVideoTrendingEvent(json.dump()), Error);
    json["score"] = 1.0;
    json.erase("videoOwnerId");
    EXPECT_THROW(ParseVideoTrendingEvent(json.dump()), Error);
}

}  // namespace
}  // namespace tt::events
