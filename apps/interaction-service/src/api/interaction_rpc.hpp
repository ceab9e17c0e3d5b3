#pragma once

#include "app/comment_service.hpp"
#include "app/follow_service.hpp"
#include "app/like_service.hpp"
#include "app/share_service.hpp"
#include "app/view_service.hpp"
#include "interaction.grpc.pb.h"

namespace interaction::api {

// interaction.InteractionService: maps protos to LikeService calls.
class InteractionRpc final : public ::interaction::InteractionService::Service {
public:
    InteractionRpc(app::LikeService& likes, app::FollowService& follows, app::CommentService& comments,
                   app::ViewService& views, app::ShareService& shares)
        : likes_(likes), follows_(follows), comments_(comments), views_(views), shares_(shares) {}

    grpc::Status LikeVideo(grpc::ServerContext* context, const LikeRequest* request, LikeResponse* response) override;
    grpc::Status UnlikeVideo(grpc::ServerContext* context, const LikeRequest* request, LikeResponse* response) override;
    grpc::Status GetLikeStatus(grpc::ServerContext* context, const LikeStatusRequest* request,
                               LikeStatusResponse* response) override;
    grpc::Status GetMultipleLikeStatus(grpc::ServerContext* context, const MultipleLikeStatusRequest* request,
                                       MultipleLikeStatusResponse* response) override;
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
    grpc::Status AddComment(grpc::ServerContext* context, const CommentRequest* request,
                            CommentResponse* response) override;
    grpc::Status GetComments(grpc::ServerContext* context, const GetCommentsRequest* request,
                             CommentsListResponse* response) override;
    grpc::Status DeleteComment(grpc::ServerContext* context, const DeleteCommentRequest* request,
                               DeleteCommentResponse* response) override;
    grpc::Status LikeComment(grpc::ServerContext* context, const CommentLikeRequest* request,
                             CommentLikeResponse* response) override;
    grpc::Status UnlikeComment(grpc::ServerContext* context, const CommentLikeRequest* request,
                               CommentLikeResponse* response) override;
    grpc::Status ShareVideo(grpc::ServerContext* context, const ShareRequest* request,
                            ShareResponse* response) override;
    grpc::Status RecordView(grpc::ServerContext* context, const ViewRequest* request, ViewResponse* response) override;

private:
    app::LikeService& likes_;
    app::FollowService& follows_;
    app::CommentService& comments_;
    app::ViewService& views_;
    app::ShareService& shares_;
};

}  // namespace interaction::api
