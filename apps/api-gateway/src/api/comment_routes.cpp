// /api/interactions/comment*, /api/interactions/comments/:videoId, /api/interactions/view.
#include <map>
#include <set>

#include "api/body.hpp"
#include "api/deps.hpp"
#include "api/envelope.hpp"
#include "api/user_json.hpp"
#include "tt/core/error.hpp"
#include "tt/core/ids.hpp"
#include "tt/core/log.hpp"
#include "tt/http/util.hpp"

namespace gateway::api {
namespace {

namespace asio = boost::asio;
using tt::http::Context;
using tt::http::Response;

nlohmann::json CommentJson(const ::interaction::CommentResponse& c, const ::auth::UserResponse* author) {
    return {{"id", c.id()},
            {"userId", c.userid()},
            {"videoId", c.videoid()},
            {"parentId", OrNull(c.parentid())},
            {"content", c.content()},
            {"createdAt", c.createdat()},
            {"likesCount", c.likescount()},
            {"repliesCount", c.repliescount()},
            {"isLiked", c.isliked()},
            {"user", author ? UserSummaryJson(*author) : nlohmann::json(nullptr)}};
}

// The authors of `ids` from auth-service (a plain function returning the call's awaitable).
auto Authors(const std::set<std::string>& ids, const Deps* d, std::string request_id) {
    ::auth::GetUsersByIdsRequest request;
    for (const auto& id : ids) request.add_userids(id);
    return UsersByIds(std::move(request), d, std::move(request_id));
}

asio::awaitable<Response> Add(Context c, const Deps* d) {
    auto caller = d->guard.Require(c.request);
    auto body = tt::http::ParseJsonObject(c.request);
    ValidateBody(body, {{"content", FieldType::kString, true, 20000},
                        {"videoId", FieldType::kString, true, 64},
                        {"parentId", FieldType::kString, false, 64}});
    ::interaction::CommentRequest request;
    request.set_userid(caller.sub);
    request.set_videoid(StringField(body, "videoId"));
    request.set_content(StringField(body, "content"));
    request.set_parentid(StringField(body, "parentId"));
    auto* stub = d->interaction.get();
    auto comment = co_await tt::rpc::AsyncCall<::interaction::CommentResponse>(
        [stub](auto* ctx, auto* req, auto* resp, auto done) {
            stub->async()->AddComment(ctx, req, resp, std::move(done));
        },
        std::move(request), "interaction-service", d->config.rpc_deadline, c.request_id);
    VideoChanged(*d, comment.videoid());
    std::set<std::string> author_ids{caller.sub};
    ::auth::UsersListResponse authors;
    try {
        authors = co_await Authors(author_ids, d, c.request_id);
    } catch (const tt::Error& e) {
        // The comment is stored: a 503 now would make the client post it again. Answer without the
        // author's summary ("user": null), which the client already has.
        tt::log::Warn("comment stored, author summary unavailable", {{"error", e.what()}});
    }
    auto json = CommentJson(comment, authors.users_size() ? &authors.users(0) : nullptr);
    json["commentsCount"] = comment.commentscount();
    co_return Ok(201, json);
}

asio::awaitable<Response> List(Context c, const Deps* d) {
    auto caller = d->guard.Optional(c.request);
    ::interaction::GetCommentsRequest request;
    request.set_videoid(c.params.at("videoId"));
    request.set_page(QueryInt(c.query, "page", 1, 1, 100000));
    request.set_limit(QueryInt(c.query, "limit", 20, 1, 100));
    if (auto it = c.query.find("cursor"); it != c.query.end()) request.set_cursor(it->second.substr(0, 128));
    if (auto it = c.query.find("parentId"); it != c.query.end()) request.set_parentid(it->second.substr(0, 64));
    if (caller) request.set_userid(caller->sub);
    auto* stub = d->interaction.get();
    auto list = co_await tt::rpc::AsyncCall<::interaction::CommentsListResponse>(
        [stub](auto* ctx, auto* req, auto* resp, auto done) {
            stub->async()->GetComments(ctx, req, resp, std::move(done));
        },
        std::move(request), "interaction-service", d->config.rpc_deadline, c.request_id);
    std::set<std::string> author_ids;
    for (const auto& comment : list.comments()) author_ids.insert(comment.userid());
    auto authors = co_await Authors(author_ids, d, c.request_id);
    co_return Ok(200, CommentListJson(list, authors));
}

asio::awaitable<Response> Delete(Context c, const Deps* d) {
    auto caller = d->guard.Require(c.request);
    ::interaction::DeleteCommentRequest request;
    request.set_userid(caller.sub);
    request.set_commentid(c.params.at("commentId"));
    auto* stub = d->interaction.get();
    auto reply = co_await tt::rpc::AsyncCall<::interaction::DeleteCommentResponse>(
        [stub](auto* ctx, auto* req, auto* resp, auto done) {
            stub->async()->DeleteComment(ctx, req, resp, std::move(done));
        },
        std::move(request), "interaction-service", d->config.rpc_deadline, c.request_id);
    VideoChanged(*d, reply.videoid());
    co_return Ok(200, {{"success", true}, {"commentsCount", reply.commentscount()}});
}

// POST (like) / DELETE (unlike) /api/interactions/comment/:commentId/like.
asio::awaitable<Response> ChangeCommentLike(Context c, const Deps* d, bool like) {
    auto caller = d->guard.Require(c.request);
    ::interaction::CommentLikeRequest request;
    request.set_userid(caller.sub);
    request.set_commentid(c.params.at("commentId"));
    auto* stub = d->interaction.get();
    auto reply = co_await tt::rpc::AsyncCall<::interaction::CommentLikeResponse>(
        [stub, like](auto* ctx, auto* req, auto* resp, auto done) {
            if (like) {
                stub->async()->LikeComment(ctx, req, resp, std::move(done));
            } else {
                stub->async()->UnlikeComment(ctx, req, resp, std::move(done));
            }
        },
        std::move(request), "interaction-service", d->config.rpc_deadline, c.request_id);
    co_return Ok(
        like && reply.changed() ? 201 : 200,
        {{"success", true}, {"likesCount", reply.likescount()}, {"liked", like}, {"changed", reply.changed()}});
}

// POST /api/interactions/view {videoId}: signed-in viewers are counted by user, others by the
// anonymous session cookie `tt_sid` (issued here when missing).
asio::awaitable<Response> View(Context c, const Deps* d) {
    auto caller = d->guard.Optional(c.request);
    auto body = tt::http::ParseJsonObject(c.request);
    ValidateBody(body, {{"videoId", FieldType::kString, true, 64}});
    std::string session = tt::http::CookieValue(c.request, "tt_sid").value_or("");
    bool new_session = false;
    if (!tt::IsUuid(session)) {
        session = tt::NewUuid();
        new_session = true;
    }
    ::interaction::ViewRequest request;
    auto video_id = StringField(body, "videoId");
    request.set_videoid(video_id);
    if (caller) request.set_userid(caller->sub);
    request.set_sessionid(session);
    auto* stub = d->interaction.get();
    auto reply = co_await tt::rpc::AsyncCall<::interaction::ViewResponse>(
        [stub](auto* ctx, auto* req, auto* resp, auto done) {
            stub->async()->RecordView(ctx, req, resp, std::move(done));
        },
        std::move(request), "interaction-service", d->config.rpc_deadline, c.request_id);
    if (reply.counted()) VideoChanged(*d, video_id);
    auto response = Ok(200, {{"success", true}, {"views", reply.views()}, {"counted", reply.counted()}});
    if (new_session) {
        response.insert(tt::http::beast_http::field::set_cookie,
                        "tt_sid=" + session + "; Max-Age=31536000; Path=/; HttpOnly; SameSite=Lax" +
                            (d->config.secure_cookies ? "; Secure" : ""));
    }
    co_return response;
}

}  // namespace

nlohmann::json CommentListJson(const ::interaction::CommentsListResponse& list,
                               const ::auth::UsersListResponse& users) {
    std::map<std::string, const ::auth::UserResponse*> by_id;
    for (const auto& u : users.users()) by_id[u.id()] = &u;
    nlohmann::json items = nlohmann::json::array();
    for (const auto& comment : list.comments()) {
        auto it = by_id.find(comment.userid());
        items.push_back(CommentJson(comment, it == by_id.end() ? nullptr : it->second));
    }
    return {{"comments", items},
            {"page", list.page()},
            {"limit", list.limit()},
            {"total", list.total()},
            {"hasMore", list.hasmore()},
            {"nextCursor", list.nextcursor().empty() ? nlohmann::json(nullptr) : nlohmann::json(list.nextcursor())}};
}

void AddCommentRoutes(tt::http::Router& router, const Deps& deps) {
    const Deps* d = &deps;
    using tt::http::beast_http::verb;
    router.Add(verb::post, "/api/interactions/comment", [d](Context c) { return Add(std::move(c), d); });
    router.Add(verb::get, "/api/interactions/comments/:videoId", [d](Context c) { return List(std::move(c), d); });
    router.Add(verb::delete_, "/api/interactions/comment/:commentId",
               [d](Context c) { return Delete(std::move(c), d); });
    router.Add(verb::post, "/api/interactions/comment/:commentId/like",
               [d](Context c) { return ChangeCommentLike(std::move(c), d, true); });
    router.Add(verb::delete_, "/api/interactions/comment/:commentId/like",
               [d](Context c) { return ChangeCommentLike(std::move(c), d, false); });
    router.Add(verb::post, "/api/interactions/view", [d](Context c) { return View(std::move(c), d); });
}

}  // namespace gateway::api
