#include "tt/events/video_like.hpp"

namespace tt::events {

VideoLikeEvent NewVideoLikeEvent(std::string_view topic, std::string producer, TimePoint now) {
    VideoLikeEvent event;
    event.envelope = NewEnvelope(std::string(topic), std::move(producer), VideoLikeEvent::kVersion, now);
    return event;
}

std::string ToJson(const VideoLikeEvent& event) {
    nlohmann::json out = {{"userId", event.user_id},
                          {"videoId", event.video_id},
                          {"videoOwnerId", event.video_owner_id},
                          {"totalLikes", event.total_likes}};
    WriteEnvelope(event.envelope, out);
    return out.dump();
}

VideoLikeEvent ParseVideoLikeEvent(std::string_view text) {
    auto in = ParseObject(text);
    VideoLikeEvent event;
    event.envelope = ReadEnvelope(in);
    event.user_id = RequireString(in, "userId");
    event.video_id = RequireString(in, "videoId");
    event.video_owner_id = RequireString(in, "videoOwnerId");
    event.total_likes = RequireInt(in, "totalLikes");
    return event;
}

}  // namespace tt::events
