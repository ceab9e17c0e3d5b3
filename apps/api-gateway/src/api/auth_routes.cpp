// /api/auth/*: register, login, me.
#include "api/body.hpp"
#include "api/deps.hpp"
#include "api/envelope.hpp"
#include "api/user_json.hpp"
#include "tt/http/util.hpp"

namespace gateway::api {
namespace {

namespace asio = boost::asio;
using tt::http::Context;
using tt::http::Response;

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

// POST /api/auth/refresh: the refresh token from its cookie (or {refreshToken}) is spent and a new
// pair issued; reusing a spent token revokes its whole family (401).
asio::awaitable<Response> Refresh(Context c, const Deps* d) {
    std::string token = tt::http::CookieValue(c.request, "refresh_token").value_or("");
    if (token.empty() && !c.request.body().empty()) {
        auto body = tt::http::ParseJsonObject(c.request);
        ValidateBody(body, {{"refreshToken", FieldType::kString, true, 4096}});
        token = StringField(body, "refreshToken");
    }
    if (token.empty()) throw tt::Error(tt::ErrorCode::kUnauthenticated, "No refresh token provided");
    ::auth::RefreshTokenRequest request;
    request.set_refreshtoken(token);
    auto* stub = d->auth.get();
    auto reply = co_await tt::rpc::AsyncCall<::auth::AuthResponse>(
        [stub](auto* ctx, auto* req, auto* resp, auto done) {
            stub->async()->RefreshToken(ctx, req, resp, std::move(done));
        },
        std::move(request), "auth-service", d->config.rpc_deadline, c.request_id);
    co_return SessionResponse(200, "Token refreshed successfully", reply, d->config);
}

// POST /api/auth/logout: revokes the refresh token family of this session (or all of the user's
// refresh tokens when no refresh cookie is sent) and clears both cookies.
asio::awaitable<Response> Logout(Context c, const Deps* d) {
    auto caller = d->guard.Require(c.request);
    ::auth::LogoutRequest request;
    request.set_userid(caller.sub);
    request.set_refreshtoken(tt::http::CookieValue(c.request, "refresh_token").value_or(""));
    auto* stub = d->auth.get();
    co_await tt::rpc::AsyncCall<::auth::LogoutResponse>(
        [stub](auto* ctx, auto* req, auto* resp, auto done) { stub->async()->Logout(ctx, req, resp, std::move(done)); },
        std::move(request), "auth-service", d->config.rpc_deadline, c.request_id);
    auto response = Ok(200, nullptr, "Logged out successfully");
    response.insert(tt::http::beast_http::field::set_cookie,
                    Cookie("access_token", "", std::chrono::seconds(0), "/", d->config.secure_cookies));
    response.insert(tt::http::beast_http::field::set_cookie,
                    Cookie("refresh_token", "", std::chrono::seconds(0), "/api/auth", d->config.secure_cookies));
    co_return response;
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
    router.Add(verb::post, "/api/auth/refresh", [d](Context c) { return Refresh(std::move(c), d); });
    router.Add(verb::post, "/api/auth/logout", [d](Context c) { return Logout(std::move(c), d); });
}

}  // namespace gateway::api
