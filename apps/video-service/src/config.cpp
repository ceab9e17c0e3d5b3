#include "config.hpp"

namespace video {

Config LoadConfig() {
    tt::config::Reader reader;
    Config c;
    c.host = tt::service::LoadHostConfig(reader, "video-service", "VIDEO", 3002, 50052);
    c.db = tt::pg::LoadDbConfig(reader, "VIDEO", "tiktok_video");
    c.kafka = tt::kafka::LoadConfig(reader, "video-service");
    c.migrations_dir = reader.String({"VIDEO_MIGRATIONS_DIR", "MIGRATIONS_DIR"}, TT_MIGRATIONS_DIR,
                                     "directory of this service's numbered SQL migrations");
    reader.Validate();
    return c;
}

}  // namespace video
