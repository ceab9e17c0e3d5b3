// gRPC call durations for GET /metrics, client and server side.
#include "tt/core/metrics.hpp"
#include "tt/rpc/client.hpp"
#include "tt/rpc/server.hpp"

namespace tt::rpc {

namespace {

std::string CodeName(grpc::StatusCode code) {
    switch (code) {
        case grpc::StatusCode::OK: return "OK";
        case grpc::StatusCode::CANCELLED: return "CANCELLED";
        case grpc::StatusCode::INVALID_ARGUMENT: return "INVALID_ARGUMENT";
        case grpc::StatusCode::DEADLINE_EXCEEDED: return "DEADLINE_EXCEEDED";
        case grpc::StatusCode::NOT_FOUND: return "NOT_FOUND";
        case grpc::StatusCode::ALREADY_EXISTS: return "ALREADY_EXISTS";
        case grpc::StatusCode::PERMISSION_DENIED: return "PERMISSION_DENIED";
        case grpc::StatusCode::RESOURCE_EXHAUSTED: return "RESOURCE_EXHAUSTED";
        case grpc::StatusCode::FAILED_PRECONDITION: return "FAILED_PRECONDITION";
        case grpc::StatusCode::UNAUTHENTICATED: return "UNAUTHENTICATED";
        case grpc::StatusCode::UNAVAILABLE: return "UNAVAILABLE";
        case grpc::StatusCode::INTERNAL: return "INTERNAL";
        default: return std::to_string(static_cast<int>(code));
    }
}

double SecondsSince(std::chrono::steady_clock::time_point started) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
}

}  // namespace

void ObserveServerCall(std::string_view method, grpc::StatusCode code, std::chrono::steady_clock::time_point started) {
    static auto& family = metrics::Global().Histograms(
        "tt_grpc_server_duration_seconds", "gRPC methods served, by method and status code, seconds",
        {"method", "code"});
    family.With({std::string(method), CodeName(code)}).Observe(SecondsSince(started));
}

void ObserveClientCall(std::string_view peer, grpc::StatusCode code, std::chrono::steady_clock::time_point started) {
    static auto& family = metrics::Global().Histograms(
        "tt_grpc_client_duration_seconds", "gRPC calls made, by peer service and status code, seconds",
        {"peer", "code"});
    family.With({std::string(peer), CodeName(code)}).Observe(SecondsSince(started));
}

}  // namespace tt::rpc
