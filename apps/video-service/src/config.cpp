#include "config.hpp"

namespace video {

Config LoadConfig() {
    tt::config::Reader reader;
    Config c;
    c.host = tt::service::LoadHostConfig(reader, "video-service", "VIDEO", 3002, 50052);
    c.db = tt::pg::LoadDbConfig(reader, "VIDEO", "tiktok_video");
    c.kafka = tt::kafka::LoadConfig(reader, "video-service");
    c.outbox = tt::delivery::LoadRelayOptions(reader);
    c.migrations_dir = reader.String({"VIDEO_MIGRATIONS_DIR", "MIGRATIONS_DIR"}, TT_MIGRATIONS_DIR,
                                     "directory of this service's numbered SQL migrations");
    c.storage_dir = reader.String({"VIDEO_STORAGE_DIR", "UPLOAD_PATH"}, "./uploads",
                                  "directory of uploaded media (shared with api-gateway)");
    c.tool_timeout = reader.Millis("VIDEO_TOOL_TIMEOUT_MS", 120000, 1000, 3600000,
                                   "longest ffprobe / ffmpeg run per processing step");
    c.upload_timeout = std::chrono::duration_cast<std::chrono::seconds>(
        reader.Duration("VIDEO_UPLOAD_TIMEOUT", "1h", "an upload still 'uploading' after this is failed"));
    c.processing_timeout = std::chrono::duration_cast<std::chrono::seconds>(
        reader.Duration("VIDEO_PROCESSING_TIMEOUT", "15m", "a video still 'processing' after this is failed"));
    c.sweep_interval = std::chrono::duration_cast<std::chrono::seconds>(
        reader.Duration("VIDEO_SWEEP_INTERVAL", "60s", "how often unfinished uploads are checked"));
    c.redis = tt::redis::LoadRedisConfig(reader);
    c.cache_ttl = reader.Duration("VIDEO_CACHE_TTL", "60s", "lifetime of cached videos and feed pages in Redis");
    reader.Validate();
    return c;
}

}  // namespace video
