#pragma once

#include <grpcpp/server.h>
#include <grpcpp/server_context.h>

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

// Runs one sync service method body. `work` returns nothing and fills the response; errors become
// statuses here, the one place that does so on the service side.
template <typename Fn>
grpc::Status Handle(grpc::ServerContext* context, std::string_view method, Fn&& work) {
    log::RequestScope scope(RequestIdOf(*context));
    DeadlineScope deadline(context->deadline());
    try {
        work();
        return grpc::Status::OK;
    } catch (const Error& e) {
        LogFailure(method, e);
        return ToStatus(e);
    } catch (const std::exception& e) {
        LogUnexpected(method, e);
        return ToStatus(Error(ErrorCode::kInternal, "Internal server error"));
    }
}

struct RunningServer {
    std::unique_ptr<grpc::Server> server;
    int port = 0;
};

// Binds 0.0.0.0:`port` (0 = pick a free one) with the gRPC health service enabled.
RunningServer StartServer(int port, const std::vector<grpc::Service*>& services);

}  // namespace tt::rpc
