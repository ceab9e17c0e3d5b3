#pragma once

// Private helpers shared by the producer, consumer and admin code.

#include <librdkafka/rdkafkacpp.h>

#include <chrono>
#include <memory>
#include <string>

#include "tt/kafka/config.hpp"
#include "tt/kafka/message.hpp"

namespace tt::kafka::detail {

// Builds a global configuration; throws tt::Error(kInvalidArgument) naming a rejected property.
std::unique_ptr<RdKafka::Conf> MakeConf(const Config& config,
                                        std::initializer_list<std::pair<const char*, std::string>> properties);
void Set(RdKafka::Conf& conf, const std::string& name, const std::string& value);
bool MetadataRoundTrip(RdKafka::Handle& handle, std::chrono::milliseconds timeout);
// A consumed record copied into plain values (topic, partition, offset, key, payload, headers, time).
Message CopyMessage(const RdKafka::Message& raw);

// Logs librdkafka's own events (connection loss, errors) as JSON lines.
class EventLogger : public RdKafka::EventCb {
public:
    void event_cb(RdKafka::Event& event) override;
};
EventLogger& SharedEventLogger();

}  // namespace tt::kafka::detail
