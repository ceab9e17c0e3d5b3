#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace tt {

// The one error model of the project (docs/adr/0001-errors.md). Code decides the HTTP and gRPC
// status; the message is for the caller and says what happened and, where useful, what to do.
enum class ErrorCode {
    kInvalidArgument,       // bad input: 400 / INVALID_ARGUMENT
    kUnauthenticated,       // missing or bad credentials: 401 / UNAUTHENTICATED
    kPermissionDenied,      // authenticated but not allowed: 403 / PERMISSION_DENIED
    kNotFound,              // unknown id or route: 404 / NOT_FOUND
    kConflict,              // duplicate: 409 / ALREADY_EXISTS
    kPayloadTooLarge,       // 413 / INVALID_ARGUMENT (gRPC has no better code)
    kUnsupportedMediaType,  // 415 / INVALID_ARGUMENT
    kTooManyRequests,       // throttled: 429 / RESOURCE_EXHAUSTED
    kUnavailable,           // a dependency is down: 503 / UNAVAILABLE
    kDeadlineExceeded,      // a dependency did not answer in time: 504 / DEADLINE_EXCEEDED
    kInternal,              // a bug: 500 / INTERNAL
};

class Error : public std::runtime_error {
public:
    Error(ErrorCode code, std::string message) : std::runtime_error(std::move(message)), code_(code) {}
    ErrorCode Code() const noexcept { return code_; }

private:
    ErrorCode code_;
};

// The single mapping table (error.cpp). gRPC codes are grpc::StatusCode values.
int ToHttpStatus(ErrorCode code) noexcept;
int ToGrpcCode(ErrorCode code) noexcept;
// The inverse for errors that arrive over gRPC. The code travels with its name in the status details
// so that 413/415/409 survive the trip; `detail` may be empty.
ErrorCode FromGrpc(int grpc_code, std::string_view detail) noexcept;
std::string_view ErrorCodeName(ErrorCode code) noexcept;

}  // namespace tt
