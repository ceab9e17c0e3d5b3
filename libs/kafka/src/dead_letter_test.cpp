#include "tt/kafka/dead_letter.hpp"

#include <gtest/gtest.h>

#include "tt/core/error.hpp"

namespace tt::kafka {
namespace {

std::string HeaderValue(const std::vector<Header>& headers, std::string_view key) {
    for (const auto& h : headers) {
        if (h.key == key) return h.value;
    }
    return "<absent>";
}

Message Original() {
    Message m;
    m.topic = "video.liked";
    m.partition = 3;
    m.offset = 42;
    m.key = "video-1";
    m.payload = R"({"eventId":"x"})";
    m.headers = {{"eventId", "e-1"}, {"requestId", "r-1"}};
    return m;
}

TEST(DeadLetter, TopicNameAndRecognition) {
    EXPECT_EQ(DeadLetterTopic("video.liked"), "video.liked.dlq");
    EXPECT_TRUE(IsDeadLetterTopic("video.liked.dlq"));
    EXPECT_FALSE(IsDeadLetterTopic("video.liked"));
    EXPECT_FALSE(IsDeadLetterTopic(".dlq"));
}

TEST(DeadLetter, HeadersKeepTheOriginalsAndSayWhereAndWhy) {
    auto headers =
        DeadLetterHeaders(Original(), "bad payload", "notification-service-group", 5, "2026-01-01T00:00:00Z");
    EXPECT_EQ(HeaderValue(headers, "eventId"), "e-1");
    EXPECT_EQ(HeaderValue(headers, "requestId"), "r-1");
    EXPECT_EQ(HeaderValue(headers, kDlqError), "bad payload");
    EXPECT_EQ(HeaderValue(headers, kDlqTopic), "video.liked");
    EXPECT_EQ(HeaderValue(headers, kDlqPartition), "3");
    EXPECT_EQ(HeaderValue(headers, kDlqOffset), "42");
    EXPECT_EQ(HeaderValue(headers, kDlqGroup), "notification-service-group");
    EXPECT_EQ(HeaderValue(headers, kDlqAttempts), "5");
}

TEST(DeadLetter, RedriveRestoresTheOriginalMessage) {
    Message letter = Original();
    letter.topic = "video.liked.dlq";
    letter.headers = DeadLetterHeaders(Original(), "boom", "g", 1, "t");
    auto again = RedriveOf(letter);
    EXPECT_EQ(again.topic, "video.liked");
    EXPECT_EQ(again.key, "video-1");
    EXPECT_EQ(again.payload, Original().payload);
    ASSERT_EQ(again.headers.size(), 2u);
    EXPECT_EQ(HeaderValue(again.headers, "eventId"), "e-1");
}

TEST(DeadLetter, ALetterFailingAgainCarriesOneSetOfDlqHeaders) {
    Message letter = Original();
    letter.headers = DeadLetterHeaders(Original(), "first", "g", 1, "t");
    auto redriven = RedriveOf(letter);
    auto second = DeadLetterHeaders(redriven, "second", "g", 2, "t2");
    int errors = 0;
    for (const auto& h : second) errors += h.key == kDlqError;
    EXPECT_EQ(errors, 1);
    EXPECT_EQ(HeaderValue(second, kDlqError), "second");
}

TEST(DeadLetter, RedriveWithoutOriginTopicIsRejected) {
    EXPECT_THROW(RedriveOf(Original()), Error);
}

}  // namespace
}  // namespace tt::kafka
