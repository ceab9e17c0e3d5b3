// notification-service: consumes events into per-recipient notifications. Wiring only; see README.md.
#include "api/notification_rpc.hpp"
#include "app/event_handlers.hpp"
#include "app/notification_events.hpp"
#include "app/video_fanout.hpp"
#include "auth.grpc.pb.h"
#include "config.hpp"
#include "interaction.grpc.pb.h"
#include "tt/core/log.hpp"
#include "tt/events/topics.hpp"
#include "tt/kafka/consumer.hpp"
#include "tt/kafka/producer.hpp"
#include "tt/pg/migrate.hpp"
#include "tt/rpc/client.hpp"
#include "tt/service/host.hpp"

int main() {
    try {
        auto config = notification::LoadConfig();
        tt::log::Init(config.host.name, config.host.log_level);

        tt::pg::Pool pool(config.db);
        tt::pg::MigrateWhenReachable(pool, config.migrations_dir);
        // Every notification really stored is announced on notification.created (the gateway pushes it
        // to the recipient's WebSockets), in the insert's transaction.
        tt::kafka::Producer producer(config.kafka);
        notification::store::NotificationStore store(pool, [&producer](const notification::store::Notification& n) {
            notification::app::PublishCreated(producer, n);
        });
        notification::app::EventHandlers handlers(store);
        notification::api::NotificationRpc rpc(store);
        auto interaction_stub =
            interaction::InteractionService::NewStub(tt::rpc::MakeChannel(config.interaction_service_url));
        auto follower_page = [&interaction_stub, &config](const std::string& user_id, const std::string& cursor) {
            interaction::FollowListRequest request;
            request.set_userid(user_id);
            request.set_limit(100);
            request.set_cursor(cursor);
            auto page = tt::rpc::CallSync<interaction::FollowListResponse>(
                *interaction_stub, &interaction::InteractionService::Stub::GetFollowers, request, "interaction-service",
                config.rpc_deadline);
            return std::pair{std::vector<std::string>(page.userids().begin(), page.userids().end()), page.nextcursor()};
        };
        auto auth_stub = auth::AuthService::NewStub(tt::rpc::MakeChannel(config.auth_service_url));
        auto username_lookup = [&auth_stub, &config](const std::vector<std::string>& usernames) {
            auth::GetUsersByUsernamesRequest request;
            for (const auto& name : usernames) request.add_usernames(name);
            auto users =
                tt::rpc::CallSync<auth::UsersListResponse>(*auth_stub, &auth::AuthService::Stub::GetUsersByUsernames,
                                                           request, "auth-service", config.rpc_deadline);
            std::vector<std::string> ids;
            for (const auto& user : users.users()) ids.push_back(user.id());
            return ids;
        };
        notification::app::VideoFanout fanout(store, follower_page, username_lookup);

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
        consumer.Subscribe({std::string(tt::events::kVideoCreated)},
                           [&fanout](const tt::kafka::Message& m) { fanout.OnVideoCreated(m); });
        consumer.Subscribe({std::string(tt::events::kVideoDeleted)},
                           [&handlers](const tt::kafka::Message& m) { handlers.OnVideoDeleted(m); });
        consumer.Start();

        tt::service::Host host(config.host);
        host.AddReadinessCheck("postgres", [&pool] { return pool.Ping(); });
        host.AddReadinessCheck("kafka", [&consumer] { return consumer.IsConnected(std::chrono::milliseconds(1000)); });
        host.AddReadinessCheck("kafka-producer",
                               [&producer] { return producer.IsConnected(std::chrono::milliseconds(1000)); });
        host.AddStopHook([&producer, &config] { producer.Flush(config.kafka.message_timeout); });
        host.AddStopHook([&consumer] { consumer.Stop(); });  // runs first: hooks run in reverse
        return host.Run({&rpc});
    } catch (const std::exception& e) {
        tt::log::Error("notification-service failed to start", {{"error", e.what()}});
        return 1;
    }
}
