#pragma once

#include <string>
#include <string_view>

#include "tt/events/envelope.hpp"
#include "tt/events/topics.hpp"

namespace tt::events {

// video.deleted, key = videoId: the original's {videoId, userId} (userId = the owner).
struct VideoDeletedEvent {
    static constexpr int kVersion = 1;

    Envelope envelope;
    std::string video_id;
    std::string user_id;
};

VideoDeletedEvent NewVideoDeletedEvent(std::string producer, TimePoint now);
std::string ToJson(const VideoDeletedEvent& event);
VideoDeletedEvent ParseVideoDeletedEvent(std::string_view text);

}  // namespace tt::events
