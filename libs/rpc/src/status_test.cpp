#include "tt/rpc/status.hpp"

#include <gtest/gtest.h>

namespace tt::rpc {
namespace {

TEST(RpcStatus, ServiceErrorsKeepTheirCodeAcrossTheWire) {
    for (auto code : {ErrorCode::kConflict, ErrorCode::kNotFound, ErrorCode::kPermissionDenied,
                      ErrorCode::kUnauthenticated, ErrorCode::kInvalidArgument, ErrorCode::kPayloadTooLarge}) {
        auto status = ToStatus(Error(code, "why"));
        auto back = FromStatus(status, "svc");
        EXPECT_EQ(back.Code(), code);
        EXPECT_STREQ(back.what(), "why");
    }
}

TEST(RpcStatus, UnreachableServiceIsUnavailableAndNamed) {
    grpc::Status down(grpc::StatusCode::UNAVAILABLE, "failed to connect to all addresses");
    auto error = FromStatus(down, "video-service");
    EXPECT_EQ(error.Code(), ErrorCode::kUnavailable);
    EXPECT_NE(std::string(error.what()).find("video-service"), std::string::npos);
}

TEST(RpcStatus, InternalErrorsDoNotLeakDetails) {
    grpc::Status bug(grpc::StatusCode::UNKNOWN, "segfault in module X");
    auto error = FromStatus(bug, "svc");
    EXPECT_EQ(error.Code(), ErrorCode::kInternal);
    EXPECT_STREQ(error.what(), "Internal server error");
}

}  // namespace
}  // namespace tt::rpc
