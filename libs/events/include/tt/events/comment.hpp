#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tt/events/envelope.hpp"
#include "tt/events/topics.hpp"

namespace tt::events {

// comment.created / comment.deleted, key = videoId. The original's comment.created payload
// {commentId, userId, videoId, content, totalComments} plus who is concerned, so consumers need no
// lookups: videoOwnerId, parentId and parentAuthorId (replies), and on deletion every removed id
// (the comment and its replies).
struct CommentEvent {
    static constexpr int kVersion = 1;

    Envelope envelope;
    std::string comment_id;
    std::string user_id;  // author (created) or who deleted it (deleted)
    std::string video_id;
    std::string video_owner_id;
    std::string content;           // created only
    std::string parent_id;         // empty for top-level comments
    std::string parent_author_id;  // empty for top-level comments
    std::int64_t total_comments = 0;
    std::vector<std::string> deleted_ids;         // deleted only
    std::vector<std::string> mentioned_user_ids;  // created only: existing users @mentioned in content
};

CommentEvent NewCommentEvent(std::string_view topic, std::string producer, TimePoint now);
std::string ToJson(const CommentEvent& event);
CommentEvent ParseCommentEvent(std::string_view text);

// video.viewed, key = videoId: the original's {videoId, userId?, totalViews}.
struct VideoViewedEvent {
    static constexpr int kVersion = 1;

    Envelope envelope;
    std::string video_id;
    std::string user_id;  // empty for anonymous viewers
    std::int64_t total_views = 0;
};

VideoViewedEvent NewVideoViewedEvent(std::string producer, TimePoint now);

// video.shared, key = videoId: {videoId, userId, shareType, platform?, totalShares}.
struct VideoSharedEvent {
    static constexpr int kVersion = 1;

    Envelope envelope;
    std::string video_id;
    std::string user_id;
    std::string share_type;
    std::string platform;
    std::int64_t total_shares = 0;
};

VideoSharedEvent NewVideoSharedEvent(std::string producer, TimePoint now);
std::string ToJson(const VideoSharedEvent& event);
VideoSharedEvent ParseVideoSharedEvent(std::string_view text);
std::string ToJson(const VideoViewedEvent& event);
VideoViewedEvent ParseVideoViewedEvent(std::string_view text);

}  // namespace tt::events
