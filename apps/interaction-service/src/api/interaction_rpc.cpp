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

}  // namespace interaction::api
