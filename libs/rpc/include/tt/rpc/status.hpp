#pragma once

#include <grpcpp/support/status.h>

#include <string_view>

#include "tt/core/error.hpp"

namespace tt::rpc {

grpc::Status ToStatus(const Error& error);
// `peer` names the callee for messages like "video-service unavailable: ...".
Error FromStatus(const grpc::Status& status, std::string_view peer);

}  // namespace tt::rpc
