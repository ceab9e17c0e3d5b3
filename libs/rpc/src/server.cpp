#include "tt/rpc/server.hpp"

#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server_builder.h>

#include "runtime.hpp"

namespace tt::rpc {

std::string RequestIdOf(const grpc::ServerContext& context) {
    auto it = context.client_metadata().find("x-request-id");
    if (it == context.client_metadata().end()) return "";
    return std::string(it->second.data(), it->second.size());
}

void LogUnexpected(std::string_view method, const std::exception& e) {
    log::Error("unhandled exception in gRPC method", {{"method", method}, {"error", e.what()}});
}

void LogFailure(std::string_view method, const Error& e) {
    if (e.Code() == ErrorCode::kInternal) {
        log::Error("gRPC method failed", {{"method", method}, {"error", e.what()}});
    } else if (e.Code() == ErrorCode::kUnavailable || e.Code() == ErrorCode::kDeadlineExceeded) {
        log::Warn("gRPC method failed: dependency unavailable", {{"method", method}, {"error", e.what()}});
    } else {
        log::Debug("gRPC method rejected request", {{"method", method}, {"error", e.what()}});
    }
}

RunningServer StartServer(int port, const std::vector<grpc::Service*>& services) {
    detail::PrepareRuntime();
    grpc::EnableDefaultHealthCheckService(true);
    grpc::ServerBuilder builder;
    RunningServer running;
    builder.AddListeningPort("0.0.0.0:" + std::to_string(port), grpc::InsecureServerCredentials(), &running.port);
    for (auto* service : services) builder.RegisterService(service);
    running.server = builder.BuildAndStart();
    if (!running.server || running.port == 0) {
        throw Error(ErrorCode::kUnavailable,
                    "cannot start gRPC server on port " + std::to_string(port) + " (is the port in use?)");
    }
    return running;
}

}  // namespace tt::rpc
