#include "tt/events/video_created.hpp"

namespace tt::events {
VideoCreatedEvent NewVideoCreatedEvent(std::string producer, TimePoint now) {
    VideoCreatedEvent event;
    event.envelope = NewEnvelope(std::string(kVideoCreated), std::move(producer), VideoCreatedEvent::kVersion, now);
    return event;
}

std::string ToJson(const VideoCreatedEvent& event) {
    nlohmann::json out = {{"videoId", event.video_id},   {"userId", event.user_id},
                          {"title", event.title},        {"description", event.description},
                          {"videoUrl", event.video_url}, {"thumbnailUrl", event.thumbnail_url},
                          {"duration", event.duration},  {"isPublic", event.is_public},
                          {"hashtags", event.hashtags},  {"mentions", event.mentions}};
    WriteEnvelope(event.envelope, out);
    return out.dump();
}

VideoCreatedEvent ParseVideoCreatedEvent(std::string_view text) {
    auto in = ParseObject(text);
    VideoCreatedEvent event;
    event.envelope = ReadEnvelope(in);
    event.video_id = RequireString(in, "videoId");
    event.user_id = RequireString(in, "userId");
    event.title = RequireString(in, "title");
    event.description = OptionalString(in, "description");
    event.video_url = OptionalString(in, "videoUrl");
    event.thumbnail_url = OptionalString(in, "thumbnailUrl");
    if (auto it = in.find("duration"); it != in.end() && it->is_number_integer()) event.duration = it->get<int>();
    if (auto it = in.find("isPublic"); it != in.end() && it->is_boolean()) event.is_public = it->get<bool>();
    event.hashtags = StringList(in, "hashtags");
    event.mentions = StringList(in, "mentions");
    return event;
}

VideoUploadedEvent NewVideoUploadedEvent(std::string producer, TimePoint now) {
    VideoUploadedEvent event;
    event.envelope = NewEnvelope(std::string(kVideoUploaded), std::move(producer), VideoUploadedEvent::kVersion, now);
    return event;
}

std::string ToJson(const VideoUploadedEvent& event) {
    nlohmann::json out = {{"videoId", event.video_id}, {"userId", event.user_id}, {"storageKey", event.storage_key}};
    WriteEnvelope(event.envelope, out);
    return out.dump();
}

VideoUploadedEvent ParseVideoUploadedEvent(std::string_view text) {
    auto in = ParseObject(text);
    VideoUploadedEvent event;
    event.envelope = ReadEnvelope(in);
    event.video_id = RequireString(in, "videoId");
    event.user_id = RequireString(in, "userId");
    event.storage_key = RequireString(in, "storageKey");
    return event;
}

}  // namespace tt::events
