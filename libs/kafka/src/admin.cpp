#include "tt/kafka/admin.hpp"

#include <librdkafka/rdkafka.h>

#include <memory>
#include <thread>

#include "handle.hpp"
#include "tt/core/error.hpp"

namespace tt::kafka {
namespace {

std::unique_ptr<RdKafka::Producer> AdminHandle(const Config& config) {
    auto conf = detail::MakeConf(config, {});
    std::string err;
    std::unique_ptr<RdKafka::Producer> handle(RdKafka::Producer::create(conf.get(), err));
    if (!handle) throw Error(ErrorCode::kInternal, "cannot create Kafka admin client: " + err);
    return handle;
}

template <typename T, void (*Destroy)(T*)>
struct Deleter {
    void operator()(T* p) const { Destroy(p); }
};
using NewTopicPtr = std::unique_ptr<rd_kafka_NewTopic_t, Deleter<rd_kafka_NewTopic_t, rd_kafka_NewTopic_destroy>>;
using QueuePtr = std::unique_ptr<rd_kafka_queue_t, Deleter<rd_kafka_queue_t, rd_kafka_queue_destroy>>;
using EventPtr = std::unique_ptr<rd_kafka_event_t, Deleter<rd_kafka_event_t, rd_kafka_event_destroy>>;
using OptionsPtr =
    std::unique_ptr<rd_kafka_AdminOptions_t, Deleter<rd_kafka_AdminOptions_t, rd_kafka_AdminOptions_destroy>>;

}  // namespace

bool WaitForCluster(const Config& config, std::chrono::milliseconds timeout) {
    auto handle = AdminHandle(config);
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        if (detail::MetadataRoundTrip(*handle, std::chrono::milliseconds(1000))) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(200));  // retry backoff between attempts
    }
    return false;
}

void EnsureTopics(const Config& config, const std::vector<std::string>& topics, int partitions, int replication,
                  std::chrono::milliseconds timeout, const std::map<std::string, std::string>& topic_config) {
    auto handle = AdminHandle(config);
    rd_kafka_t* rk = handle->c_ptr();
    std::vector<NewTopicPtr> owned;
    std::vector<rd_kafka_NewTopic_t*> raw;
    char errstr[512];
    for (const auto& topic : topics) {
        NewTopicPtr t(rd_kafka_NewTopic_new(topic.c_str(), partitions, replication, errstr, sizeof(errstr)));
        if (!t) throw Error(ErrorCode::kInvalidArgument, "bad topic spec " + topic + ": " + errstr);
        for (const auto& [name, value] : topic_config) {
            if (rd_kafka_NewTopic_set_config(t.get(), name.c_str(), value.c_str()) != RD_KAFKA_RESP_ERR_NO_ERROR) {
                throw Error(ErrorCode::kInvalidArgument, "bad topic config " + name + "=" + value);
            }
        }
        raw.push_back(t.get());
        owned.push_back(std::move(t));
    }
    OptionsPtr options(rd_kafka_AdminOptions_new(rk, RD_KAFKA_ADMIN_OP_CREATETOPICS));
    rd_kafka_AdminOptions_set_request_timeout(options.get(), static_cast<int>(timeout.count()), errstr, sizeof(errstr));
    rd_kafka_AdminOptions_set_operation_timeout(options.get(), static_cast<int>(timeout.count()), errstr,
                                                sizeof(errstr));
    QueuePtr queue(rd_kafka_queue_new(rk));
    rd_kafka_CreateTopics(rk, raw.data(), raw.size(), options.get(), queue.get());
    EventPtr event(rd_kafka_queue_poll(queue.get(), static_cast<int>(timeout.count()) + 2000));
    if (!event)
        throw Error(ErrorCode::kUnavailable, "Kafka did not answer CreateTopics (is it up at " + config.brokers + "?)");
    if (rd_kafka_event_error(event.get()) != RD_KAFKA_RESP_ERR_NO_ERROR) {
        throw Error(ErrorCode::kUnavailable,
                    std::string("CreateTopics failed: ") + rd_kafka_event_error_string(event.get()));
    }
    const rd_kafka_CreateTopics_result_t* result = rd_kafka_event_CreateTopics_result(event.get());
    size_t count = 0;
    const rd_kafka_topic_result_t** results = rd_kafka_CreateTopics_result_topics(result, &count);
    std::string failures;
    for (size_t i = 0; i < count; ++i) {
        auto err = rd_kafka_topic_result_error(results[i]);
        if (err == RD_KAFKA_RESP_ERR_NO_ERROR || err == RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS) continue;
        failures += std::string(" ") + rd_kafka_topic_result_name(results[i]) + ": " +
                    (rd_kafka_topic_result_error_string(results[i]) ? rd_kafka_topic_result_error_string(results[i])
                                                                    : rd_kafka_err2str(err)) +
                    ";";
    }
    if (!failures.empty()) throw Error(ErrorCode::kUnavailable, "cannot create Kafka topics:" + failures);
}

}  // namespace tt::kafka
