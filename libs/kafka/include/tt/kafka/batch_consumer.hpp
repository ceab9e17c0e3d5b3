#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "tt/core/metrics_text.hpp"
#include "tt/kafka/config.hpp"
#include "tt/kafka/message.hpp"

namespace RdKafka {
class KafkaConsumer;
}

namespace tt::kafka {

// "Nothing stored yet for this partition": it is read from its earliest offset.
inline constexpr std::int64_t kNoStoredOffset = -1;

// Where a partition resumes: the offset of the next message to read (or kNoStoredOffset).
struct PartitionOffset {
    std::string topic;
    std::int32_t partition = 0;
    std::int64_t next_offset = kNoStoredOffset;
};

// How one batch moves a partition: from the stored next offset the batch was read from (kNoStoredOffset
// when none was stored) to the next offset after the batch. A store applies it only if it still holds
// `from`, which fences off a member that lost the partition in a rebalance it did not notice yet.
struct OffsetAdvance {
    std::string topic;
    std::int32_t partition = 0;
    std::int64_t from = kNoStoredOffset;
    std::int64_t to = 0;
};

struct BatchOptions {
    std::size_t max_messages = 500;           // a batch is handed over when it has this many messages
    std::chrono::milliseconds max_wait{100};  // or when its first message waited this long
};

// Reads the stored offsets of `partitions` (their next_offset is ignored); partitions without a stored
// offset may be left out or returned with kNoStoredOffset. Throws when the store cannot answer.
using OffsetLoader = std::function<std::vector<PartitionOffset>(const std::vector<PartitionOffset>& partitions)>;

// Handles one batch (messages in partition order). Must make the batch's effect and `advances`
// durable together (one transaction) before returning; throwing discards the whole batch.
using BatchHandler = std::function<void(const std::vector<Message>& batch, const std::vector<OffsetAdvance>& advances)>;

// A consumer group member for exactly-once aggregation into an external store that keeps the offsets
// itself (tt::delivery offset_store.hpp): Kafka's committed offsets are not used to resume.
//  - On assignment the loader positions every partition at its stored offset (earliest when none);
//    while the store is down the assignment waits, retried with backoff.
//  - Messages are collected into batches of up to max_messages or max_wait and handed to the handler
//    with the offset advance of every partition in the batch: no round trip per message.
//  - A handler failure discards the batch, pauses the partitions and, after a backoff
//    (KAFKA_RETRY_BACKOFF_MIN_MS..MAX_MS), seeks every partition back to its stored offset (loaded
//    again, so a batch fenced off by another member is not re-applied) and resumes. Nothing is skipped.
//  - On revocation the pending batch is handed over first (dropped if that fails or the partitions
//    were lost: the next owner reads it again from the stored offsets).
//  - After each batch the offsets are also committed to Kafka, asynchronously, for lag monitoring only.
// Everything runs on the consumer's own thread.
class BatchConsumer {
public:
    BatchConsumer(const Config& config, BatchOptions options, OffsetLoader loader, BatchHandler handler);
    ~BatchConsumer();  // Stop()
    BatchConsumer(const BatchConsumer&) = delete;
    BatchConsumer& operator=(const BatchConsumer&) = delete;

    // Subscribes and starts the consume thread.
    void Start(const std::vector<std::string>& topics);
    // Hands over the pending batch (one attempt), leaves the group and joins the thread. Idempotent.
    void Stop();
    bool IsConnected(std::chrono::milliseconds timeout);

    // Counters for tests and /metrics.
    std::uint64_t BatchCount() const { return batches_; }
    std::uint64_t MessageCount() const { return messages_; }
    std::uint64_t FailedBatchCount() const { return failed_batches_; }
    // tt_batch_consumer_batches_total, _messages_total, _failed_batches_total and tt_kafka_consumer_lag
    // per assigned partition (label group).
    void WriteMetrics(MetricsText& out) const;

private:
    struct PartitionKey {
        std::string topic;
        std::int32_t partition;
        auto operator<=>(const PartitionKey&) const = default;
    };
    class Rebalancer;

    void Run();
    // Hands the pending batch to the handler; false (and a rewind scheduled) when it failed.
    bool Flush();
    void ScheduleRewind(const std::string& error);
    void TryRewind();
    // Stored offsets of `partitions`, retried with backoff until the loader answers or Stop().
    std::vector<PartitionOffset> LoadUntilStopped(const std::vector<PartitionOffset>& partitions);
    void CommitToKafka(const std::vector<OffsetAdvance>& advances);

    Config config_;
    BatchOptions options_;
    OffsetLoader loader_;
    BatchHandler handler_;
    std::unique_ptr<Rebalancer> rebalancer_;
    std::unique_ptr<RdKafka::KafkaConsumer> consumer_;
    // Consume thread only:
    std::map<PartitionKey, std::int64_t> stored_;  // assigned partitions -> stored next offset
    std::vector<Message> batch_;
    std::chrono::steady_clock::time_point batch_deadline_{};
    bool rewinding_ = false;  // a batch failed: messages are dropped until the seek back
    int attempts_ = 0;
    std::chrono::steady_clock::time_point rewind_at_{};
    std::atomic<bool> stopping_{false};
    std::atomic<std::uint64_t> batches_{0};
    std::atomic<std::uint64_t> messages_{0};
    std::atomic<std::uint64_t> failed_batches_{0};
    std::thread thread_;
    std::once_flag stop_once_;
};

}  // namespace tt::kafka
