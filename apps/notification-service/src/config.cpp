#include "config.hpp"

namespace notification {

Config LoadConfig() {
    tt::config::Reader reader;
    Config c;
    c.host = tt::service::LoadHostConfig(reader, "notification-service", "NOTIFICATION", 3004, 50054);
    c.db = tt::pg::LoadDbConfig(reader, "NOTIFICATION", "tiktok_notification");
    c.kafka = tt::kafka::LoadConfig(reader, "notification-service");
    c.migrations_dir = reader.String({"NOTIFICATION_MIGRATIONS_DIR", "MIGRATIONS_DIR"}, TT_MIGRATIONS_DIR,
                                     "directory of this service's numbered SQL migrations");
    reader.Validate();
    return c;
}

}  // namespace notification
