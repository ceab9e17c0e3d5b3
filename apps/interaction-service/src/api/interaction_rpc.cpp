#include "api/interaction_rpc.hpp"

#include "tt/rpc/server.hpp"

namespace interaction::api {
namespace {

void ToProto(const app::LikeResult& result, LikeResponse* response) {
    response->set_success(true);
    response->set_likescount(static_cast<std::int32_t>(result.likes_count));
    response->set_changed(result.changed);
}

void ToProto(const app::FollowResult& result, FollowResponse* response) {
    response->set_success(true);
    response->set_isfollowing(result.is_following);
    response->set_changed(result.changed);
    response->set_followerscount(static_cast<std::int32_t>(result.following_counts.followers));
    response->set_followingcount(static_cast<std::int32_t>(result.follower_counts.following));
}

grpc::Status ListFollows(grpc::ServerContext* context, const char* method, app::FollowService& follows,
                         const FollowListRequest* request, FollowListResponse* response, bool followers) {
    return tt::rpc::Handle(context, method, [&] {
        int page = request->page() <= 0 ? 1 : request->page();
        int limit = request->limit() <= 0 ? 20 : request->limit();
        if (limit > 100) throw tt::Error(tt::ErrorCode::kInvalidArgument, "limit must not be greater than 100");
        auto result = follows.List(request->userid(), followers, page, limit, request->cursor());
        for (const auto& id : result.page.user_ids) response->add_userids(id);
        response->set_page(page);
        response->set_limit(limit);
        response->set_total(static_cast<std::int32_t>(result.total));
        response->set_hasmore(!result.page.next_cursor.empty());
        response->set_nextcursor(result.page.next_cursor);
    });
}

void ToProto(const store::Comment& c, CommentResponse* out) {
    out->set_id(c.id);
    out->set_userid(c.user_id);
    out->set_videoid(c.video_id);
    out->set_content(c.content);
    out->set_createdat(c.created_at);
    out->set_likescount(static_cast<std::int32_t>(c.likes_count));
    out->set_repliescount(static_cast<std::int32_t>(c.replies_count));
    out->set_parentid(c.parent_id);
    out->set_isliked(c.is_liked);
}

grpc::Status ChangeCommentLike(grpc::ServerContext* context, const char* method, app::CommentService& comments,
                               const CommentLikeRequest* request, CommentLikeResponse* response, bool like) {
    return tt::rpc::Handle(context, method, [&] {
        auto result = comments.Like(request->userid(), request->commentid(), like);
        response->set_success(true);
        response->set_likescount(static_cast<std::int32_t>(result.likes_count));
        response->set_changed(result.changed);
    });
}

}  // namespace

grpc::Status InteractionRpc::LikeVideo(grpc::ServerContext* context, const LikeRequest* request,
                                       LikeResponse* response) {
    return tt::rpc::Handle(context, "LikeVideo",
                           [&] { ToProto(likes_.Like(request->userid(), request->videoid()), response); });
}

grpc::Status InteractionRpc::UnlikeVideo(grpc::ServerContext* context, const LikeRequest* request,
                                         LikeResponse* response) {
    return tt::rpc::Handle(context, "UnlikeVideo",
                           [&] { ToProto(likes_.Unlike(request->userid(), request->videoid()), response); });
}

grpc::Status InteractionRpc::GetLikeStatus(grpc::ServerContext* context, const LikeStatusRequest* request,
                                           LikeStatusResponse* response) {
    return tt::rpc::Handle(context, "GetLikeStatus", [&] {
        auto status = likes_.Status(request->userid(), request->videoid());
        response->set_hasliked(status.has_liked);
        response->set_videoid(request->videoid());
        response->set_userid(request->userid());
        response->set_likescount(static_cast<std::int32_t>(status.likes_count));
        response->set_commentscount(static_cast<std::int32_t>(status.comments_count));
        response->set_views(status.views);
        response->set_sharescount(static_cast<std::int32_t>(status.shares));
    });
}

grpc::Status InteractionRpc::GetMultipleLikeStatus(grpc::ServerContext* context,
                                                   const MultipleLikeStatusRequest* request,
                                                   MultipleLikeStatusResponse* response) {
    return tt::rpc::Handle(context, "GetMultipleLikeStatus", [&] {
        std::vector<std::string> ids(request->videoids().begin(), request->videoids().end());
        for (const auto& info : likes_.StatusOf(request->userid(), ids)) {
            auto* out = response->add_likeinfos();
            out->set_videoid(info.video_id);
            out->set_hasliked(info.has_liked);
            out->set_likescount(static_cast<std::int32_t>(info.counts.likes));
            out->set_commentscount(static_cast<std::int32_t>(info.counts.comments));
            out->set_views(info.counts.views);
            out->set_sharescount(static_cast<std::int32_t>(info.counts.shares));
        }
    });
}

grpc::Status InteractionRpc::FollowUser(grpc::ServerContext* context, const FollowRequest* request,
                                        FollowResponse* response) {
    return tt::rpc::Handle(context, "FollowUser",
                           [&] { ToProto(follows_.Follow(request->followerid(), request->followingid()), response); });
}

grpc::Status InteractionRpc::UnfollowUser(grpc::ServerContext* context, const FollowRequest* request,
                                          FollowResponse* response) {
    return tt::rpc::Handle(context, "UnfollowUser", [&] {
        ToProto(follows_.Unfollow(request->followerid(), request->followingid()), response);
    });
}

grpc::Status InteractionRpc::GetFollowStatus(grpc::ServerContext* context, const FollowRequest* request,
                                             FollowStatusResponse* response) {
    return tt::rpc::Handle(context, "GetFollowStatus", [&] {
        response->set_isfollowing(follows_.IsFollowing(request->followerid(), request->followingid()));
        response->set_followerid(request->followerid());
        response->set_followingid(request->followingid());
    });
}

grpc::Status InteractionRpc::GetFollowers(grpc::ServerContext* context, const FollowListRequest* request,
                                          FollowListResponse* response) {
    return ListFollows(context, "GetFollowers", follows_, request, response, true);
}

grpc::Status InteractionRpc::GetFollowing(grpc::ServerContext* context, const FollowListRequest* request,
                                          FollowListResponse* response) {
    return ListFollows(context, "GetFollowing", follows_, request, response, false);
}

grpc::Status InteractionRpc::GetUserStats(grpc::ServerContext* context, const UserStatsRequest* request,
                                          UserStatsResponse* response) {
    return tt::rpc::Handle(context, "GetUserStats", [&] {
        auto counts = follows_.Counts(request->userid());
        response->set_followerscount(static_cast<std::int32_t>(counts.followers));
        response->set_followingcount(static_cast<std::int32_t>(counts.following));
    });
}

grpc::Status InteractionRpc::AddComment(grpc::ServerContext* context, const CommentRequest* request,
                                        CommentResponse* response) {
    return tt::rpc::Handle(context, "AddComment", [&] {
        auto added = comments_.Add(request->userid(), request->videoid(), request->content(), request->parentid());
        ToProto(added.comment, response);
        response->set_commentscount(static_cast<std::int32_t>(added.comments_count));
    });
}

grpc::Status InteractionRpc::GetComments(grpc::ServerContext* context, const GetCommentsRequest* request,
                                         CommentsListResponse* response) {
    return tt::rpc::Handle(context, "GetComments", [&] {
        int page = request->page() <= 0 ? 1 : request->page();
        int limit = request->limit() <= 0 ? 20 : request->limit();
        if (limit > 100) throw tt::Error(tt::ErrorCode::kInvalidArgument, "limit must not be greater than 100");
        auto result =
            comments_.List(request->videoid(), request->parentid(), request->userid(), page, limit, request->cursor());
        for (const auto& c : result.page.items) ToProto(c, response->add_comments());
        response->set_page(page);
        response->set_limit(limit);
        response->set_total(static_cast<std::int32_t>(result.total));
        response->set_hasmore(!result.page.next_cursor.empty());
        response->set_nextcursor(result.page.next_cursor);
    });
}

grpc::Status InteractionRpc::DeleteComment(grpc::ServerContext* context, const DeleteCommentRequest* request,
                                           DeleteCommentResponse* response) {
    return tt::rpc::Handle(context, "DeleteComment", [&] {
        auto deleted = comments_.Delete(request->userid(), request->commentid());
        response->set_success(true);
        response->set_commentscount(static_cast<std::int32_t>(deleted.comments_count));
        response->set_videoid(deleted.video_id);
    });
}

grpc::Status InteractionRpc::LikeComment(grpc::ServerContext* context, const CommentLikeRequest* request,
                                         CommentLikeResponse* response) {
    return ChangeCommentLike(context, "LikeComment", comments_, request, response, true);
}

grpc::Status InteractionRpc::UnlikeComment(grpc::ServerContext* context, const CommentLikeRequest* request,
                                           CommentLikeResponse* response) {
    return ChangeCommentLike(context, "UnlikeComment", comments_, request, response, false);
}

grpc::Status InteractionRpc::ShareVideo(grpc::ServerContext* context, const ShareRequest* request,
                                        ShareResponse* response) {
    return tt::rpc::Handle(context, "ShareVideo", [&] {
        auto count = shares_.Share(request->userid(), request->videoid(), request->sharetype(), request->platform(),
                                   request->targetuserid());
        response->set_success(true);
        response->set_sharescount(static_cast<std::int32_t>(count));
    });
}

grpc::Status InteractionRpc::RecordView(grpc::ServerContext* context, const ViewRequest* request,
                                        ViewResponse* response) {
    return tt::rpc::Handle(context, "RecordView", [&] {
        auto result = views_.Record(request->videoid(), request->userid(), request->sessionid());
        response->set_success(true);
        response->set_views(result.views);
        response->set_counted(result.counted);
    });
}

}  // namespace interaction::api
