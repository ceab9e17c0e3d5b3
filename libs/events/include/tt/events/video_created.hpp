#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "tt/events/envelope.hpp"
#include "tt/events/topics.hpp"

namespace tt::events {

// video.created, key = videoId: published once the video is ready to watch (after processing for
// uploads). The original's intended {videoId, userId, title} plus what the consumers need: the
// new_video fan-out (isPublic), mentions in the description, and the real-time video:new event.
struct VideoCreatedEvent {
    static constexpr int kVersion = 1;

    Envelope envelope;
    std::string video_id;
    std::string user_id;
    std::string title;
    std::string description;
    std::string video_url;
    std::string thumbnail_url;
    int duration = 0;
    bool is_public = true;
    std::vector<std::string> hashtags;
    std::vector<std::string> mentions;  // usernames, lowercase, without '@'
};

VideoCreatedEvent NewVideoCreatedEvent(std::string producer, TimePoint now);
std::string ToJson(const VideoCreatedEvent& event);
VideoCreatedEvent ParseVideoCreatedEvent(std::string_view text);

// video.uploaded, key = videoId: a stored upload waiting for the processing worker (probe, thumbnail).
struct VideoUploadedEvent {
    static constexpr int kVersion = 1;

    Envelope envelope;
    std::string video_id;
    std::string user_id;
    std::string storage_key;
};

VideoUploadedEvent NewVideoUploadedEvent(std::string producer, TimePoint now);
std::string ToJson(const VideoUploadedEvent& event);
VideoUploadedEvent ParseVideoUploadedEvent(std::string_view text);

}  // namespace tt::events
