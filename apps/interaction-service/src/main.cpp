// interaction-service: likes and their events. Wiring only; see README.md.
#include "api/interaction_rpc.hpp"
#include "app/video_cleanup.hpp"
#include "auth.grpc.pb.h"
#include "config.hpp"
#include "tt/core/log.hpp"
#include "tt/events/topics.hpp"
#include "tt/kafka/consumer.hpp"
#include "tt/kafka/producer.hpp"
#include "tt/pg/migrate.hpp"
#include "tt/rpc/client.hpp"
#include "tt/service/host.hpp"
#include "video.grpc.pb.h"

int main() {
    try {
        auto config = interaction::LoadConfig();
        tt::log::Init(config.host.name, config.host.log_level);

        tt::pg::Pool pool(config.db);
        tt::pg::MigrateWhenReachable(pool, config.migrations_dir);
        tt::kafka::Producer producer(config.kafka);
        auto video_stub = video::VideoService::NewStub(tt::rpc::MakeChannel(config.video_service_url));
        auto owner_lookup = [&video_stub, &config](const std::string& video_id) {
            video::GetVideoRequest request;
            request.set_videoid(video_id);
            return tt::rpc::CallSync<video::VideoResponse>(*video_stub, &video::VideoService::Stub::GetVideo, request,
                                                           "video-service", config.rpc_deadline)
                .userid();
        };
        interaction::app::VideoDirectory videos(pool, owner_lookup);
        interaction::app::LikeService likes(pool, producer, videos);
        auto auth_stub = auth::AuthService::NewStub(tt::rpc::MakeChannel(config.auth_service_url));
        auto user_check = [&auth_stub, &config](const std::string& user_id) {
            auth::GetUserRequest request;
            request.set_userid(user_id);
            tt::rpc::CallSync<auth::UserResponse>(*auth_stub, &auth::AuthService::Stub::GetUserById, request,
                                                  "auth-service", config.rpc_deadline);
        };
        interaction::app::FollowService follows(pool, producer, user_check);
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
        interaction::app::CommentService comments(pool, producer, videos, mention_lookup);
        interaction::app::ViewService views(pool, producer, videos, config.view_dedup_window);
        interaction::app::ShareService shares(pool, producer, videos);
        interaction::api::InteractionRpc rpc(likes, follows, comments, views, shares);

        interaction::app::VideoCleanup cleanup(pool);
        tt::kafka::Consumer consumer(config.kafka);
        consumer.Subscribe({std::string(tt::events::kVideoDeleted)},
                           [&cleanup](const tt::kafka::Message& m) { cleanup.OnVideoDeleted(m); });
        consumer.Start();

        tt::service::Host host(config.host);
        host.AddReadinessCheck("postgres", [&pool] { return pool.Ping(); });
        host.AddReadinessCheck("kafka", [&producer] { return producer.IsConnected(std::chrono::milliseconds(1000)); });
        host.AddStopHook([&producer, &config] { producer.Flush(config.kafka.message_timeout); });
        host.AddStopHook([&consumer] { consumer.Stop(); });  // runs first: hooks run in reverse
        return host.Run({&rpc});
    } catch (const std::exception& e) {
        tt::log::Error("interaction-service failed to start", {{"error", e.what()}});
        return 1;
    }
}
