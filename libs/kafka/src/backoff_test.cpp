#include "tt/kafka/backoff.hpp"

#include <gtest/gtest.h>

namespace tt::kafka {
namespace {

using std::chrono::milliseconds;

TEST(RetryDelay, DoublesFromTheMinimumUpToTheCap) {
    EXPECT_EQ(RetryDelay(1, milliseconds(100), milliseconds(1000)), milliseconds(100));
    EXPECT_EQ(RetryDelay(2, milliseconds(100), milliseconds(1000)), milliseconds(200));
    EXPECT_EQ(RetryDelay(4, milliseconds(100), milliseconds(1000)), milliseconds(800));
    EXPECT_EQ(RetryDelay(5, milliseconds(100), milliseconds(1000)), milliseconds(1000));
    EXPECT_EQ(RetryDelay(500, milliseconds(100), milliseconds(1000)), milliseconds(1000));
}

}  // namespace
}  // namespace tt::kafka
