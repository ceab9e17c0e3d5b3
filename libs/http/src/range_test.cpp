#include "tt/http/range.hpp"

#include <gtest/gtest.h>

namespace tt::http {
namespace {

using Kind = ByteRange::Kind;

TEST(ByteRange, ServesSingleRangesAndClampsTheEnd) {
    auto r = ParseByteRange("bytes=0-99", 1000);
    EXPECT_EQ(r.kind, Kind::kPartial);
    EXPECT_EQ(r.first, 0u);
    EXPECT_EQ(r.last, 99u);
    r = ParseByteRange("bytes=900-", 1000);
    EXPECT_EQ(r.kind, Kind::kPartial);
    EXPECT_EQ(r.first, 900u);
    EXPECT_EQ(r.last, 999u);
    r = ParseByteRange("bytes=990-5000", 1000);
    EXPECT_EQ(r.last, 999u);
    r = ParseByteRange("bytes=-100", 1000);
    EXPECT_EQ(r.first, 900u);
    EXPECT_EQ(r.last, 999u);
    r = ParseByteRange("bytes=-5000", 1000);
    EXPECT_EQ(r.first, 0u);
}

TEST(ByteRange, StartPastTheEndIsUnsatisfiable) {
    EXPECT_EQ(ParseByteRange("bytes=1000-", 1000).kind, Kind::kUnsatisfiable);
    EXPECT_EQ(ParseByteRange("bytes=5000-6000", 1000).kind, Kind::kUnsatisfiable);
    EXPECT_EQ(ParseByteRange("bytes=-0", 1000).kind, Kind::kUnsatisfiable);
    EXPECT_EQ(ParseByteRange("bytes=0-", 0).kind, Kind::kUnsatisfiable);
}

TEST(ByteRange, InvalidOrMultipleRangesMeanTheWholeFile) {
    EXPECT_EQ(ParseByteRange("", 1000).kind, Kind::kWhole);
    EXPECT_EQ(ParseByteRange("items=0-1", 1000).kind, Kind::kWhole);
    EXPECT_EQ(ParseByteRange("bytes=5-1", 1000).kind, Kind::kWhole);
    EXPECT_EQ(ParseByteRange("bytes=a-b", 1000).kind, Kind::kWhole);
    EXPECT_EQ(ParseByteRange("bytes=0-1,5-6", 1000).kind, Kind::kWhole);
    EXPECT_EQ(ParseByteRange("bytes=99999999999999999999-", 1000).kind, Kind::kWhole);
}

TEST(HttpDate, FormatsAndParsesImfFixdate) {
    auto t = std::chrono::system_clock::from_time_t(784111777);
    EXPECT_EQ(HttpDate(t), "Sun, 06 Nov 1994 08:49:37 GMT");
    auto back = ParseHttpDate("Sun, 06 Nov 1994 08:49:37 GMT");
    ASSERT_TRUE(back);
    EXPECT_EQ(*back, t);
    EXPECT_FALSE(ParseHttpDate("Sunday, 06-Nov-94 08:49:37 GMT"));
    EXPECT_FALSE(ParseHttpDate("garbage"));
}

}  // namespace
}  // namespace tt::http
