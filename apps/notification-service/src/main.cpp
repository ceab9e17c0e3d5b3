// notification-service: consumes events into per-recipient notifications. Wiring only; see README.md.
#include <iostream>
#include <map>

#include "api/notification_rpc.hpp"
#include "app/event_handlers.hpp"
#include "app/notification_events.hpp"
#include "app/replay.hpp"
#include "app/video_fanout.hpp"
#include "auth.grpc.pb.h"
#include "config.hpp"
#include "interaction.grpc.pb.h"
#include "tt/core/log.hpp"
#include "tt/delivery/inbox.hpp"
#include "tt/delivery/outbox.hpp"
#include "tt/delivery/relay.hpp"
#include "tt/events/topics.hpp"
#include "tt/kafka/consumer.hpp"
#include "tt/kafka/producer.hpp"
#include "tt/pg/migrate.hpp"
#include "tt/rpc/client.hpp"
#include "tt/service/host.hpp"

int main(int argc, char** argv) {
    try {
        auto config = notification::LoadConfig();
        std::string command = argc > 1 ? argv[1] : "";
        if (command == "replay") {
            // Rebuild from the log and compare; JSON on stdout, exit 0 identical, 1 different.
            tt::log::Init(config.host.name, "warn");
            auto report = notification::app::RebuildAndCompare(config, argc > 2 && std::string(argv[2]) == "--keep");
            std::cout << report.ToJson() << std::endl;
            return report.Identical() ? 0 : 1;
        }
        if (!command.empty()) {
            std::cerr << "usage: notification-service [replay [--keep]]\n";
            return 2;
        }
        tt::log::Init(config.host.name, config.host.log_level);

        tt::pg::Pool pool(config.db);
        tt::pg::MigrateWhenReachable(pool, config.migrations_dir);
        tt::delivery::EnsureSchema(pool);
        tt::delivery::Relay relay(config.db, config.kafka, config.outbox);
        relay.Start();
        tt::kafka::Producer producer(config.kafka);  // dead letters
        // Every notification really stored is announced on notification.created (the gateway pushes it
        // to the recipient's WebSockets), through the outbox in the insert's transaction.
        notification::store::NotificationStore store(
            pool, [](tt::pg::Connection& conn, const notification::store::Notification& n) {
                notification::app::EnqueueCreated(conn, n);
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
        consumer.SetDeadLetterProducer(producer);
        // Each effect commits with its eventId in processed_events: redelivery changes nothing. Under
        // load the events already fetched are applied as one run, in one transaction.
        std::map<std::string, tt::delivery::Apply> effects;
        for (const auto& [topic, method] : notification::app::HandlersByTopic()) {
            effects[topic] = [&handlers, method](tt::pg::Connection& conn, const tt::kafka::Message& m) {
                (handlers.*method)(conn, m);
            };
        }
        effects[std::string(tt::events::kVideoCreated)] = [&fanout](tt::pg::Connection& conn,
                                                                   const tt::kafka::Message& m) {
            fanout.OnVideoCreated(conn, m);
        };
        for (const auto& [topic, apply] : effects) {
            consumer.Subscribe({topic}, tt::delivery::ExactlyOnce(pool, "notification-service", apply));
        }
        consumer.SetRunHandler(tt::delivery::ExactlyOnceRun(pool, "notification-service", effects));
        consumer.Start();

        tt::service::Host host(config.host);
        host.AddMetrics([&pool](tt::MetricsText& out) { pool.WriteMetrics(out); });
        host.AddReadinessCheck("postgres", [&pool] { return pool.Ping(); });
        // Kafka is not a readiness condition: events wait in Kafka (and notifications in the outbox).
        host.AddMetrics([&relay, &pool](tt::MetricsText& out) { relay.WriteMetrics(out, pool); });
        host.AddMetrics([&consumer](tt::MetricsText& out) { consumer.WriteMetrics(out); });
        host.AddStopHook([&producer, &config] { producer.Flush(config.kafka.message_timeout); });
        host.AddStopHook([&relay] { relay.Stop(); });
        host.AddStopHook([&consumer] { consumer.Stop(); });  // runs first: hooks run in reverse
        return host.Run({&rpc});
    } catch (const std::exception& e) {
        tt::log::Error("notification-service failed to start", {{"error", e.what()}});
        return 1;
    }
}
