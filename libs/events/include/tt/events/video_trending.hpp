#pragma once

#include <string>
#include <string_view>

#include "tt/events/envelope.hpp"
#include "tt/events/topics.hpp"

namespace tt::events {

// video.trending, key = videoId. Published by analytics-service (through its outbox) when a video's
// trending score over `window` reached ANALYTICS_TRENDING_THRESHOLD, at most once per video per
// ANALYTICS_TRENDING_COOLDOWN. {videoId, videoOwnerId, score, window: "1h"}.
struct VideoTrendingEvent {
    static constexpr int kVersion = 1;

    Envelope envelope;
    std::string video_id;        // Kafka key
    std::string video_owner_id;  // who gets notified
    double score = 0;            // the score that crossed the threshold
    std::string window;          // "1h" (the window the threshold applies to)
};

VideoTrendingEvent NewVideoTrendingEvent(std::string producer, TimePoint now);
std::string ToJson(const VideoTrendingEvent& event);
// Throws tt::Error(kInvalidArgument) when the text is not a valid video.trending event.
VideoTrendingEvent ParseVideoTrendingEvent(std::string_view text);

}  // namespace tt::events
