// interaction-service: likes and their events. Wiring only; see README.md.
#include <iostream>

#include "api/interaction_rpc.hpp"
#include "app/reconciler.hpp"
#include "app/video_cleanup.hpp"
#include "auth.grpc.pb.h"
#include "config.hpp"
#include "tt/core/log.hpp"
#include "tt/delivery/outbox.hpp"
#include "tt/delivery/relay.hpp"
#include "tt/events/topics.hpp"
#include "tt/kafka/consumer.hpp"
#include "tt/kafka/producer.hpp"
#include "tt/pg/migrate.hpp"
#include "tt/rpc/client.hpp"
#include "tt/service/host.hpp"
#include "video.grpc.pb.h"

namespace {

// `interaction-service reconcile [--repair]`: one recount, its report as JSON on stdout; exit 0
// without drift, 1 with drift (after repairing it with --repair), 2 when it could not run.
int ReconcileCommand(const interaction::Config& config, bool repair) {
    tt::pg::Pool pool(config.db);
    interaction::app::Reconciler reconciler(pool, std::chrono::milliseconds(0));
    auto report = reconciler.RunOnce(repair);
    std::cout << report.ToJson() << std::endl;
    return report.DriftedRows() == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        auto config = interaction::LoadConfig();
        std::string command = argc > 1 ? argv[1] : "";
        if (command == "reconcile") {
            tt::log::Init(config.host.name, "warn");
            return ReconcileCommand(config, argc > 2 && std::string(argv[2]) == "--repair");
        }
        if (!command.empty()) {
            std::cerr << "usage: interaction-service [reconcile [--repair]]\n";
            return 2;
        }
        tt::log::Init(config.host.name, config.host.log_level);

        tt::pg::Pool pool(config.db);
        tt::pg::MigrateWhenReachable(pool, config.migrations_dir);
        tt::delivery::EnsureSchema(pool);
        tt::delivery::Relay relay(config.db, config.kafka, config.outbox);
        relay.Start();
        tt::kafka::Producer producer(config.kafka);  // dead letters
        auto video_stub = video::VideoService::NewStub(tt::rpc::MakeChannel(config.video_service_url));
        auto owner_lookup = [&video_stub, &config](const std::string& video_id) {
            video::GetVideoRequest request;
            request.set_videoid(video_id);
            return tt::rpc::CallSync<video::VideoResponse>(*video_stub, &video::VideoService::Stub::GetVideo, request,
                                                           "video-service", config.rpc_deadline)
                .userid();
        };
        interaction::app::VideoDirectory videos(pool, owner_lookup);
        tt::pg::GroupCommitter committer(pool, config.group_commit);
        interaction::app::LikeService likes(pool, committer, videos);
        auto auth_stub = auth::AuthService::NewStub(tt::rpc::MakeChannel(config.auth_service_url));
        auto user_check = [&auth_stub, &config](const std::string& user_id) {
            auth::GetUserRequest request;
            request.set_userid(user_id);
            tt::rpc::CallSync<auth::UserResponse>(*auth_stub, &auth::AuthService::Stub::GetUserById, request,
                                                  "auth-service", config.rpc_deadline);
        };
        interaction::app::FollowService follows(pool, user_check);
        auto mention_lookup = [&auth_stub, &config](const std::vector<std::string>& usernames) {
            auth::GetUsersByUsernamesRequest request;
            for (const auto& name : usernames) request.add_usernames(name);
            auto users =
                tt::rpc::CallSync<auth::UsersListResponse>(*auth_stub, &auth::AuthService::Stub::GetUsersByUsernames,
                                                           request, "auth-service", config.rpc_deadline);
            std::vector<std::string> ids;
            for (const auto& user : users.users()) ids.push_back(user.id());
            return ids;
        };
        interaction::app::CommentService comments(pool, videos, mention_lookup);
        interaction::app::ViewService views(committer, videos, config.view_dedup_window);
        interaction::app::ShareService shares(pool, videos);
        interaction::api::InteractionRpc rpc(likes, follows, comments, views, shares);

        interaction::app::VideoCleanup cleanup(pool, videos);
        tt::kafka::Consumer consumer(config.kafka);
        consumer.SetDeadLetterProducer(producer);
        consumer.Subscribe({std::string(tt::events::kVideoDeleted)},
                           [&cleanup](const tt::kafka::Message& m) { cleanup.OnVideoDeleted(m); });
        consumer.Start();

        interaction::app::Reconciler reconciler(pool, config.reconcile_interval);
        reconciler.Start();

        tt::service::Host host(config.host);
        host.AddMetrics([&pool](tt::MetricsText& out) { pool.WriteMetrics(out); });
        host.AddMetrics([&committer](tt::MetricsText& out) { committer.WriteMetrics(out, "likes-views"); });
        host.AddReadinessCheck("postgres", [&pool] { return pool.Ping(); });
        // Kafka is not a readiness condition: writes go to the outbox and leave when Kafka is back.
        host.AddMetrics([&relay, &pool](tt::MetricsText& out) { relay.WriteMetrics(out, pool); });
        host.AddMetrics([&consumer](tt::MetricsText& out) { consumer.WriteMetrics(out); });
        host.AddMetrics([&reconciler](tt::MetricsText& out) { reconciler.WriteMetrics(out); });
        host.AddStopHook([&producer, &config] { producer.Flush(config.kafka.message_timeout); });
        host.AddStopHook([&relay] { relay.Stop(); });
        host.AddStopHook([&reconciler] { reconciler.Stop(); });
        host.AddStopHook([&consumer] { consumer.Stop(); });  // runs first: hooks run in reverse
        return host.Run({&rpc});
    } catch (const std::exception& e) {
        tt::log::Error("interaction-service failed to start", {{"error", e.what()}});
        return 1;
    }
}
