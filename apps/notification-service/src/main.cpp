// notification-service: consumes events into per-recipient notifications. Wiring only; see README.md.
#include "api/notification_rpc.hpp"
#include "app/event_handlers.hpp"
#include "config.hpp"
#include "tt/core/log.hpp"
#include "tt/events/topics.hpp"
#include "tt/kafka/consumer.hpp"
#include "tt/pg/migrate.hpp"
#include "tt/service/host.hpp"

int main() {
    try {
        auto config = notification::LoadConfig();
        tt::log::Init(config.host.name, config.host.log_level);

        tt::pg::Pool pool(config.db);
        tt::pg::MigrateWhenReachable(pool, config.migrations_dir);
        notification::store::NotificationStore store(pool);
        notification::app::EventHandlers handlers(store);
        notification::api::NotificationRpc rpc(store);

        tt::kafka::Consumer consumer(config.kafka);
        consumer.Subscribe({std::string(tt::events::kVideoLiked)},
                           [&handlers](const tt::kafka::Message& m) { handlers.OnVideoLiked(m); });
        consumer.Subscribe({std::string(tt::events::kVideoUnliked)},
                           [&handlers](const tt::kafka::Message& m) { handlers.OnVideoUnliked(m); });
        consumer.Subscribe({std::string(tt::events::kUserFollowed)},
                           [&handlers](const tt::kafka::Message& m) { handlers.OnUserFollowed(m); });
        consumer.Subscribe({std::string(tt::events::kUserUnfollowed)},
                           [&handlers](const tt::kafka::Message& m) { handlers.OnUserUnfollowed(m); });
        consumer.Subscribe({std::string(tt::events::kCommentCreated)},
                           [&handlers](const tt::kafka::Message& m) { handlers.OnCommentCreated(m); });
        consumer.Subscribe({std::string(tt::events::kCommentDeleted)},
                           [&handlers](const tt::kafka::Message& m) { handlers.OnCommentDeleted(m); });
        consumer.Subscribe({std::string(tt::events::kVideoDeleted)},
                           [&handlers](const tt::kafka::Message& m) { handlers.OnVideoDeleted(m); });
        consumer.Start();

        tt::service::Host host(config.host);
        host.AddReadinessCheck("postgres", [&pool] { return pool.Ping(); });
        host.AddReadinessCheck("kafka", [&consumer] { return consumer.IsConnected(std::chrono::milliseconds(1000)); });
        host.AddStopHook([&consumer] { consumer.Stop(); });
        return host.Run({&rpc});
    } catch (const std::exception& e) {
        tt::log::Error("notification-service failed to start", {{"error", e.what()}});
        return 1;
    }
}
