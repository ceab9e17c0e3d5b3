#include "api/interaction_rpc.hpp"

#include "tt/rpc/server.hpp"

namespace interaction::api {
namespace {

void ToProto(const app::LikeResult& result, LikeResponse* response) {
    response->set_success(true);
    response->set_likescount(static_cast<std::int32_t>(result.likes_count));
    response->set_changed(result.changed);
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

}  // namespace interaction::api
