#include "api/video_rpc.hpp"

#include "tt/core/ids.hpp"
#include "tt/core/log.hpp"
#include "tt/rpc/server.hpp"

namespace video::api {
namespace {

void ToProto(const store::Video& v, VideoResponse* out) {
    out->set_id(v.id);
    out->set_userid(v.user_id);
    out->set_title(v.title);
    out->set_description(v.description);
    out->set_videourl(v.video_url);
    out->set_thumbnailurl(v.thumbnail_url);
    out->set_duration(v.duration);
    out->set_createdat(v.created_at);
}

void Require(bool ok, const std::string& message) {
    if (!ok) throw tt::Error(tt::ErrorCode::kInvalidArgument, message);
}

}  // namespace

grpc::Status VideoRpc::CreateVideo(grpc::ServerContext* context, const CreateVideoRequest* request,
                                   VideoResponse* response) {
    return tt::rpc::Handle(context, "CreateVideo", [&] {
        Require(tt::IsUuid(request->userid()), "userId must be a user id");
        Require(!request->title().empty(), "title should not be empty");
        Require(request->title().size() <= 150, "title must be shorter than or equal to 150 characters");
        Require(request->description().size() <= 2200, "description must be shorter than or equal to 2200 characters");
        Require(!request->videourl().empty(), "videoUrl should not be empty");
        Require(request->videourl().size() <= 2048, "videoUrl must be shorter than or equal to 2048 characters");
        Require(request->thumbnailurl().size() <= 2048,
                "thumbnailUrl must be shorter than or equal to 2048 characters");
        Require(request->duration() >= 0, "duration must not be negative");
        store::Video v{tt::NewUuid(),       request->userid(),       request->title(),    request->description(),
                       request->videourl(), request->thumbnailurl(), request->duration(), ""};
        auto created = videos_.Insert(v);
        tt::log::Info("video created", {{"videoId", created.id}, {"userId", created.user_id}});
        ToProto(created, response);
    });
}

grpc::Status VideoRpc::GetVideo(grpc::ServerContext* context, const GetVideoRequest* request, VideoResponse* response) {
    return tt::rpc::Handle(context, "GetVideo", [&] {
        if (!tt::IsUuid(request->videoid())) throw tt::Error(tt::ErrorCode::kNotFound, "Video not found");
        auto v = videos_.FindById(request->videoid());
        if (!v) throw tt::Error(tt::ErrorCode::kNotFound, "Video not found");
        ToProto(*v, response);
    });
}

}  // namespace video::api
