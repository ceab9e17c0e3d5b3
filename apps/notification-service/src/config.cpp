#include "config.hpp"

namespace notification {

Config LoadConfig() {
    tt::config::Reader reader;
    Config c;
    c.host = tt::service::LoadHostConfig(reader, "notification-service", "NOTIFICATION", 3004, 50054);
    c.db = tt::pg::LoadDbConfig(reader, "NOTIFICATION", "tiktok_notification");
    c.kafka = tt::kafka::LoadConfig(reader, "notification-service");
    c.outbox = tt::delivery::LoadRelayOptions(reader);
    c.migrations_dir = reader.String({"NOTIFICATION_MIGRATIONS_DIR", "MIGRATIONS_DIR"}, TT_MIGRATIONS_DIR,
                                     "directory of this service's numbered SQL migrations");
    c.interaction_service_url =
        reader.String({"GRPC_INTERACTION_URL"}, "localhost:50053", "interaction-service gRPC address (followers)");
    c.auth_service_url = reader.String({"GRPC_AUTH_URL"}, "localhost:50051", "auth-service gRPC address (mentions)");
    c.rpc_deadline = reader.Millis("GRPC_DEADLINE_MS", 3000, 100, 60000, "deadline of calls to other services");
    reader.Validate();
    return c;
}

}  // namespace notification
