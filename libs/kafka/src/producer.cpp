#include "tt/kafka/producer.hpp"

#include <future>

#include "handle.hpp"
#include "tt/core/error.hpp"
#include "tt/core/log.hpp"
#include "tt/core/metrics.hpp"

namespace tt::kafka {
namespace {

// Owns the per-message callback between produce() and the delivery report.
struct Pending {
    Producer::DeliveryCallback callback;
};

class DeliveryReporter final : public RdKafka::DeliveryReportCb {
public:
    void dr_cb(RdKafka::Message& message) override {
        std::unique_ptr<Pending> pending(static_cast<Pending*>(message.msg_opaque()));
        static auto& produced = metrics::Global().Counters(
            "tt_kafka_produced_total", "records produced, by topic and result (delivered or failed)", {"topic", "result"});
        produced.With({message.topic_name(), message.err() == RdKafka::ERR_NO_ERROR ? "delivered" : "failed"}).Add();
        if (!pending) return;
        if (message.err() == RdKafka::ERR_NO_ERROR) {
            DeliveryReport report{message.topic_name(), message.partition(), message.offset()};
            pending->callback(&report, "");
        } else {
            pending->callback(nullptr, message.errstr());
        }
    }
};

DeliveryReporter& SharedReporter() {
    static DeliveryReporter reporter;
    return reporter;
}

}  // namespace

Producer::Producer(const Config& config) : config_(config) {
    auto conf = detail::MakeConf(config, {
                                             {"enable.idempotence", "true"},
                                             {"acks", "all"},
                                             {"message.timeout.ms", std::to_string(config.message_timeout.count())},
                                             {"linger.ms", "2"},
                                             {"compression.type", "lz4"},
                                             // Same key -> same partition as the Java clients (murmur2).
                                             {"partitioner", "murmur2_random"},
                                         });
    std::string err;
    if (conf->set("dr_cb", static_cast<RdKafka::DeliveryReportCb*>(&SharedReporter()), err) != RdKafka::Conf::CONF_OK) {
        throw Error(ErrorCode::kInternal, "librdkafka rejected dr_cb: " + err);
    }
    producer_.reset(RdKafka::Producer::create(conf.get(), err));
    if (!producer_) throw Error(ErrorCode::kInternal, "cannot create Kafka producer: " + err);
    poll_thread_ = std::thread([this] { PollLoop(); });
}

Producer::~Producer() {
    if (!Flush(config_.message_timeout)) {
        log::Error("kafka producer closed with undelivered messages", {{"queued", producer_->outq_len()}});
    }
    stopping_ = true;
    poll_thread_.join();
}

void Producer::PollLoop() {
    while (!stopping_) producer_->poll(100);
    producer_->poll(0);
}

void Producer::PublishAsync(std::string_view topic, std::string_view key, std::string_view payload,
                            std::vector<Header> headers, DeliveryCallback callback) {
    RdKafka::Headers* rd_headers = RdKafka::Headers::create();
    for (const auto& h : headers) rd_headers->add(h.key, h.value.data(), h.value.size());
    auto pending = std::make_unique<Pending>(Pending{std::move(callback)});
    auto deadline = std::chrono::steady_clock::now() + config_.message_timeout;
    for (;;) {
        auto err = producer_->produce(std::string(topic), RdKafka::Topic::PARTITION_UA, RdKafka::Producer::RK_MSG_COPY,
                                      const_cast<char*>(payload.data()), payload.size(), key.data(), key.size(),
                                      /*timestamp=*/0, rd_headers, pending.get());
        if (err == RdKafka::ERR_NO_ERROR) {
            pending.release();  // owned by the delivery report now; headers owned by librdkafka
            return;
        }
        if (err == RdKafka::ERR__QUEUE_FULL && std::chrono::steady_clock::now() < deadline) {
            producer_->poll(10);  // let deliveries drain the queue, then try again
            continue;
        }
        delete rd_headers;
        pending->callback(nullptr, "cannot enqueue to " + std::string(topic) + ": " + RdKafka::err2str(err));
        return;
    }
}

DeliveryReport Producer::Publish(std::string_view topic, std::string_view key, std::string_view payload,
                                 std::vector<Header> headers) {
    auto promise = std::make_shared<std::promise<DeliveryReport>>();
    auto future = promise->get_future();
    std::string topic_name(topic);
    PublishAsync(topic, key, payload, std::move(headers),
                 [promise, topic_name](const DeliveryReport* report, const std::string& error) {
                     if (report != nullptr) {
                         promise->set_value(*report);
                     } else {
                         promise->set_exception(std::make_exception_ptr(
                             Error(ErrorCode::kUnavailable, "event not delivered to Kafka topic " + topic_name + ": " +
                                                                error + " (is the broker up? check KAFKA_BROKERS)")));
                     }
                 });
    return future.get();
}

bool Producer::Flush(std::chrono::milliseconds timeout) {
    return producer_->flush(static_cast<int>(timeout.count())) == RdKafka::ERR_NO_ERROR;
}

void Producer::Purge() {
    producer_->purge(RdKafka::Producer::PURGE_QUEUE | RdKafka::Producer::PURGE_INFLIGHT);
}

bool Producer::IsConnected(std::chrono::milliseconds timeout) {
    return detail::MetadataRoundTrip(*producer_, timeout);
}

}  // namespace tt::kafka
