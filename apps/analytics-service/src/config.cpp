#include "config.hpp"

namespace analytics {
namespace {

double Weight(tt::config::Reader& reader, const std::string& name, std::int64_t fallback, const std::string& what) {
    return static_cast<double>(
        reader.Int({name}, fallback, 0, 1000, "trending weight of " + what + " (counted once per user per window)"));
}

}  // namespace

Config LoadConfig() {
    tt::config::Reader reader;
    Config c;
    c.host = tt::service::LoadHostConfig(reader, "analytics-service", "ANALYTICS", 3005, 50055);
    c.db = tt::pg::LoadDbConfig(reader, "ANALYTICS", "tiktok_analytics");
    // Trending is not latency-bound: under load one fetch gathers up to 64 KiB of events or waits for
    // as long as a batch does (ANALYTICS_BATCH_WAIT_MS), instead of one fetch per event.
    c.kafka = tt::kafka::LoadConfig(reader, "analytics-service", {std::chrono::milliseconds(100), 65536});
    c.redis = tt::redis::LoadRedisConfig(reader);
    c.relay = tt::delivery::LoadRelayOptions(reader);
    c.migrations_dir = reader.String({"ANALYTICS_MIGRATIONS_DIR", "MIGRATIONS_DIR"}, TT_MIGRATIONS_DIR,
                                     "directory of this service's numbered SQL migrations");
    c.video_service_url = reader.String({"GRPC_VIDEO_URL"}, "localhost:50052", "video-service gRPC address (owners)");
    c.rpc_deadline = reader.Millis("GRPC_DEADLINE_MS", 3000, 100, 60000, "deadline of calls to other services");
    c.batch.max_messages = static_cast<std::size_t>(
        reader.Int({"ANALYTICS_BATCH_SIZE"}, 500, 1, 10000, "most events aggregated in one transaction"));
    c.batch.max_wait = reader.Millis("ANALYTICS_BATCH_WAIT_MS", 100, 1, 10000,
                                     "longest wait for a batch to fill before it is stored anyway");
    auto& rules = c.processing.rules;
    rules.weights = {Weight(reader, "ANALYTICS_WEIGHT_VIEW", 1, "a view"),
                     Weight(reader, "ANALYTICS_WEIGHT_LIKE", 3, "a like"),
                     Weight(reader, "ANALYTICS_WEIGHT_COMMENT", 4, "a comment"),
                     Weight(reader, "ANALYTICS_WEIGHT_SHARE", 6, "a share")};
    rules.actor_cap = static_cast<double>(
        reader.Int({"ANALYTICS_ACTOR_CAP"}, 10, 1, 100000, "most one user adds to one video's score per window"));
    rules.decay = static_cast<double>(reader.Int({"ANALYTICS_DECAY_PERCENT"}, 50, 1, 1000,
                                                 "decay time constant as a percentage of the window")) /
                  100.0;
    c.processing.trending_threshold = static_cast<double>(reader.Int(
        {"ANALYTICS_TRENDING_THRESHOLD"}, 200, 1, 1000000000, "1h score at which video.trending is published"));
    c.processing.trending_cooldown = std::chrono::duration_cast<std::chrono::milliseconds>(reader.Duration(
        "ANALYTICS_TRENDING_COOLDOWN", "24h", "a video is announced as trending at most once per this period"));
    c.processing.group_id = c.kafka.group_id;
    c.rescore_interval = reader.Millis("ANALYTICS_RESCORE_INTERVAL_MS", 30000, 1000, 3600000,
                                       "how often scores of quiet videos are decayed");
    c.viewer_sketch_ttl = reader.Duration(
        "ANALYTICS_HLL_TTL", "7d", "idle time after which Redis drops a viewer sketch (restored from PostgreSQL)");
    c.dedup_retention = reader.Duration("ANALYTICS_DEDUP_RETENTION", "24h",
                                        "how long aggregated event ids are remembered to drop duplicates");
    reader.Validate();
    return c;
}

}  // namespace analytics
