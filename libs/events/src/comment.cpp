#include "tt/events/comment.hpp"

namespace tt::events {
CommentEvent NewCommentEvent(std::string_view topic, std::string producer, TimePoint now) {
    CommentEvent event;
    event.envelope = NewEnvelope(std::string(topic), std::move(producer), CommentEvent::kVersion, now);
    return event;
}

std::string ToJson(const CommentEvent& event) {
    nlohmann::json out = {{"commentId", event.comment_id},
                          {"userId", event.user_id},
                          {"videoId", event.video_id},
                          {"videoOwnerId", event.video_owner_id},
                          {"totalComments", event.total_comments}};
    if (!event.content.empty()) out["content"] = event.content;
    if (!event.parent_id.empty()) out["parentId"] = event.parent_id;
    if (!event.parent_author_id.empty()) out["parentAuthorId"] = event.parent_author_id;
    if (!event.deleted_ids.empty()) out["deletedIds"] = event.deleted_ids;
    if (!event.mentioned_user_ids.empty()) out["mentionedUserIds"] = event.mentioned_user_ids;
    WriteEnvelope(event.envelope, out);
    return out.dump();
}

CommentEvent ParseCommentEvent(std::string_view text) {
    auto in = ParseObject(text);
    CommentEvent event;
    event.envelope = ReadEnvelope(in);
    event.comment_id = RequireString(in, "commentId");
    event.user_id = RequireString(in, "userId");
    event.video_id = RequireString(in, "videoId");
    event.video_owner_id = RequireString(in, "videoOwnerId");
    event.total_comments = RequireInt(in, "totalComments");
    event.content = OptionalString(in, "content");
    event.parent_id = OptionalString(in, "parentId");
    event.parent_author_id = OptionalString(in, "parentAuthorId");
    event.deleted_ids = StringList(in, "deletedIds");
    event.mentioned_user_ids = StringList(in, "mentionedUserIds");
    return event;
}

VideoViewedEvent NewVideoViewedEvent(std::string producer, TimePoint now) {
    VideoViewedEvent event;
    event.envelope = NewEnvelope(std::string(kVideoViewed), std::move(producer), VideoViewedEvent::kVersion, now);
    return event;
}

std::string ToJson(const VideoViewedEvent& event) {
    nlohmann::json out = {{"videoId", event.video_id}, {"totalViews", event.total_views}};
    if (!event.user_id.empty()) out["userId"] = event.user_id;
    WriteEnvelope(event.envelope, out);
    return out.dump();
}

VideoViewedEvent ParseVideoViewedEvent(std::string_view text) {
    auto in = ParseObject(text);
    VideoViewedEvent event;
    event.envelope = ReadEnvelope(in);
    event.video_id = RequireString(in, "videoId");
    event.user_id = OptionalString(in, "userId");
    event.total_views = RequireInt(in, "totalViews");
    return event;
}

VideoSharedEvent NewVideoSharedEvent(std::string producer, TimePoint now) {
    VideoSharedEvent event;
    event.envelope = NewEnvelope(std::string(kVideoShared), std::move(producer), VideoSharedEvent::kVersion, now);
    return event;
}

std::string ToJson(const VideoSharedEvent& event) {
    nlohmann::json out = {{"videoId", event.video_id},
                          {"userId", event.user_id},
                          {"shareType", event.share_type},
                          {"totalShares", event.total_shares}};
    if (!event.platform.empty()) out["platform"] = event.platform;
    WriteEnvelope(event.envelope, out);
    return out.dump();
}

VideoSharedEvent ParseVideoSharedEvent(std::string_view text) {
    auto in = ParseObject(text);
    VideoSharedEvent event;
    event.envelope = ReadEnvelope(in);
    event.video_id = RequireString(in, "videoId");
    event.user_id = RequireString(in, "userId");
    event.share_type = RequireString(in, "shareType");
    event.platform = OptionalString(in, "platform");
    event.total_shares = RequireInt(in, "totalShares");
    return event;
}

}  // namespace tt::events
