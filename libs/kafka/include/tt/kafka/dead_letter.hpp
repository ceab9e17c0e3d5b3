#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tt/kafka/config.hpp"
#include "tt/kafka/message.hpp"

namespace tt::kafka {

// A consumer that gives up on a message publishes it, key and payload unchanged, to
// "<topic>.dlq" with its original headers plus these (tools/kafka-admin `dlq` reads them back).
inline constexpr std::string_view kDlqError = "dlq.error";  // why it failed, last attempt
inline constexpr std::string_view kDlqTopic = "dlq.topic";  // where it came from
inline constexpr std::string_view kDlqPartition = "dlq.partition";
inline constexpr std::string_view kDlqOffset = "dlq.offset";
inline constexpr std::string_view kDlqGroup = "dlq.group";  // the consumer group that gave up
inline constexpr std::string_view kDlqAttempts = "dlq.attempts";
inline constexpr std::string_view kDlqFailedAt = "dlq.failedAt";  // ISO-8601 UTC

inline std::string DeadLetterTopic(std::string_view topic) {
    return std::string(topic) + ".dlq";
}
inline bool IsDeadLetterTopic(std::string_view topic) {
    return topic.size() > 4 && topic.substr(topic.size() - 4) == ".dlq";
}

// The headers of the dead letter for `message`: the original ones, then the dlq.* ones.
std::vector<Header> DeadLetterHeaders(const Message& message, const std::string& error, const std::string& group,
                                      int attempts, const std::string& failed_at);

// The message to publish when re-driving a dead letter: its original topic, key, payload and
// headers without the dlq.* ones. Throws tt::Error(kInvalidArgument) if it has no dlq.topic header.
Message RedriveOf(const Message& dead_letter);

}  // namespace tt::kafka

namespace tt::kafka {

class Producer;

// Operator's view of one dead-letter topic (tools/kafka-admin `dlq`). Re-driven letters are
// remembered by the committed offsets of the consumer group "tt-dlq-redrive", so each letter is
// re-driven once; the consumers deduplicate on eventId in case an operator forces a second time.
class DeadLetterQueue {
public:
    static constexpr const char* kRedriveGroup = "tt-dlq-redrive";

    DeadLetterQueue(const Config& config, std::string dlq_topic);
    ~DeadLetterQueue();
    DeadLetterQueue(const DeadLetterQueue&) = delete;
    DeadLetterQueue& operator=(const DeadLetterQueue&) = delete;

    // Every letter still in the topic (retention permitting), in partition then offset order.
    // Throws tt::Error(kUnavailable) when the cluster does not answer within `timeout`.
    std::vector<Message> ReadAll(std::chrono::milliseconds timeout);
    // Whether `letter` was re-driven already (its offset is below the redrive group's position).
    bool IsRedriven(const Message& letter) const;
    // Republishes every letter not re-driven yet to its original topic (RedriveOf) and records them;
    // returns how many. `only` (partition, offset) restricts it to one letter and records nothing.
    int Redrive(Producer& producer, std::chrono::milliseconds timeout,
                std::optional<std::pair<std::int32_t, std::int64_t>> only = std::nullopt);

private:
    class Reader;
    Config config_;
    std::string topic_;
    std::unique_ptr<Reader> reader_;
    std::map<std::int32_t, std::int64_t> redriven_up_to_;  // partition -> first offset not re-driven
};

}  // namespace tt::kafka
