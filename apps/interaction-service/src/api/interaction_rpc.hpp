#pragma once

#include "app/like_service.hpp"
#include "interaction.grpc.pb.h"

namespace interaction::api {

// interaction.InteractionService: maps protos to LikeService calls.
class InteractionRpc final : public ::interaction::InteractionService::Service {
public:
    explicit InteractionRpc(app::LikeService& likes) : likes_(likes) {}

    grpc::Status LikeVideo(grpc::ServerContext* context, const LikeRequest* request, LikeResponse* response) override;
    grpc::Status UnlikeVideo(grpc::ServerContext* context, const LikeRequest* request, LikeResponse* response) override;
    grpc::Status GetLikeStatus(grpc::ServerContext* context, const LikeStatusRequest* request,
                               LikeStatusResponse* response) override;

private:
    app::LikeService& likes_;
};

}  // namespace interaction::api
