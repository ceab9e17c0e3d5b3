#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "tt/events/envelope.hpp"
#include "tt/events/topics.hpp"

namespace tt::events {

// video.liked / video.unliked, key = videoId. Original payload {userId, videoId, totalLikes};
// videoOwnerId added (version 1 of this project) so consumers need not look the owner up.
struct VideoLikeEvent {
    static constexpr int kVersion = 1;

    Envelope envelope;
    std::string user_id;         // who liked or unliked
    std::string video_id;        // Kafka key
    std::string video_owner_id;  // who gets notified
    std::int64_t total_likes = 0;
};

// `topic` is kVideoLiked or kVideoUnliked; it becomes the eventType.
VideoLikeEvent NewVideoLikeEvent(std::string_view topic, std::string producer, TimePoint now);
std::string ToJson(const VideoLikeEvent& event);
// Throws tt::Error(kInvalidArgument) when the text is not a valid event of this family.
VideoLikeEvent ParseVideoLikeEvent(std::string_view text);

}  // namespace tt::events
