#include "tt/core/error.hpp"

#include <gtest/gtest.h>

namespace tt {
namespace {

TEST(ErrorMapping, EveryCodeHasItsHttpStatus) {
    EXPECT_EQ(ToHttpStatus(ErrorCode::kInvalidArgument), 400);
    EXPECT_EQ(ToHttpStatus(ErrorCode::kUnauthenticated), 401);
    EXPECT_EQ(ToHttpStatus(ErrorCode::kPermissionDenied), 403);
    EXPECT_EQ(ToHttpStatus(ErrorCode::kNotFound), 404);
    EXPECT_EQ(ToHttpStatus(ErrorCode::kConflict), 409);
    EXPECT_EQ(ToHttpStatus(ErrorCode::kPayloadTooLarge), 413);
    EXPECT_EQ(ToHttpStatus(ErrorCode::kUnsupportedMediaType), 415);
    EXPECT_EQ(ToHttpStatus(ErrorCode::kTooManyRequests), 429);
    EXPECT_EQ(ToHttpStatus(ErrorCode::kUnavailable), 503);
    EXPECT_EQ(ToHttpStatus(ErrorCode::kInternal), 500);
}

TEST(ErrorMapping, CodeSurvivesGrpcRoundTripThroughDetail) {
    for (auto code : {ErrorCode::kInvalidArgument, ErrorCode::kConflict, ErrorCode::kPayloadTooLarge,
                      ErrorCode::kUnsupportedMediaType, ErrorCode::kUnavailable, ErrorCode::kNotFound,
                      ErrorCode::kTooManyRequests}) {
        EXPECT_EQ(FromGrpc(ToGrpcCode(code), ErrorCodeName(code)), code);
    }
}

TEST(ErrorMapping, BareGrpcCodesMapToTheClosestError) {
    EXPECT_EQ(FromGrpc(14, ""), ErrorCode::kUnavailable);
    EXPECT_EQ(FromGrpc(5, ""), ErrorCode::kNotFound);
    EXPECT_EQ(FromGrpc(2, ""), ErrorCode::kInternal);
    EXPECT_EQ(FromGrpc(4, ""), ErrorCode::kDeadlineExceeded);
}

}  // namespace
}  // namespace tt
