#include "tt/events/video_trending.hpp"

#include "tt/core/error.hpp"

namespace tt::events {

VideoTrendingEvent NewVideoTrendingEvent(std::string producer, TimePoint now) {
    VideoTrendingEvent event;
    event.envelope = NewEnvelope(std::string(kVideoTrending), std::move(producer), VideoTrendingEvent::kVersion, now);
    return event;
}

std::string ToJson(const VideoTrendingEvent& event) {
    nlohmann::json out = {{"videoId", event.video_id},
                          {"videoOwnerId", event.video_owner_id},
                          {"score", event.score},
                          {"window", event.window}};
    WriteEnvelope(event.envelope, out);
    return out.dump();
}

VideoTrendingEvent ParseVideoTrendingEvent(std::string_view text) {
    auto in = ParseObject(text);
    VideoTrendingEvent event;
    event.envelope = ReadEnvelope(in);
    event.video_id = RequireString(in, "videoId");
    event.video_owner_id = RequireString(in, "videoOwnerId");
    event.window = RequireString(in, "window");
    auto score = in.find("score");
    if (score == in.end() || !score->is_number()) {
        throw Error(ErrorCode::kInvalidArgument, "event field 'score' must be a number");
    }
    event.score = score->get<double>();
    return event;
}

}  // namespace tt::events
