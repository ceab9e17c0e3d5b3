#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace tt::events {

// The seed's topics (KAFKA_MIGRATION_COMPLETE.md) and the original's later user.* topics. Created explicitly at
// start-up by tt-kafka-admin; broker auto-creation is off.
inline constexpr std::string_view kVideoCreated = "video.created";
inline constexpr std::string_view kVideoDeleted = "video.deleted";
inline constexpr std::string_view kVideoLiked = "video.liked";
inline constexpr std::string_view kVideoUnliked = "video.unliked";
inline constexpr std::string_view kVideoViewed = "video.viewed";
inline constexpr std::string_view kVideoShared = "video.shared";
inline constexpr std::string_view kCommentCreated = "comment.created";
inline constexpr std::string_view kCommentDeleted = "comment.deleted";
inline constexpr std::string_view kUserFollowed = "user.followed";
inline constexpr std::string_view kUserUnfollowed = "user.unfollowed";
// Work queue of video-service's processing worker: an upload is stored and waits for ffprobe/ffmpeg.
inline constexpr std::string_view kVideoUploaded = "video.uploaded";
// notification-service stored a notification (the gateway pushes it to the recipient's WebSocket).
inline constexpr std::string_view kNotificationCreated = "notification.created";
// analytics-service saw a video's 1 h trending score cross ANALYTICS_TRENDING_THRESHOLD (viral detection).
inline constexpr std::string_view kVideoTrending = "video.trending";

inline std::vector<std::string> AllTopics() {
    return {std::string(kVideoCreated),   std::string(kVideoDeleted),  std::string(kVideoLiked),
            std::string(kVideoUnliked),   std::string(kVideoViewed),   std::string(kCommentCreated),
            std::string(kCommentDeleted), std::string(kUserFollowed),  std::string(kUserUnfollowed),
            std::string(kVideoShared),    std::string(kVideoUploaded), std::string(kNotificationCreated),
            std::string(kVideoTrending)};
}

}  // namespace tt::events
