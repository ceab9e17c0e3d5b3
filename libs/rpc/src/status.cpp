#include "tt/rpc/status.hpp"

namespace tt::rpc {

grpc::Status ToStatus(const Error& error) {
    return grpc::Status(static_cast<grpc::StatusCode>(ToGrpcCode(error.Code())), error.what(),
                        std::string(ErrorCodeName(error.Code())));
}

Error FromStatus(const grpc::Status& status, std::string_view peer) {
    auto code = FromGrpc(status.error_code(), status.error_details());
    switch (code) {
        case ErrorCode::kUnavailable:
            // Either the callee itself is down (no details) or it reported its own dependency outage.
            if (status.error_details().empty()) {
                return Error(code, std::string(peer) + " unavailable: " + status.error_message() +
                                       " (is the service running? check its GRPC_*_URL)");
            }
            return Error(code, status.error_message());
        case ErrorCode::kDeadlineExceeded:
            return Error(ErrorCode::kUnavailable, std::string(peer) + " did not answer in time");
        case ErrorCode::kInternal:
            return Error(code, "Internal server error");
        default:
            return Error(code, status.error_message());
    }
}

}  // namespace tt::rpc
