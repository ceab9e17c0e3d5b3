#include "tt/core/error.hpp"

#include <array>

namespace tt {
namespace {

struct Mapping {
    ErrorCode code;
    std::string_view name;
    int http;
    int grpc;  // grpc::StatusCode
};

// gRPC canonical codes: OK 0, INVALID_ARGUMENT 3, DEADLINE_EXCEEDED 4, NOT_FOUND 5, ALREADY_EXISTS 6,
// PERMISSION_DENIED 7, RESOURCE_EXHAUSTED 8, INTERNAL 13, UNAVAILABLE 14, UNAUTHENTICATED 16.
constexpr std::array kMappings{
    Mapping{ErrorCode::kInvalidArgument, "INVALID_ARGUMENT", 400, 3},
    Mapping{ErrorCode::kUnauthenticated, "UNAUTHENTICATED", 401, 16},
    Mapping{ErrorCode::kPermissionDenied, "PERMISSION_DENIED", 403, 7},
    Mapping{ErrorCode::kNotFound, "NOT_FOUND", 404, 5},
    Mapping{ErrorCode::kConflict, "CONFLICT", 409, 6},
    Mapping{ErrorCode::kPayloadTooLarge, "PAYLOAD_TOO_LARGE", 413, 3},
    Mapping{ErrorCode::kUnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE", 415, 3},
    Mapping{ErrorCode::kTooManyRequests, "TOO_MANY_REQUESTS", 429, 8},
    Mapping{ErrorCode::kUnavailable, "UNAVAILABLE", 503, 14},
    Mapping{ErrorCode::kDeadlineExceeded, "DEADLINE_EXCEEDED", 504, 4},
    Mapping{ErrorCode::kInternal, "INTERNAL", 500, 13},
};

const Mapping& Find(ErrorCode code) noexcept {
    for (const auto& m : kMappings) {
        if (m.code == code) return m;
    }
    return kMappings.back();
}

}  // namespace

int ToHttpStatus(ErrorCode code) noexcept {
    return Find(code).http;
}
int ToGrpcCode(ErrorCode code) noexcept {
    return Find(code).grpc;
}
std::string_view ErrorCodeName(ErrorCode code) noexcept {
    return Find(code).name;
}

ErrorCode FromGrpc(int grpc_code, std::string_view detail) noexcept {
    for (const auto& m : kMappings) {
        if (!detail.empty() && m.name == detail) return m.code;
    }
    for (const auto& m : kMappings) {
        if (m.grpc == grpc_code) return m.code;
    }
    // CANCELLED(1), UNKNOWN(2), ABORTED(10) and the rest: the callee failed in a way it did not
    // classify; 1 and 10 are transient, treat them as an outage.
    if (grpc_code == 1 || grpc_code == 10) return ErrorCode::kUnavailable;
    return ErrorCode::kInternal;
}

}  // namespace tt
