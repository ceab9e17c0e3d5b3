#include "handle.hpp"

#include "tt/core/error.hpp"
#include "tt/core/log.hpp"
#include "tt/core/metrics.hpp"

namespace tt::kafka::detail {

void Set(RdKafka::Conf& conf, const std::string& name, const std::string& value) {
    std::string err;
    if (conf.set(name, value, err) != RdKafka::Conf::CONF_OK) {
        throw Error(ErrorCode::kInvalidArgument, "librdkafka rejected " + name + "=" + value + ": " + err);
    }
}

std::unique_ptr<RdKafka::Conf> MakeConf(const Config& config,
                                        std::initializer_list<std::pair<const char*, std::string>> properties) {
    std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
    Set(*conf, "bootstrap.servers", config.brokers);
    Set(*conf, "client.id", config.client_id);
    for (const auto& [name, value] : properties) Set(*conf, name, value);
    for (const auto& [name, value] : config.overrides) Set(*conf, name, value);
    std::string err;
    if (conf->set("event_cb", static_cast<RdKafka::EventCb*>(&SharedEventLogger()), err) != RdKafka::Conf::CONF_OK) {
        throw Error(ErrorCode::kInternal, "librdkafka rejected event_cb: " + err);
    }
    return conf;
}

std::unique_ptr<RdKafka::Conf> GroupConsumerConf(const Config& config) {
    return MakeConf(config, {
                                {"group.id", config.group_id},
                                {"enable.auto.commit", "false"},
                                {"enable.auto.offset.store", "false"},
                                // A new group starts at the beginning: events published before the
                                // first start are not skipped.
                                {"auto.offset.reset", "earliest"},
                                {"enable.partition.eof", "false"},
                                // A member that died (SIGKILL) hands its partitions on after 10 s
                                // instead of the broker's 45 s default; heartbeats run on
                                // librdkafka's own thread.
                                {"session.timeout.ms", "10000"},
                                {"heartbeat.interval.ms", "1000"},
                                {"fetch.wait.max.ms", std::to_string(config.fetch.wait.count())},
                                {"fetch.min.bytes", std::to_string(config.fetch.min_bytes)},
                            });
}

void WritePartitionLag(RdKafka::KafkaConsumer& consumer, const std::string& group, MetricsText& out) {
    std::vector<RdKafka::TopicPartition*> partitions;
    if (consumer.assignment(partitions) != RdKafka::ERR_NO_ERROR) return;
    if (consumer.position(partitions) == RdKafka::ERR_NO_ERROR) {
        // Nothing consumed since the assignment: the member resumes from the group's committed offset
        // (one bounded round trip to the coordinator for all such partitions).
        std::vector<RdKafka::TopicPartition*> unread;
        for (auto* partition : partitions) {
            if (partition->offset() < 0) unread.push_back(partition);
        }
        if (!unread.empty()) consumer.committed(unread, 1000);
        for (auto* partition : partitions) {
            std::int64_t low = 0;
            std::int64_t high = 0;
            if (consumer.get_watermark_offsets(partition->topic(), partition->partition(), &low, &high) !=
                    RdKafka::ERR_NO_ERROR ||
                high < 0) {
                continue;
            }
            // Neither consumed nor committed: everything from the low mark.
            std::int64_t position = partition->offset() >= 0 ? partition->offset() : low;
            out.Gauge("tt_kafka_consumer_lag", "events in the partition not yet consumed by this member",
                      static_cast<double>(std::max<std::int64_t>(0, high - position)),
                      {{"group", group}, {"topic", partition->topic()},
                       {"partition", std::to_string(partition->partition())}});
        }
    }
    RdKafka::TopicPartition::destroy(partitions);
}

metrics::Counter& ConsumedCounter(const std::string& group, const std::string& topic) {
    static auto& family = metrics::Global().Counters("tt_kafka_consumed_total", "events consumed and handled",
                                                     {"group", "topic"});
    return family.With({group, topic});
}

bool MetadataRoundTrip(RdKafka::Handle& handle, std::chrono::milliseconds timeout) {
    RdKafka::Metadata* raw = nullptr;
    auto err = handle.metadata(/*all_topics=*/false, nullptr, &raw, static_cast<int>(timeout.count()));
    std::unique_ptr<RdKafka::Metadata> metadata(raw);
    return err == RdKafka::ERR_NO_ERROR && metadata && !metadata->brokers()->empty();
}

Message CopyMessage(const RdKafka::Message& raw) {
    Message message;
    message.topic = raw.topic_name();
    message.partition = raw.partition();
    message.offset = raw.offset();
    if (raw.key() != nullptr) message.key = *raw.key();
    message.payload.assign(static_cast<const char*>(raw.payload()), raw.len());
    if (auto* headers = const_cast<RdKafka::Message&>(raw).headers()) {
        for (const auto& h : headers->get_all()) {
            message.headers.push_back({h.key(), std::string(static_cast<const char*>(h.value()), h.value_size())});
        }
    }
    message.timestamp_ms = raw.timestamp().timestamp;
    return message;
}

void EventLogger::event_cb(RdKafka::Event& event) {
    switch (event.type()) {
        case RdKafka::Event::EVENT_ERROR:
            // All-brokers-down and transport errors are retried by librdkafka itself; they are warnings
            // unless fatal (e.g. the idempotent producer lost its guarantees).
            if (event.fatal()) {
                log::Error("kafka fatal error", {{"error", RdKafka::err2str(event.err())}, {"detail", event.str()}});
            } else {
                log::Warn("kafka client error", {{"error", RdKafka::err2str(event.err())}, {"detail", event.str()}});
            }
            break;
        case RdKafka::Event::EVENT_LOG:
            if (event.severity() <= RdKafka::Event::EVENT_SEVERITY_WARNING) {
                log::Warn("kafka client log", {{"facility", event.fac()}, {"detail", event.str()}});
            }
            break;
        default:
            break;
    }
}

EventLogger& SharedEventLogger() {
    static EventLogger logger;
    return logger;
}

}  // namespace tt::kafka::detail
