// /api/auth/*: register, login, me.
#include "api/body.hpp"
#include "api/deps.hpp"
#include "api/envelope.hpp"
#include "tt/http/util.hpp"

namespace gateway::api {
namespace {

namespace asio = boost::asio;
using tt::http::Context;
using tt::http::Response;

nlohmann::json UserJson(const ::auth::UserResponse& u) {
    return {{"id", u.id()},
            {"email", u.email()},
            {"username", u.username()},
            {"fullName", OrNull(u.fullname())},
            {"avatar", OrNull(u.avatar())},
            {"bio", OrNull(u.bio())},
            {"createdAt", u.createdat()}};
}

std::string Cookie(const std::string& name, const std::string& value, std::chrono::seconds max_age,
                   const std::string& path, bool secure) {
    return name + "=" + value + "; Max-Age=" + std::to_string(max_age.count()) + "; Path=" + path +
           "; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "");
}

// {success, message, data: {user, accessToken, refreshToken}} plus both HttpOnly cookies.
Response SessionResponse(unsigned status, const char* message, const ::auth::AuthResponse& reply,
                         const Config& config) {
    auto response = Ok(status,
                       {{"user", UserJson(reply.user())},
                        {"accessToken", reply.accesstoken()},
                        {"refreshToken", reply.refreshtoken()}},
                       message);
    response.insert(tt::http::beast_http::field::set_cookie,
                    Cookie("access_token", reply.accesstoken(), config.access_ttl, "/", config.secure_cookies));
    response.insert(
        tt::http::beast_http::field::set_cookie,
        Cookie("refresh_token", reply.refreshtoken(), config.refresh_ttl, "/api/auth", config.secure_cookies));
    return response;
}

asio::awaitable<Response> Register(Context c, const Deps* d) {
    auto body = tt::http::ParseJsonObject(c.request);
    ValidateBody(body, {{"email", FieldType::kString, true, 254},
                        {"username", FieldType::kString, true, 20},
                        {"password", FieldType::kString, true, 50},
                        {"fullName", FieldType::kString, false, 100}});
    ::auth::RegisterRequest request;
    request.set_email(StringField(body, "email"));
    request.set_username(StringField(body, "username"));
    request.set_password(StringField(body, "password"));
    request.set_fullname(StringField(body, "fullName"));
    auto* stub = d->auth.get();
    auto reply = co_await tt::rpc::AsyncCall<::auth::AuthResponse>(
        [stub](auto* ctx, auto* req, auto* resp, auto done) {
            stub->async()->Register(ctx, req, resp, std::move(done));
        },
        std::move(request), "auth-service", d->config.rpc_deadline, c.request_id);
    co_return SessionResponse(201, "User registered successfully", reply, d->config);
}

asio::awaitable<Response> Login(Context c, const Deps* d) {
    auto body = tt::http::ParseJsonObject(c.request);
    // Both of the original's shapes: {emailOrUsername, password} and the later {username, password}.
    ValidateBody(body, {{"emailOrUsername", FieldType::kString, false, 254},
                        {"username", FieldType::kString, false, 254},
                        {"password", FieldType::kString, true, 200}});
    std::string login = StringField(body, "emailOrUsername");
    if (login.empty()) login = StringField(body, "username");
    if (login.empty()) throw tt::Error(tt::ErrorCode::kInvalidArgument, "username should not be empty");
    ::auth::LoginRequest request;
    request.set_emailorusername(login);
    request.set_password(StringField(body, "password"));
    auto* stub = d->auth.get();
    auto reply = co_await tt::rpc::AsyncCall<::auth::AuthResponse>(
        [stub](auto* ctx, auto* req, auto* resp, auto done) { stub->async()->Login(ctx, req, resp, std::move(done)); },
        std::move(request), "auth-service", d->config.rpc_deadline, c.request_id);
    co_return SessionResponse(200, "User logged in successfully", reply, d->config);
}

asio::awaitable<Response> Me(Context c, const Deps* d) {
    auto caller = d->guard.Require(c.request);
    ::auth::GetUserRequest request;
    request.set_userid(caller.sub);
    auto* stub = d->auth.get();
    auto user = co_await tt::rpc::AsyncCall<::auth::UserResponse>(
        [stub](auto* ctx, auto* req, auto* resp, auto done) {
            stub->async()->GetUserById(ctx, req, resp, std::move(done));
        },
        std::move(request), "auth-service", d->config.rpc_deadline, c.request_id);
    co_return Ok(200, UserJson(user));
}

}  // namespace

void AddAuthRoutes(tt::http::Router& router, const Deps& deps) {
    const Deps* d = &deps;
    using tt::http::beast_http::verb;
    router.Add(verb::post, "/api/auth/register", [d](Context c) { return Register(std::move(c), d); });
    router.Add(verb::post, "/api/auth/login", [d](Context c) { return Login(std::move(c), d); });
    router.Add(verb::get, "/api/auth/me", [d](Context c) { return Me(std::move(c), d); });
}

}  // namespace gateway::api
