// /api/videos: create (metadata) and get one.
#include <boost/asio/experimental/awaitable_operators.hpp>

#include "api/body.hpp"
#include "api/deps.hpp"
#include "api/envelope.hpp"
#include "tt/http/util.hpp"

namespace gateway::api {
namespace {

namespace asio = boost::asio;
using namespace boost::asio::experimental::awaitable_operators;
using tt::http::Context;
using tt::http::Response;

nlohmann::json VideoJson(const ::video::VideoResponse& v) {
    return {{"id", v.id()},
            {"userId", v.userid()},
            {"title", v.title()},
            {"description", OrNull(v.description())},
            {"videoUrl", v.videourl()},
            {"thumbnailUrl", OrNull(v.thumbnailurl())},
            {"duration", v.duration()},
            {"createdAt", v.createdat()}};
}

asio::awaitable<Response> Create(Context c, const Deps* d) {
    auto caller = d->guard.Require(c.request);
    auto body = tt::http::ParseJsonObject(c.request);
    ValidateBody(body, {{"title", FieldType::kString, true, 150},
                        {"description", FieldType::kString, false, 2200},
                        {"videoUrl", FieldType::kString, true, 2048},
                        {"thumbnailUrl", FieldType::kString, false, 2048},
                        {"duration", FieldType::kInteger, false},
                        {"userId", FieldType::kString, false}});  // accepted and ignored, as the original did
    ::video::CreateVideoRequest request;
    request.set_userid(caller.sub);
    request.set_title(StringField(body, "title"));
    request.set_description(StringField(body, "description"));
    request.set_videourl(StringField(body, "videoUrl"));
    request.set_thumbnailurl(StringField(body, "thumbnailUrl"));
    auto duration = IntField(body, "duration");
    if (duration < 0 || duration > 24 * 3600) {
        throw tt::Error(tt::ErrorCode::kInvalidArgument, "duration must be between 0 and 86400 seconds");
    }
    request.set_duration(static_cast<std::int32_t>(duration));
    auto* stub = d->video.get();
    auto video = co_await tt::rpc::AsyncCall<::video::VideoResponse>(
        [stub](auto* ctx, auto* req, auto* resp, auto done) {
            stub->async()->CreateVideo(ctx, req, resp, std::move(done));
        },
        std::move(request), "video-service", d->config.rpc_deadline, c.request_id);
    auto json = VideoJson(video);
    json["likesCount"] = 0;  // a new video: no like can exist yet
    json["isLiked"] = false;
    co_return Ok(201, json);
}

// The video from video-service and its like count (and the caller's like) from interaction-service,
// fetched concurrently.
asio::awaitable<Response> Get(Context c, const Deps* d) {
    auto caller = d->guard.Optional(c.request);
    ::video::GetVideoRequest video_request;
    video_request.set_videoid(c.params.at("id"));
    ::interaction::LikeStatusRequest status_request;
    status_request.set_videoid(c.params.at("id"));
    if (caller) status_request.set_userid(caller->sub);
    auto* video_stub = d->video.get();
    auto* interaction_stub = d->interaction.get();
    auto [video, status] =
        co_await (tt::rpc::AsyncCall<::video::VideoResponse>(
                      [video_stub](auto* ctx, auto* req, auto* resp, auto done) {
                          video_stub->async()->GetVideo(ctx, req, resp, std::move(done));
                      },
                      std::move(video_request), "video-service", d->config.rpc_deadline, c.request_id) &&
                  tt::rpc::AsyncCall<::interaction::LikeStatusResponse>(
                      [interaction_stub](auto* ctx, auto* req, auto* resp, auto done) {
                          interaction_stub->async()->GetLikeStatus(ctx, req, resp, std::move(done));
                      },
                      std::move(status_request), "interaction-service", d->config.rpc_deadline, c.request_id));
    auto json = VideoJson(video);
    json["likes"] = status.likescount();
    json["likesCount"] = status.likescount();
    json["isLiked"] = status.hasliked();
    json["comments"] = status.commentscount();
    json["commentsCount"] = status.commentscount();
    json["views"] = status.views();
    co_return Ok(200, json);
}

}  // namespace

void AddVideoRoutes(tt::http::Router& router, const Deps& deps) {
    const Deps* d = &deps;
    using tt::http::beast_http::verb;
    router.Add(verb::post, "/api/videos", [d](Context c) { return Create(std::move(c), d); });
    router.Add(verb::get, "/api/videos/:id", [d](Context c) { return Get(std::move(c), d); });
}

}  // namespace gateway::api
