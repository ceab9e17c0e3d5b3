// /api/users/*: profiles and search.
#include "api/body.hpp"
#include "api/deps.hpp"
#include "api/envelope.hpp"
#include "api/user_json.hpp"
#include "tt/core/ids.hpp"
#include "tt/http/util.hpp"

#include <boost/asio/experimental/awaitable_operators.hpp>

#include <map>

namespace gateway::api {
namespace {

namespace asio = boost::asio;
using namespace boost::asio::experimental::awaitable_operators;
using tt::http::Context;
using tt::http::Response;

asio::awaitable<Response> Search(Context c, const Deps* d) {
    ::auth::SearchUsersRequest request;
    auto q = c.query.find("q");
    request.set_query(q == c.query.end() ? "" : q->second.substr(0, 100));
    request.set_page(QueryInt(c.query, "page", 1, 1, 100000));
    request.set_limit(QueryInt(c.query, "limit", 20, 1, 50));
    auto* stub = d->auth.get();
    auto reply = co_await tt::rpc::AsyncCall<::auth::SearchUsersResponse>(
        [stub](auto* ctx, auto* req, auto* resp, auto done) {
            stub->async()->SearchUsers(ctx, req, resp, std::move(done));
        },
        std::move(request), "auth-service", d->config.rpc_deadline, c.request_id);
    nlohmann::json users = nlohmann::json::array();
    for (const auto& u : reply.users()) users.push_back(UserJson(u, false));
    co_return Ok(200, {{"users", users},
                       {"page", reply.page()},
                       {"limit", reply.limit()},
                       {"total", reply.total()},
                       {"hasMore", static_cast<std::int64_t>(reply.page()) * reply.limit() < reply.total()}});
}

// The profile from auth-service and the follow counts from interaction-service, concurrently.
asio::awaitable<Response> Get(Context c, const Deps* d) {
    auto caller = d->guard.Optional(c.request);
    ::auth::GetUserRequest request;
    request.set_userid(c.params.at("id"));
    ::interaction::UserStatsRequest stats_request;
    stats_request.set_userid(c.params.at("id"));
    auto* auth_stub = d->auth.get();
    auto* interaction_stub = d->interaction.get();
    auto [user, stats] =
        co_await (tt::rpc::AsyncCall<::auth::UserResponse>(
                      [auth_stub](auto* ctx, auto* req, auto* resp, auto done) {
                          auth_stub->async()->GetUserById(ctx, req, resp, std::move(done));
                      },
                      std::move(request), "auth-service", d->config.rpc_deadline, c.request_id) &&
                  tt::rpc::AsyncCall<::interaction::UserStatsResponse>(
                      [interaction_stub](auto* ctx, auto* req, auto* resp, auto done) {
                          interaction_stub->async()->GetUserStats(ctx, req, resp, std::move(done));
                      },
                      std::move(stats_request), "interaction-service", d->config.rpc_deadline, c.request_id));
    auto json = UserJson(user, caller && caller->sub == user.id());
    json["followersCount"] = stats.followerscount();
    json["followingCount"] = stats.followingcount();
    co_return Ok(200, json);
}

::interaction::FollowRequest FollowRequestOf(const Context& c, const Deps* d) {
    auto caller = d->guard.Require(c.request);
    ::interaction::FollowRequest request;
    request.set_followerid(caller.sub);
    request.set_followingid(c.params.at("id"));
    return request;
}

// POST (follow=true) or DELETE /api/users/:id/follow. A new follow is 201; repeats change nothing (200).
asio::awaitable<Response> ChangeFollow(Context c, const Deps* d, bool follow) {
    auto request = FollowRequestOf(c, d);
    auto* stub = d->interaction.get();
    auto reply = co_await tt::rpc::AsyncCall<::interaction::FollowResponse>(
        [stub, follow](auto* ctx, auto* req, auto* resp, auto done) {
            if (follow) {
                stub->async()->FollowUser(ctx, req, resp, std::move(done));
            } else {
                stub->async()->UnfollowUser(ctx, req, resp, std::move(done));
            }
        },
        std::move(request), "interaction-service", d->config.rpc_deadline, c.request_id);
    co_return Ok(follow && reply.changed() ? 201 : 200, {{"success", true},
                                                         {"isFollowing", reply.isfollowing()},
                                                         {"followersCount", reply.followerscount()},
                                                         {"followingCount", reply.followingcount()},
                                                         {"changed", reply.changed()}});
}

asio::awaitable<Response> FollowStatus(Context c, const Deps* d) {
    auto request = FollowRequestOf(c, d);
    auto* stub = d->interaction.get();
    auto reply = co_await tt::rpc::AsyncCall<::interaction::FollowStatusResponse>(
        [stub](auto* ctx, auto* req, auto* resp, auto done) {
            stub->async()->GetFollowStatus(ctx, req, resp, std::move(done));
        },
        std::move(request), "interaction-service", d->config.rpc_deadline, c.request_id);
    co_return Ok(200, {{"isFollowing", reply.isfollowing()},
                       {"followerId", reply.followerid()},
                       {"followingId", reply.followingid()}});
}

// GET /api/users/:id/followers and /following: ids from interaction-service (keyset `cursor` or
// page/limit), then the users' summaries from auth-service, in the list's order.
asio::awaitable<Response> ListFollows(Context c, const Deps* d, bool followers) {
    ::interaction::FollowListRequest request;
    request.set_userid(c.params.at("id"));
    request.set_page(QueryInt(c.query, "page", 1, 1, 100000));
    request.set_limit(QueryInt(c.query, "limit", 20, 1, 100));
    if (auto cursor = c.query.find("cursor"); cursor != c.query.end())
        request.set_cursor(cursor->second.substr(0, 128));
    auto* stub = d->interaction.get();
    auto list = co_await tt::rpc::AsyncCall<::interaction::FollowListResponse>(
        [stub, followers](auto* ctx, auto* req, auto* resp, auto done) {
            if (followers) {
                stub->async()->GetFollowers(ctx, req, resp, std::move(done));
            } else {
                stub->async()->GetFollowing(ctx, req, resp, std::move(done));
            }
        },
        std::move(request), "interaction-service", d->config.rpc_deadline, c.request_id);
    ::auth::GetUsersByIdsRequest users_request;
    for (const auto& id : list.userids()) users_request.add_userids(id);
    auto users = co_await UsersByIds(std::move(users_request), d, c.request_id);
    co_return Ok(200, FollowListJson(list, users));
}

// PUT /api/users/:id: the owner edits fullName, bio, avatar (each optional; "" clears it).
asio::awaitable<Response> Update(Context c, const Deps* d) {
    auto caller = d->guard.Require(c.request);
    const auto& id = c.params.at("id");
    if (!tt::IsUuid(id)) throw tt::Error(tt::ErrorCode::kNotFound, "User not found");
    if (caller.sub != id) throw tt::Error(tt::ErrorCode::kPermissionDenied, "You can only edit your own profile");
    auto body = tt::http::ParseJsonObject(c.request);
    ValidateBody(body, {{"fullName", FieldType::kString, false, 100},
                        {"bio", FieldType::kString, false, 500},
                        {"avatar", FieldType::kString, false, 2048}});
    ::auth::UpdateProfileRequest request;
    request.set_userid(id);
    if (body.contains("fullName")) request.set_fullname(StringField(body, "fullName"));
    if (body.contains("bio")) request.set_bio(StringField(body, "bio"));
    if (body.contains("avatar")) request.set_avatar(StringField(body, "avatar"));
    auto* stub = d->auth.get();
    auto user = co_await tt::rpc::AsyncCall<::auth::UserResponse>(
        [stub](auto* ctx, auto* req, auto* resp, auto done) {
            stub->async()->UpdateProfile(ctx, req, resp, std::move(done));
        },
        std::move(request), "auth-service", d->config.rpc_deadline, c.request_id);
    co_return Ok(200, UserJson(user));
}

}  // namespace

boost::asio::awaitable<::auth::UsersListResponse> UsersByIds(::auth::GetUsersByIdsRequest request, const Deps* d,
                                                             std::string request_id) {
    auto* stub = d->auth.get();
    return tt::rpc::AsyncCall<::auth::UsersListResponse>(
        [stub](auto* ctx, auto* req, auto* resp, auto done) {
            stub->async()->GetUsersByIds(ctx, req, resp, std::move(done));
        },
        std::move(request), "auth-service", d->config.rpc_deadline, std::move(request_id));
}

void AddUserRoutes(tt::http::Router& router, const Deps& deps) {
    const Deps* d = &deps;
    using tt::http::beast_http::verb;
    router.Add(verb::get, "/api/users/search", [d](Context c) { return Search(std::move(c), d); });
    router.Add(verb::get, "/api/users/:id", [d](Context c) { return Get(std::move(c), d); });
    router.Add(verb::put, "/api/users/:id", [d](Context c) { return Update(std::move(c), d); });
    router.Add(verb::post, "/api/users/:id/follow", [d](Context c) { return ChangeFollow(std::move(c), d, true); });
    router.Add(verb::delete_, "/api/users/:id/follow", [d](Context c) { return ChangeFollow(std::move(c), d, false); });
    router.Add(verb::get, "/api/users/:id/follow-status", [d](Context c) { return FollowStatus(std::move(c), d); });
    router.Add(verb::get, "/api/users/:id/followers", [d](Context c) { return ListFollows(std::move(c), d, true); });
    router.Add(verb::get, "/api/users/:id/following", [d](Context c) { return ListFollows(std::move(c), d, false); });
}

}  // namespace gateway::api
