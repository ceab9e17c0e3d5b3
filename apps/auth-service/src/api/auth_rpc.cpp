#include "api/auth_rpc.hpp"

#include <algorithm>
#include <cctype>

#include "domain/password.hpp"
#include "domain/validation.hpp"
#include "tt/core/deadline.hpp"
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

void AuthRpc::IssueTokens(const store::User& user, std::string family_id, AuthResponse* response) const {
    auto now = tt::SystemClock().Now();
    auto iat = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
    tt::jwt::Claims access{user.id,      user.email, user.username, "access", iat, iat + config_.access_ttl.count(),
                           tt::NewUuid()};
    tt::jwt::Claims refresh{user.id,      user.email, user.username, "refresh", iat, iat + config_.refresh_ttl.count(),
                            tt::NewUuid()};
    ToProto(user, response->mutable_user());
    response->set_accesstoken(tt::jwt::Sign(access, config_.access_secret));
    auto refresh_token = tt::jwt::Sign(refresh, config_.refresh_secret);
    if (family_id.empty()) family_id = tt::NewUuid();
    tokens_.Insert(refresh.jti, user.id, family_id, refresh_token, config_.refresh_ttl);
    response->set_refreshtoken(std::move(refresh_token));
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
        user.password_hash = hash_gate_.Run([&] {
            tt::CheckDeadline("password hashing");  // ~50 ms of CPU: not for a caller about to give up
            return domain::HashPassword(request->password());
        });
        auto created = users_.Insert(user);
        tt::log::Info("user registered", {{"userId", created.id}});
        IssueTokens(created, "", response);
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
        bool ok = hash_gate_.Run([&] {
            tt::CheckDeadline("password check");  // ~50 ms of CPU: not for a caller about to give up
            return domain::VerifyPassword(request->password(), user ? user->password_hash : DummyHash());
        });
        if (!user || !ok) {
            login_attempts_.RecordFailure(subject);
            throw tt::Error(tt::ErrorCode::kUnauthenticated, "Invalid credentials");
        }
        login_attempts_.Reset(subject);
        users_.TouchLastLogin(user->id);
        IssueTokens(*user, "", response);
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

grpc::Status AuthRpc::RefreshToken(grpc::ServerContext* context, const RefreshTokenRequest* request,
                                   AuthResponse* response) {
    return tt::rpc::Handle(context, "RefreshToken", [&] {
        if (request->refreshtoken().empty()) {
            throw tt::Error(tt::ErrorCode::kUnauthenticated, "No refresh token provided");
        }
        auto claims =
            tt::jwt::Verify(request->refreshtoken(), config_.refresh_secret, "refresh", tt::SystemClock().Now());
        auto spent = tokens_.Spend(claims.jti, request->refreshtoken());
        auto user = users_.FindById(spent.user_id);
        if (!user) throw tt::Error(tt::ErrorCode::kUnauthenticated, "Invalid refresh token");
        IssueTokens(*user, spent.family_id, response);
    });
}

grpc::Status AuthRpc::Logout(grpc::ServerContext* context, const LogoutRequest* request, LogoutResponse* response) {
    return tt::rpc::Handle(context, "Logout", [&] {
        if (!request->refreshtoken().empty()) {
            try {
                auto claims = tt::jwt::Verify(request->refreshtoken(), config_.refresh_secret, "refresh",
                                              tt::SystemClock().Now());
                if (claims.sub == request->userid()) tokens_.RevokeFamilyOf(claims.jti, request->refreshtoken());
            } catch (const tt::Error& e) {
                if (e.Code() != tt::ErrorCode::kUnauthenticated) throw;
                // An invalid or expired refresh token has nothing left to revoke.
            }
        } else if (tt::IsUuid(request->userid())) {
            tokens_.RevokeAllOfUser(request->userid());
        }
        response->set_success(true);
    });
}

grpc::Status AuthRpc::UpdateProfile(grpc::ServerContext* context, const UpdateProfileRequest* request,
                                    UserResponse* response) {
    return tt::rpc::Handle(context, "UpdateProfile", [&] {
        if (!tt::IsUuid(request->userid())) throw tt::Error(tt::ErrorCode::kNotFound, "User not found");
        store::UserStore::ProfileChange change;
        if (request->has_fullname()) change.full_name = request->fullname();
        if (request->has_bio()) change.bio = request->bio();
        if (request->has_avatar()) change.avatar = request->avatar();
        auto problems = domain::ValidateProfile(change.full_name, change.bio, change.avatar);
        if (!problems.empty()) throw tt::Error(tt::ErrorCode::kInvalidArgument, problems);
        auto user = users_.UpdateProfile(request->userid(), change);
        if (!user) throw tt::Error(tt::ErrorCode::kNotFound, "User not found");
        ToProto(*user, response);
    });
}

grpc::Status AuthRpc::SearchUsers(grpc::ServerContext* context, const SearchUsersRequest* request,
                                  SearchUsersResponse* response) {
    return tt::rpc::Handle(context, "SearchUsers", [&] {
        int page = request->page() <= 0 ? 1 : request->page();
        int limit = request->limit() <= 0 ? 20 : std::min(request->limit(), 50);
        response->set_page(page);
        response->set_limit(limit);
        auto query = domain::Trim(request->query());
        if (query.size() < 2) return;  // the original's rule: shorter queries match nothing
        auto found = users_.Search(query, page, limit);
        for (const auto& user : found.users) ToProto(user, response->add_users());
        response->set_total(static_cast<std::int32_t>(found.total));
    });
}

grpc::Status AuthRpc::GetUsersByIds(grpc::ServerContext* context, const GetUsersByIdsRequest* request,
                                    UsersListResponse* response) {
    return tt::rpc::Handle(context, "GetUsersByIds", [&] {
        if (request->userids_size() > 200) throw tt::Error(tt::ErrorCode::kInvalidArgument, "at most 200 userIds");
        std::vector<std::string> ids;
        for (const auto& id : request->userids()) {
            if (tt::IsUuid(id)) ids.push_back(id);
        }
        for (const auto& user : users_.FindByIds(ids)) ToProto(user, response->add_users());
    });
}

grpc::Status AuthRpc::GetUsersByUsernames(grpc::ServerContext* context, const GetUsersByUsernamesRequest* request,
                                          UsersListResponse* response) {
    return tt::rpc::Handle(context, "GetUsersByUsernames", [&] {
        if (request->usernames_size() > 50) throw tt::Error(tt::ErrorCode::kInvalidArgument, "at most 50 usernames");
        std::vector<std::string> names;
        for (const auto& name : request->usernames()) {
            bool valid =
                !name.empty() && name.size() <= 20 &&
                std::all_of(name.begin(), name.end(), [](unsigned char c) { return std::isalnum(c) || c == '_'; });
            if (valid) names.push_back(name);
        }
        for (const auto& user : users_.FindByUsernames(names)) ToProto(user, response->add_users());
    });
}

}  // namespace auth::api
