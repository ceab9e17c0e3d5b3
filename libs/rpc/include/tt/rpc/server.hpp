#pragma once

#include <grpcpp/server.h>
#include <grpcpp/server_context.h>

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "tt/core/deadline.hpp"
#include "tt/core/error.hpp"
#include "tt/core/log.hpp"
#include "tt/rpc/status.hpp"

namespace tt::rpc {

std::string RequestIdOf(const grpc::ServerContext& context);
void LogUnexpected(std::string_view method, const std::exception& e);
void LogFailure(std::string_view method, const Error& e);

// tt_grpc_server_duration_seconds{method, code}.
void ObserveServerCall(std::string_view method, grpc::StatusCode code, std::chrono::steady_clock::time_point started);

// Runs one sync service method body. `work` returns nothing and fills the response; errors become
// statuses here, the one place that does so on the service side.
template <typename Fn>
grpc::Status Handle(grpc::ServerContext* context, std::string_view method, Fn&& work) {
    auto started = std::chrono::steady_clock::now();
    log::RequestScope scope(RequestIdOf(*context));
    DeadlineScope deadline(context->deadline());
    grpc::Status status = grpc::Status::OK;
    try {
        // A call that waited in gRPC's queue past its deadline is answered at once: its caller has
        // gone, and doing the work anyway only lengthens the queue (argon2 logins under a burst).
        CheckDeadline(method, std::chrono::milliseconds(0));
        work();
    } catch (const Error& e) {
        LogFailure(method, e);
        status = ToStatus(e);
    } catch (const std::exception& e) {
        LogUnexpected(method, e);
        status = ToStatus(Error(ErrorCode::kInternal, "Internal server error"));
    }
    ObserveServerCall(method, status.error_code(), started);
    return status;
}

struct RunningServer {
    std::unique_ptr<grpc::Server> server;
    int port = 0;
};

// Binds 0.0.0.0:`port` (0 = pick a free one) with the gRPC health service enabled.
RunningServer StartServer(int port, const std::vector<grpc::Service*>& services);

}  // namespace tt::rpc
