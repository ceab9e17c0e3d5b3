#include "api/auth_rpc.hpp"

#include "domain/password.hpp"
#include "domain/validation.hpp"
#include "tt/core/ids.hpp"
#include "tt/core/log.hpp"
#include "tt/jwt/jwt.hpp"
#include "tt/rpc/server.hpp"

namespace auth::api {
namespace {

void ToProto(const store::User& user, UserResponse* out) {
    out->set_id(user.id);
    out->set_email(user.email);
    out->set_username(user.username);
    out->set_fullname(user.full_name);
    out->set_avatar(user.avatar);
    out->set_bio(user.bio);
    out->set_createdat(user.created_at);
}

// Argon2 of a fixed password, so an unknown login costs as much as a wrong password (no user
// enumeration by timing).
const std::string& DummyHash() {
    static const std::string hash = domain::HashPassword("Dummy-password-1!");
    return hash;
}

}  // namespace

void AuthRpc::IssueTokens(const store::User& user, AuthResponse* response) const {
    auto now = tt::SystemClock().Now();
    auto iat = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
    tt::jwt::Claims access{user.id,      user.email, user.username, "access", iat, iat + config_.access_ttl.count(),
                           tt::NewUuid()};
    tt::jwt::Claims refresh{user.id,      user.email, user.username, "refresh", iat, iat + config_.refresh_ttl.count(),
                            tt::NewUuid()};
    ToProto(user, response->mutable_user());
    response->set_accesstoken(tt::jwt::Sign(access, config_.access_secret));
    response->set_refreshtoken(tt::jwt::Sign(refresh, config_.refresh_secret));
}

grpc::Status AuthRpc::Register(grpc::ServerContext* context, const RegisterRequest* request, AuthResponse* response) {
    return tt::rpc::Handle(context, "Register", [&] {
        domain::Registration registration{request->email(), request->username(), request->password(),
                                          request->fullname()};
        auto problems = domain::ValidateRegistration(registration);
        if (!problems.empty()) {
            std::string message = problems.front();
            for (std::size_t i = 1; i < problems.size(); ++i) message += "; " + problems[i];
            throw tt::Error(tt::ErrorCode::kInvalidArgument, message);
        }
        store::User user;
        user.id = tt::NewUuid();
        user.email = request->email();
        user.username = request->username();
        user.full_name = request->fullname();
        user.password_hash = domain::HashPassword(request->password());
        auto created = users_.Insert(user);
        tt::log::Info("user registered", {{"userId", created.id}});
        IssueTokens(created, response);
    });
}

grpc::Status AuthRpc::Login(grpc::ServerContext* context, const LoginRequest* request, AuthResponse* response) {
    return tt::rpc::Handle(context, "Login", [&] {
        if (request->emailorusername().empty() || request->password().empty()) {
            throw tt::Error(tt::ErrorCode::kInvalidArgument, "username and password are required");
        }
        auto user = users_.FindByLogin(request->emailorusername());
        // Counted per account (email and username share one counter); unknown names are counted
        // too, so a lock says nothing about whether an account exists.
        std::string subject = user ? user->id : request->emailorusername();
        login_attempts_.CheckAllowed(subject);
        bool ok = domain::VerifyPassword(request->password(), user ? user->password_hash : DummyHash());
        if (!user || !ok) {
            login_attempts_.RecordFailure(subject);
            throw tt::Error(tt::ErrorCode::kUnauthenticated, "Invalid credentials");
        }
        login_attempts_.Reset(subject);
        users_.TouchLastLogin(user->id);
        IssueTokens(*user, response);
    });
}

grpc::Status AuthRpc::GetUserById(grpc::ServerContext* context, const GetUserRequest* request, UserResponse* response) {
    return tt::rpc::Handle(context, "GetUserById", [&] {
        if (!tt::IsUuid(request->userid())) throw tt::Error(tt::ErrorCode::kNotFound, "User not found");
        auto user = users_.FindById(request->userid());
        if (!user) throw tt::Error(tt::ErrorCode::kNotFound, "User not found");
        ToProto(*user, response);
    });
}

}  // namespace auth::api
