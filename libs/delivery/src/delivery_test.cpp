#include <gtest/gtest.h>

#include "tt/delivery/inbox.hpp"
#include "tt/kafka/consumer.hpp"

namespace tt::delivery {
namespace {

constexpr const char* kId = "0192f0c4-6f2a-7cc1-9d5e-1a2b3c4d5e6f";
constexpr const char* kOtherId = "0192f0c4-6f2a-7cc1-9d5e-000000000001";

TEST(EventIdOf, PrefersTheHeader) {
    kafka::Message m;
    m.headers = {{"requestId", "r"}, {"eventId", kId}};
    m.payload = std::string(R"({"eventId":")") + kOtherId + "\"}";
    EXPECT_EQ(EventIdOf(m), kId);
}

TEST(EventIdOf, FallsBackToThePayloadField) {
    kafka::Message m;
    m.payload = std::string(R"({"eventId":")") + kId + "\",\"videoId\":\"v\"}";
    EXPECT_EQ(EventIdOf(m), kId);
}

TEST(EventIdOf, WithoutAUuidTheMessageIsPoison) {
    kafka::Message m;
    m.payload = R"({"eventId":"not-a-uuid"})";
    EXPECT_THROW(EventIdOf(m), kafka::PermanentError);
    m.payload = "not json";
    EXPECT_THROW(EventIdOf(m), kafka::PermanentError);
    m.headers = {{"eventId", "also-not-a-uuid"}};
    EXPECT_THROW(EventIdOf(m), kafka::PermanentError);
}

}  // namespace
}  // namespace tt::delivery
