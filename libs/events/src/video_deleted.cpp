#include "tt/events/video_deleted.hpp"

namespace tt::events {

VideoDeletedEvent NewVideoDeletedEvent(std::string producer, TimePoint now) {
    VideoDeletedEvent event;
    event.envelope = NewEnvelope(std::string(kVideoDeleted), std::move(producer), VideoDeletedEvent::kVersion, now);
    return event;
}

std::string ToJson(const VideoDeletedEvent& event) {
    nlohmann::json out = {{"videoId", event.video_id}, {"userId", event.user_id}};
    WriteEnvelope(event.envelope, out);
    return out.dump();
}

VideoDeletedEvent ParseVideoDeletedEvent(std::string_view text) {
    auto in = ParseObject(text);
    VideoDeletedEvent event;
    event.envelope = ReadEnvelope(in);
    event.video_id = RequireString(in, "videoId");
    event.user_id = RequireString(in, "userId");
    return event;
}

}  // namespace tt::events
