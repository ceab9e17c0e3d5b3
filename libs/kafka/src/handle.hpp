#pragma once

// Private helpers shared by the producer, consumer and admin code.

#include <librdkafka/rdkafkacpp.h>

#include <chrono>
#include <memory>
#include <string>

#include "tt/core/metrics.hpp"
#include "tt/core/metrics_text.hpp"
#include "tt/kafka/config.hpp"
#include "tt/kafka/message.hpp"

namespace tt::kafka::detail {

// Builds a global configuration; throws tt::Error(kInvalidArgument) naming a rejected property.
std::unique_ptr<RdKafka::Conf> MakeConf(const Config& config,
                                        std::initializer_list<std::pair<const char*, std::string>> properties);
// A group member's configuration (Consumer and BatchConsumer): offsets stored and committed only by
// the code, a new group starts at the beginning, a dead member is noticed within 10 s.
std::unique_ptr<RdKafka::Conf> GroupConsumerConf(const Config& config);
void Set(RdKafka::Conf& conf, const std::string& name, const std::string& value);
bool MetadataRoundTrip(RdKafka::Handle& handle, std::chrono::milliseconds timeout);
// A consumed record copied into plain values (topic, partition, offset, key, payload, headers, time).
Message CopyMessage(const RdKafka::Message& raw);

// tt_kafka_consumer_lag{group, topic, partition}: the partition's high watermark (as last fetched)
// minus this member's position, for every assigned partition. Safe from any thread.
void WritePartitionLag(RdKafka::KafkaConsumer& consumer, const std::string& group, MetricsText& out);
// tt_kafka_consumed_total{group, topic}; the reference stays valid (callers may keep it).
metrics::Counter& ConsumedCounter(const std::string& group, const std::string& topic);

// Logs librdkafka's own events (connection loss, errors) as JSON lines.
class EventLogger : public RdKafka::EventCb {
public:
    void event_cb(RdKafka::Event& event) override;
};
EventLogger& SharedEventLogger();

}  // namespace tt::kafka::detail
