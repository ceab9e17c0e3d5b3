#pragma once

#include "auth.grpc.pb.h"
#include "config.hpp"
#include "store/login_attempts.hpp"
#include "store/user_store.hpp"

namespace auth::api {

// auth.AuthService over the users table: parse, validate, call the store, map to proto.
class AuthRpc final : public ::auth::AuthService::Service {
public:
    AuthRpc(const Config& config, store::UserStore& users, store::LoginAttempts& login_attempts)
        : config_(config), users_(users), login_attempts_(login_attempts) {}

    grpc::Status Register(grpc::ServerContext* context, const RegisterRequest* request,
                          AuthResponse* response) override;
    grpc::Status Login(grpc::ServerContext* context, const LoginRequest* request, AuthResponse* response) override;
    grpc::Status GetUserById(grpc::ServerContext* context, const GetUserRequest* request,
                             UserResponse* response) override;

private:
    void IssueTokens(const store::User& user, AuthResponse* response) const;

    const Config& config_;
    store::UserStore& users_;
    store::LoginAttempts& login_attempts_;
};

}  // namespace auth::api
