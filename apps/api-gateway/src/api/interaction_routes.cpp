// /api/interactions/*: like, unlike, like status.
#include "api/body.hpp"
#include "api/deps.hpp"
#include "api/envelope.hpp"
#include "tt/http/util.hpp"

namespace gateway::api {
namespace {

namespace asio = boost::asio;
using tt::http::Context;
using tt::http::Response;

// Like and unlike share the request shape: {videoId, userId?}; userId is ignored (the caller is the
// token's subject), as in the original.
::interaction::LikeRequest LikeRequestOf(const Context& c, const Deps* d) {
    auto caller = d->guard.Require(c.request);
    auto body = tt::http::ParseJsonObject(c.request);
    ValidateBody(body, {{"videoId", FieldType::kString, true, 64}, {"userId", FieldType::kString, false}});
    ::interaction::LikeRequest request;
    request.set_userid(caller.sub);
    request.set_videoid(StringField(body, "videoId"));
    return request;
}

// Like (like=true) or unlike. A new like is 201; a repeat of either changes nothing and is 200.
asio::awaitable<Response> ChangeLike(Context c, const Deps* d, bool like) {
    auto request = LikeRequestOf(c, d);
    auto video_id = request.videoid();
    auto* stub = d->interaction.get();
    auto reply = co_await tt::rpc::AsyncCall<::interaction::LikeResponse>(
        [stub, like](auto* ctx, auto* req, auto* resp, auto done) {
            if (like) {
                stub->async()->LikeVideo(ctx, req, resp, std::move(done));
            } else {
                stub->async()->UnlikeVideo(ctx, req, resp, std::move(done));
            }
        },
        std::move(request), "interaction-service", d->config.rpc_deadline, c.request_id);
    if (reply.changed()) VideoChanged(*d, video_id);
    co_return Ok(
        like && reply.changed() ? 201 : 200,
        {{"success", true}, {"likesCount", reply.likescount()}, {"liked", like}, {"changed", reply.changed()}});
}

asio::awaitable<Response> Status(Context c, const Deps* d) {
    auto caller = d->guard.Require(c.request);
    ::interaction::LikeStatusRequest request;
    request.set_userid(caller.sub);
    request.set_videoid(c.params.at("videoId"));
    auto reply = co_await LikeStatusOf(std::move(request), d, c.request_id);
    co_return Ok(200, {{"hasLiked", reply.hasliked()},
                       {"videoId", reply.videoid()},
                       {"userId", reply.userid()},
                       {"likesCount", reply.likescount()}});
}

// GET /api/interactions/like-status?videoIds=a,b,c: the caller's like and the counts of up to 100
// videos at once (unknown ids come back with zero counts).
asio::awaitable<Response> BatchStatus(Context c, const Deps* d) {
    auto caller = d->guard.Require(c.request);
    ::interaction::MultipleLikeStatusRequest request;
    request.set_userid(caller.sub);
    auto ids = c.query.find("videoIds");
    if (ids == c.query.end() || ids->second.empty()) {
        throw tt::Error(tt::ErrorCode::kInvalidArgument, "videoIds should not be empty (comma-separated video ids)");
    }
    std::size_t start = 0;
    while (start <= ids->second.size()) {
        auto end = ids->second.find(',', start);
        if (end == std::string::npos) end = ids->second.size();
        if (end > start) request.add_videoids(ids->second.substr(start, end - start));
        start = end + 1;
    }
    if (request.videoids_size() > 100) throw tt::Error(tt::ErrorCode::kInvalidArgument, "at most 100 videoIds");
    auto* stub = d->interaction.get();
    auto reply = co_await tt::rpc::AsyncCall<::interaction::MultipleLikeStatusResponse>(
        [stub](auto* ctx, auto* req, auto* resp, auto done) {
            stub->async()->GetMultipleLikeStatus(ctx, req, resp, std::move(done));
        },
        std::move(request), "interaction-service", d->config.rpc_deadline, c.request_id);
    co_return Ok(200, {{"likeInfos", LikeInfosJson(reply)}});
}

}  // namespace

nlohmann::json LikeInfosJson(const ::interaction::MultipleLikeStatusResponse& reply) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& info : reply.likeinfos()) {
        out.push_back({{"videoId", info.videoid()},
                       {"hasLiked", info.hasliked()},
                       {"likesCount", info.likescount()},
                       {"commentsCount", info.commentscount()},
                       {"sharesCount", info.sharescount()},
                       {"views", info.views()}});
    }
    return out;
}

boost::asio::awaitable<::interaction::LikeStatusResponse> LikeStatusOf(::interaction::LikeStatusRequest request,
                                                                      const Deps* d, std::string request_id) {
    auto* stub = d->interaction.get();
    return tt::rpc::AsyncCall<::interaction::LikeStatusResponse>(
        [stub](auto* ctx, auto* req, auto* resp, auto done) {
            stub->async()->GetLikeStatus(ctx, req, resp, std::move(done));
        },
        std::move(request), "interaction-service", d->config.rpc_deadline, std::move(request_id));
}

void AddInteractionRoutes(tt::http::Router& router, const Deps& deps) {
    const Deps* d = &deps;
    using tt::http::beast_http::verb;
    router.Add(verb::post, "/api/interactions/like", [d](Context c) { return ChangeLike(std::move(c), d, true); });
    router.Add(verb::post, "/api/interactions/unlike", [d](Context c) { return ChangeLike(std::move(c), d, false); });
    router.Add(verb::get, "/api/interactions/like-status/:videoId", [d](Context c) { return Status(std::move(c), d); });
    router.Add(verb::get, "/api/interactions/like-status", [d](Context c) { return BatchStatus(std::move(c), d); });
}

}  // namespace gateway::api
