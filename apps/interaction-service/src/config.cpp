#include "config.hpp"

namespace interaction {

Config LoadConfig() {
    tt::config::Reader reader;
    Config c;
    c.host = tt::service::LoadHostConfig(reader, "interaction-service", "INTERACTION", 3003, 50053);
    c.db = tt::pg::LoadDbConfig(reader, "INTERACTION", "tiktok_interaction");
    c.kafka = tt::kafka::LoadConfig(reader, "interaction-service");
    c.outbox = tt::delivery::LoadRelayOptions(reader);
    c.group_commit = tt::pg::LoadGroupCommitOptions(reader);
    c.migrations_dir = reader.String({"INTERACTION_MIGRATIONS_DIR", "MIGRATIONS_DIR"}, TT_MIGRATIONS_DIR,
                                     "directory of this service's numbered SQL migrations");
    c.video_service_url = reader.String({"GRPC_VIDEO_URL"}, "localhost:50052", "video-service gRPC address");
    c.auth_service_url = reader.String({"GRPC_AUTH_URL"}, "localhost:50051", "auth-service gRPC address");
    c.rpc_deadline = reader.Millis("GRPC_DEADLINE_MS", 3000, 100, 60000, "deadline of calls to other services");
    c.view_dedup_window =
        reader.Duration("VIEW_DEDUP_WINDOW", "30m", "a viewer's repeated views of one video count once per window");
    c.reconcile_interval = reader.Millis("RECONCILE_INTERVAL_MS", 300000, 0, 86400000,
                                         "how often counters are recounted from their rows (0 = never)");
    reader.Validate();
    return c;
}

}  // namespace interaction
