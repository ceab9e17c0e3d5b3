#include "app/processor.hpp"

#include <cmath>

#include "app/media_files.hpp"
#include "app/media_probe.hpp"
#include "app/video_events.hpp"
#include "tt/core/error.hpp"
#include "tt/core/ids.hpp"
#include "tt/core/log.hpp"
#include "tt/events/video_created.hpp"
#include "tt/kafka/consumer.hpp"

namespace video::app {
void Processor::OnVideoUploaded(const tt::kafka::Message& message) {
    tt::events::VideoUploadedEvent event;
    try {
        event = tt::events::ParseVideoUploadedEvent(message.payload);
    } catch (const tt::Error& e) {
        throw tt::kafka::PermanentError(std::string("undecodable video.uploaded: ") + e.what());
    }
    if (!tt::IsUuid(event.video_id)) throw tt::kafka::PermanentError("video.uploaded with a bad videoId");
    // The outbox publishes the job only after the video became "processing" (same transaction).
    auto video = videos_.FindById(event.video_id);
    if (!video || video->status != "processing") return;  // deleted, or a redelivery of a finished job
    Process(*video);
}

void Processor::Process(const store::Video& video) {
    auto started = std::chrono::steady_clock::now();
    if (video.storage_key.empty() || !storage_.Stat(video.storage_key)) {
        Fail(video, "the uploaded file is missing");
        return;
    }
    auto file = storage_.LocalPath(video.storage_key);
    std::string error;
    auto info = ProbeMedia(file, tool_timeout_, error);
    if (!info) {
        Fail(video, error);
        return;
    }
    store::ProbeResult probe;
    probe.duration = static_cast<int>(std::lround(info->duration_seconds));
    probe.width = info->width;
    probe.height = info->height;
    // A frame a little into the video (the first is often black), never past its end.
    double at = std::min(1.0, info->duration_seconds / 2);
    auto temp = std::filesystem::temp_directory_path() / ("tt-thumb-" + video.id + ".jpg");
    if (!ExtractThumbnail(file, at, temp, tool_timeout_, error)) {
        Fail(video, error);
        return;
    }
    probe.thumbnail_key = "thumbnails/" + video.id + ".jpg";
    probe.thumbnail_url = "/uploads/" + probe.thumbnail_key;
    storage_.Import(probe.thumbnail_key, temp);
    auto ready = videos_.MarkReady(
        video.id, probe, [](tt::pg::Connection& conn, const store::Video& v) { EnqueueVideoCreated(conn, v); });
    if (!ready) {
        storage_.Remove(probe.thumbnail_key);  // deleted or failed meanwhile
        return;
    }
    auto millis =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
    tt::log::Info("video processed", {{"videoId", video.id},
                                      {"durationSeconds", probe.duration},
                                      {"width", probe.width},
                                      {"height", probe.height},
                                      {"tookMs", millis}});
}

void Processor::Fail(const store::Video& video, const std::string& reason) {
    if (videos_.MarkFailed(video.id, "processing", reason)) {
        tt::log::Warn("video processing failed", {{"videoId", video.id}, {"reason", reason}});
        RemoveMediaFiles(storage_, video);  // unplayable: keep no bytes
    }
}

}  // namespace video::app
