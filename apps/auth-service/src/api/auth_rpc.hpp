#pragma once

#include "auth.grpc.pb.h"
#include "config.hpp"
#include "domain/hash_gate.hpp"
#include "store/login_attempts.hpp"
#include "store/token_store.hpp"
#include "store/user_store.hpp"

namespace auth::api {

// auth.AuthService over the users table: parse, validate, call the store, map to proto.
class AuthRpc final : public ::auth::AuthService::Service {
public:
    AuthRpc(const Config& config, store::UserStore& users, store::TokenStore& tokens,
            store::LoginAttempts& login_attempts)
        : config_(config),
          users_(users),
          tokens_(tokens),
          login_attempts_(login_attempts),
          hash_gate_(config.password_hash_concurrency) {}

    grpc::Status Register(grpc::ServerContext* context, const RegisterRequest* request,
                          AuthResponse* response) override;
    grpc::Status Login(grpc::ServerContext* context, const LoginRequest* request, AuthResponse* response) override;
    grpc::Status GetUserById(grpc::ServerContext* context, const GetUserRequest* request,
                             UserResponse* response) override;
    grpc::Status RefreshToken(grpc::ServerContext* context, const RefreshTokenRequest* request,
                              AuthResponse* response) override;
    grpc::Status Logout(grpc::ServerContext* context, const LogoutRequest* request, LogoutResponse* response) override;
    grpc::Status UpdateProfile(grpc::ServerContext* context, const UpdateProfileRequest* request,
                               UserResponse* response) override;
    grpc::Status SearchUsers(grpc::ServerContext* context, const SearchUsersRequest* request,
                             SearchUsersResponse* response) override;
    grpc::Status GetUsersByIds(grpc::ServerContext* context, const GetUsersByIdsRequest* request,
                               UsersListResponse* response) override;
    grpc::Status GetUsersByUsernames(grpc::ServerContext* context, const GetUsersByUsernamesRequest* request,
                                     UsersListResponse* response) override;

private:
    // A new access + refresh pair; the refresh token joins `family_id` (a new family when empty).
    void IssueTokens(const store::User& user, std::string family_id, AuthResponse* response) const;

    const Config& config_;
    store::UserStore& users_;
    store::TokenStore& tokens_;
    store::LoginAttempts& login_attempts_;
    domain::HashGate hash_gate_;  // bounds concurrent argon2id work (memory and CPU)
};

}  // namespace auth::api
