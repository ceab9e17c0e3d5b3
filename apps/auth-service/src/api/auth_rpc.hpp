#pragma once

#include "auth.grpc.pb.h"
#include "config.hpp"
#include "store/user_store.hpp"

namespace auth::api {

// auth.AuthService over the users table: parse, validate, call the store, map to proto.
class AuthRpc final : public ::auth::AuthService::Service {
public:
    AuthRpc(const Config& config, store::UserStore& users) : config_(config), users_(users) {}

    grpc::Status Register(grpc::ServerContext* context, const RegisterRequest* request,
                          AuthResponse* response) override;
    grpc::Status Login(grpc::ServerContext* context, const LoginRequest* request, AuthResponse* response) override;
    grpc::Status GetUserById(grpc::ServerContext* context, const GetUserRequest* request,
                             UserResponse* response) override;

private:
    void IssueTokens(const store::User& user, AuthResponse* response) const;

    const Config& config_;
    store::UserStore& users_;
};

}  // namespace auth::api
