#pragma once

#include "app/follow_service.hpp"
#include "app/like_service.hpp"
#include "interaction.grpc.pb.h"

namespace interaction::api {

// interaction.InteractionService: maps protos to LikeService calls.
class InteractionRpc final : public ::interaction::InteractionService::Service {
public:
    InteractionRpc(app::LikeService& likes, app::FollowService& follows) : likes_(likes), follows_(follows) {}

    grpc::Status LikeVideo(grpc::ServerContext* context, const LikeRequest* request, LikeResponse* response) override;
    grpc::Status UnlikeVideo(grpc::ServerContext* context, const LikeRequest* request, LikeResponse* response) override;
    grpc::Status GetLikeStatus(grpc::ServerContext* context, const LikeStatusRequest* request,
                               LikeStatusResponse* response) override;
    grpc::Status FollowUser(grpc::ServerContext* context, const FollowRequest* request,
                            FollowResponse* response) override;
    grpc::Status UnfollowUser(grpc::ServerContext* context, const FollowRequest* request,
                              FollowResponse* response) override;
    grpc::Status GetFollowStatus(grpc::ServerContext* context, const FollowRequest* request,
                                 FollowStatusResponse* response) override;
    grpc::Status GetFollowers(grpc::ServerContext* context, const FollowListRequest* request,
                              FollowListResponse* response) override;
    grpc::Status GetFollowing(grpc::ServerContext* context, const FollowListRequest* request,
                              FollowListResponse* response) override;
    grpc::Status GetUserStats(grpc::ServerContext* context, const UserStatsRequest* request,
                              UserStatsResponse* response) override;

private:
    app::LikeService& likes_;
    app::FollowService& follows_;
};

}  // namespace interaction::api
