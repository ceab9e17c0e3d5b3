#include "pipeline_bench.hpp"

#include <librdkafka/rdkafkacpp.h>
#include <unistd.h>

#include <atomic>
#include <cmath>
#include <cstring>
#include <fstream>
#include <memory>
#include <mutex>
#include <random>
#include <sstream>
#include <string_view>
#include <thread>
#include <vector>

#include "latency_histogram.hpp"
#include "tt/core/error.hpp"
#include "tt/core/log.hpp"
#include "tt/kafka/admin.hpp"
#include "tt/kafka/consumer.hpp"
#include "tt/kafka/producer.hpp"

namespace tt::bench {
namespace {

using SteadyClock = std::chrono::steady_clock;

// Payload layout: "TTKB" | run id (8) | sequence (8) | send time, µs since the epoch (8) | filler.
// Warm-up records start with "TTKW" | run id (8).
constexpr std::string_view kMagic = "TTKB";
constexpr std::string_view kWarmupMagic = "TTKW";
constexpr std::size_t kMaxPartitions = 4096;
constexpr std::size_t kRunIdAt = 4;
constexpr std::size_t kSeqAt = 12;
constexpr std::size_t kSentAt = 20;
constexpr std::size_t kHeaderSize = 28;

std::int64_t WallMicros() {
    return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

template <typename T>
void Put(std::string& buffer, std::size_t at, T value) {
    std::memcpy(buffer.data() + at, &value, sizeof(value));
}

template <typename T>
T Get(std::string_view buffer, std::size_t at) {
    T value;
    std::memcpy(&value, buffer.data() + at, sizeof(value));
    return value;
}

// One bit per sequence number; set from any thread, read anywhere.
class SeqBits {
public:
    explicit SeqBits(std::uint64_t capacity) : words_((capacity + 63) / 64) {}
    // Sets the bit; returns whether it was set already.
    bool TestAndSet(std::uint64_t seq) {
        auto mask = std::uint64_t{1} << (seq % 64);
        return (words_[seq / 64].fetch_or(mask, std::memory_order_relaxed) & mask) != 0;
    }
    bool Test(std::uint64_t seq) const { return (words_[seq / 64].load(std::memory_order_relaxed) >> (seq % 64)) & 1u; }

private:
    std::vector<std::atomic<std::uint64_t>> words_;
};

// Written by the producer's delivery callbacks (poll thread, or the publishing thread while
// PublishAsync waits for queue space).
struct DeliveryState {
    explicit DeliveryState(std::uint64_t capacity) : acked_bits(capacity) {}

    void OnDelivery(std::uint64_t seq, const kafka::DeliveryReport* report, const std::string& error) {
        if (report != nullptr) {
            acked_bits.TestAndSet(seq);
            ++acked;
            last_ack_ns.store(SteadyClock::now().time_since_epoch().count(), std::memory_order_relaxed);
        } else {
            ++errors;
            std::lock_guard lock(mutex);
            if (first_error.empty()) first_error = error;
        }
        --in_flight;
    }

    SeqBits acked_bits;
    std::atomic<std::uint64_t> in_flight{0};
    std::atomic<std::uint64_t> acked{0};
    std::atomic<std::uint64_t> errors{0};
    std::atomic<SteadyClock::rep> last_ack_ns{0};
    std::mutex mutex;
    std::string first_error;
};

// Written by the consumer's handler (its own thread); counters read by the main thread for the drain
// wait, the rest after Consumer::Stop() joined that thread.
struct ReceiveState {
    ReceiveState(std::uint64_t run_id, std::uint64_t capacity) : run_id(run_id), capacity(capacity), seen(capacity) {}

    void OnMessage(const kafka::Message& message) {
        auto now_us = WallMicros();
        std::string_view payload = message.payload;
        if (payload.size() >= kHeaderSize && payload.substr(0, kWarmupMagic.size()) == kWarmupMagic &&
            Get<std::uint64_t>(payload, kRunIdAt) == run_id) {
            if (message.partition >= 0 && static_cast<std::size_t>(message.partition) < kMaxPartitions) {
                warmup_seen_on[static_cast<std::size_t>(message.partition)] = true;
            }
            ++warmups;
            return;
        }
        if (payload.size() < kHeaderSize || payload.substr(0, kMagic.size()) != kMagic ||
            Get<std::uint64_t>(payload, kRunIdAt) != run_id) {
            ++foreign;  // another run's record
            return;
        }
        auto seq = Get<std::uint64_t>(payload, kSeqAt);
        if (seq >= capacity) {
            ++foreign;
            return;
        }
        // Backlog mode: hold the consume thread until every record is acknowledged; librdkafka keeps
        // prefetching meanwhile (up to queued.max.messages.kbytes), then the backlog is drained.
        while (!gate_open.load(std::memory_order_acquire)) std::this_thread::sleep_for(std::chrono::microseconds(200));
        if (seen.TestAndSet(seq)) {
            ++duplicates;
            return;
        }
        auto now = SteadyClock::now();
        if (unique == 0) first = now;
        last = now;
        e2e_us.Record(now_us - Get<std::int64_t>(payload, kSentAt));
        create_time_ms.Record(now_us / 1000 - message.timestamp_ms);
        unique.fetch_add(1, std::memory_order_release);
    }

    const std::uint64_t run_id;
    const std::uint64_t capacity;
    SeqBits seen;
    std::atomic<std::uint64_t> unique{0};
    std::atomic<std::uint64_t> duplicates{0};
    std::atomic<std::uint64_t> foreign{0};
    std::atomic<std::uint64_t> warmups{0};
    std::atomic<bool> gate_open{true};
    std::vector<std::atomic<bool>> warmup_seen_on = std::vector<std::atomic<bool>>(kMaxPartitions);
    SteadyClock::time_point first{};
    SteadyClock::time_point last{};
    LatencyHistogram e2e_us;
    LatencyHistogram create_time_ms;
};

struct ProcessCpu {
    double user = 0;
    double sys = 0;
};

// utime and stime of this process (/proc/self/stat fields 14 and 15, in clock ticks).
ProcessCpu ReadCpu() {
    std::ifstream in("/proc/self/stat");
    std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto close = stat.rfind(')');
    if (close == std::string::npos) return {};
    std::istringstream fields(stat.substr(close + 2));  // field 3 (state) onwards
    std::string field;
    std::vector<std::string> values;
    while (fields >> field && values.size() < 13) values.push_back(field);
    if (values.size() < 13) return {};
    double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
    return {std::stod(values[11]) / ticks, std::stod(values[12]) / ticks};
}

// VmHWM of this process in KiB (0 if unreadable).
long PeakRssKb() {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
    }
    return 0;
}

double Seconds(SteadyClock::duration d) {
    return std::chrono::duration<double>(d).count();
}

double Round(double value, int digits) {
    double scale = std::pow(10.0, digits);
    return std::round(value * scale) / scale;
}

nlohmann::json LatencyJson(const LatencyHistogram& h, double to_ms, const std::string& source) {
    return {{"p50", Round(static_cast<double>(h.Percentile(0.50)) * to_ms, 3)},
            {"p99", Round(static_cast<double>(h.Percentile(0.99)) * to_ms, 3)},
            {"p999", Round(static_cast<double>(h.Percentile(0.999)) * to_ms, 3)},
            {"max", Round(static_cast<double>(h.Max()) * to_ms, 3)},
            {"count", h.Count()},
            {"source", source}};
}

// Publishes one warm-up record per key of the run (so to every partition the run will use) until
// the consumer has received one on each of them: then every partition's "latest" start offset is
// resolved, nothing of the run can be skipped, and the producer id, metadata and connections are in
// place before the clock starts. Returns the number of partitions the run's keys map to.
int WarmUp(kafka::Producer& producer, ReceiveState& received, const PipelineOptions& options) {
    std::string payload(kHeaderSize, 'w');
    payload.replace(0, kWarmupMagic.size(), kWarmupMagic);
    Put(payload, kRunIdAt, received.run_id);
    std::vector<std::atomic<bool>> acked_on(kMaxPartitions);
    const auto deadline = SteadyClock::now() + std::chrono::seconds(30);
    for (;;) {
        for (std::uint32_t k = 0; k < options.key_range; ++k) {
            producer.PublishAsync(options.topic, std::to_string(k), payload, {},
                                  [&acked_on](const kafka::DeliveryReport* report, const std::string&) {
                                      if (report != nullptr && report->partition >= 0 &&
                                          static_cast<std::size_t>(report->partition) < kMaxPartitions) {
                                          acked_on[static_cast<std::size_t>(report->partition)] = true;
                                      }
                                  });
        }
        producer.Flush(options.message_timeout + std::chrono::seconds(1));
        const auto round_end = std::min(deadline, SteadyClock::now() + std::chrono::seconds(1));
        for (;;) {
            int partitions = 0;
            bool all_seen = true;
            for (std::size_t p = 0; p < kMaxPartitions; ++p) {
                if (!acked_on[p]) continue;
                ++partitions;
                all_seen = all_seen && received.warmup_seen_on[p];
            }
            if (partitions > 0 && all_seen) return partitions;
            if (SteadyClock::now() >= round_end) break;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        if (SteadyClock::now() >= deadline) {
            throw Error(ErrorCode::kUnavailable,
                        "warm-up records to " + options.topic +
                            " did not reach the consumer within 30 s (is the broker healthy?)");
        }
    }
}

std::uint64_t Capacity(const PipelineOptions& o) {
    if (o.messages > 0) return o.messages;
    double seconds = std::chrono::duration<double>(o.duration).count();
    // Without a target rate, room for 2 million records/s: far above what one client on this
    // machine reaches; the run stops early (capped=true) if it ever gets there.
    double per_second = o.rate > 0 ? o.rate * 1.05 + 1000 : 2e6;
    return static_cast<std::uint64_t>(seconds * per_second) + 1;
}

}  // namespace

nlohmann::json RunPipeline(const PipelineOptions& options) {
    if (options.topic.empty()) throw Error(ErrorCode::kInvalidArgument, "--topic is required");
    if (options.size < kHeaderSize) {
        throw Error(ErrorCode::kInvalidArgument, "--size must be at least " + std::to_string(kHeaderSize));
    }
    if ((options.messages == 0) == (options.duration.count() == 0)) {
        throw Error(ErrorCode::kInvalidArgument, "give exactly one of --messages N and --duration S");
    }
    std::random_device random;
    const std::uint64_t run_id = (std::uint64_t{random()} << 32) | random();
    std::ostringstream run_hex;
    run_hex << std::hex << run_id;

    kafka::Config config;
    config.brokers = options.brokers;
    config.client_id = "tt-kafka-bench";
    config.group_id = options.group.empty() ? "tt-kafka-bench-" + run_hex.str() : options.group;
    config.message_timeout = options.message_timeout;

    if (!kafka::WaitForCluster(config, std::chrono::seconds(30))) {
        throw Error(ErrorCode::kUnavailable, "no answer from Kafka at " + options.brokers + " within 30 s");
    }
    if (options.create) {
        kafka::EnsureTopics(config, {options.topic}, options.partitions, options.replication, std::chrono::seconds(30));
    }

    const std::uint64_t capacity = Capacity(options);
    DeliveryState delivery(capacity);
    ReceiveState received(run_id, capacity);
    const auto wall_start = SteadyClock::now();

    // Consumer first, in its own group, from the end of the topic (records of earlier runs are not
    // read, so they neither delay this run nor count in its rate); only that start position differs
    // from the services' consumers. It is positioned before the first measured record (WarmUp).
    kafka::Config consumer_config = config;
    consumer_config.overrides["auto.offset.reset"] = "latest";
    kafka::Consumer consumer(consumer_config);
    consumer.Subscribe({options.topic}, [&received](const kafka::Message& message) { received.OnMessage(message); });
    consumer.Start();
    const auto assign_deadline = SteadyClock::now() + std::chrono::seconds(30);
    while (consumer.AssignedCount() == 0) {
        if (SteadyClock::now() > assign_deadline) {
            throw Error(ErrorCode::kUnavailable, "consumer group " + config.group_id + " got no partitions of " +
                                                     options.topic + " within 30 s (does the topic exist? --create)");
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }

    kafka::Producer producer(config);
    const int partitions = WarmUp(producer, received, options);
    if (options.backlog) received.gate_open = false;
    const auto cpu_before = ReadCpu();

    // Producer loop (this thread).
    std::string payload(options.size, 'x');
    payload.replace(0, kMagic.size(), kMagic);
    Put(payload, kRunIdAt, run_id);
    std::uint64_t sent = 0;
    std::uint64_t backpressure_waits = 0;
    SteadyClock::duration backpressure_time{};
    std::uint64_t slow_publishes = 0;
    bool capped = false;
    const auto start = SteadyClock::now();
    const auto wall_start_us = WallMicros();
    const auto stop_at = start + options.duration;
    for (std::uint64_t seq = 0;; ++seq) {
        auto now = SteadyClock::now();
        if (options.messages > 0 ? seq >= options.messages : now >= stop_at) break;
        if (seq >= capacity) {
            capped = true;
            break;
        }
        std::int64_t send_us = 0;
        if (options.rate > 0) {
            // Open loop: record `seq` is due at start + seq/rate whatever happened before, and its
            // latency counts from then (a stalled producer shows up as latency, not as a lower rate).
            auto due_us = static_cast<std::int64_t>(static_cast<double>(seq) * 1e6 / options.rate);
            auto due = start + std::chrono::microseconds(due_us);
            if (now < due) std::this_thread::sleep_until(due);
            send_us = wall_start_us + due_us;
        }
        if (delivery.in_flight.load(std::memory_order_relaxed) >= options.max_in_flight) {
            ++backpressure_waits;
            auto waited_from = SteadyClock::now();
            while (delivery.in_flight.load(std::memory_order_relaxed) >= options.max_in_flight) {
                std::this_thread::sleep_for(std::chrono::microseconds(100));
            }
            backpressure_time += SteadyClock::now() - waited_from;
        }
        if (options.rate <= 0) send_us = WallMicros();
        Put(payload, kSeqAt, seq);
        Put(payload, kSentAt, send_us);
        auto key = std::to_string(seq % options.key_range);
        ++delivery.in_flight;
        ++sent;
        auto publish_start = SteadyClock::now();
        producer.PublishAsync(options.topic, key, payload, {},
                              [&delivery, seq](const kafka::DeliveryReport* report, const std::string& error) {
                                  delivery.OnDelivery(seq, report, error);
                              });
        // PublishAsync itself waits (poll 10 ms, retry) while librdkafka's queue is full.
        if (SteadyClock::now() - publish_start >= std::chrono::milliseconds(5)) ++slow_publishes;
    }
    const auto produced = SteadyClock::now();
    if (!producer.Flush(options.message_timeout + std::chrono::seconds(5))) {
        log::Warn("producer flush timed out", {{"inFlight", delivery.in_flight.load()}});
    }
    while (delivery.in_flight.load() > 0 && SteadyClock::now() < produced + options.message_timeout * 2) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    const std::uint64_t acked = delivery.acked.load();
    const auto gate_opened = SteadyClock::now();
    received.gate_open.store(true, std::memory_order_release);
    const auto last_ack = SteadyClock::time_point(SteadyClock::duration(delivery.last_ack_ns.load()));

    // Drain: every acknowledged record must arrive.
    const auto drain_deadline = SteadyClock::now() + options.drain_timeout;
    while (received.unique.load(std::memory_order_acquire) < acked && SteadyClock::now() < drain_deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    const auto drained = SteadyClock::now();
    consumer.Stop();  // joins the consume thread: `received` is stable from here on
    const auto cpu_after = ReadCpu();

    std::uint64_t lost = 0;
    std::uint64_t unacked_but_received = 0;
    for (std::uint64_t seq = 0; seq < sent; ++seq) {
        bool was_acked = delivery.acked_bits.Test(seq);
        bool was_seen = received.seen.Test(seq);
        lost += was_acked && !was_seen;
        unacked_but_received += !was_acked && was_seen;
    }

    const double bytes = static_cast<double>(options.size);
    const double produce_seconds = acked > 0 ? Seconds(last_ack - start) : Seconds(produced - start);
    const std::uint64_t unique = received.unique.load();
    // Live: first to last record received. Backlog: from the release of the consumer to the last one.
    const double consume_seconds =
        unique > 1 ? Seconds(received.last - (options.backlog ? gate_opened : received.first)) : 0.0;
    const double mib = 1024.0 * 1024.0;
    const std::uint64_t duplicates = received.duplicates.load();
    const bool ok = lost == 0 && duplicates == 0 && acked > 0;

    nlohmann::json producer_json = {
        {"sent", sent},
        {"acked", acked},
        {"errors", delivery.errors.load()},
        {"first_error", delivery.first_error},
        {"seconds", Round(produce_seconds, 3)},
        {"rate", Round(produce_seconds > 0 ? static_cast<double>(acked) / produce_seconds : 0, 1)},
        {"mb_per_s", Round(produce_seconds > 0 ? static_cast<double>(acked) * bytes / mib / produce_seconds : 0, 2)},
        {"target_rate", options.rate},
        {"max_in_flight", options.max_in_flight},
        {"backpressure_waits", backpressure_waits},
        {"backpressure_wait_seconds", Round(Seconds(backpressure_time), 3)},
        {"slow_publishes", slow_publishes},
        {"capped", capped}};
    nlohmann::json consumer_json = {
        {"received", unique},
        {"duplicates", duplicates},
        {"foreign", received.foreign.load()},
        {"warmup_records", received.warmups.load()},
        {"unacked_but_received", unacked_but_received},
        {"group", config.group_id},
        {"seconds", Round(consume_seconds, 3)},
        {"rate", Round(consume_seconds > 0 ? static_cast<double>(unique) / consume_seconds : 0, 1)},
        {"mb_per_s", Round(consume_seconds > 0 ? static_cast<double>(unique) * bytes / mib / consume_seconds : 0, 2)},
        {"drain_seconds", Round(Seconds(drained - produced), 3)},
        {"mode", options.backlog ? "backlog (held until every record was acknowledged, then drained)"
                                 : "live (consuming while the producer runs)"}};
    // Mirrors libs/kafka/src/producer.cpp and consumer.cpp (the classes do not expose their
    // librdkafka configuration); keep in sync when those change.
    nlohmann::json settings = {{"client", "librdkafka " + RdKafka::version_str()},
                               {"producer",
                                {{"class", "tt::kafka::Producer (PublishAsync, one std::function callback per record)"},
                                 {"acks", "all"},
                                 {"enable.idempotence", true},
                                 {"linger.ms", 2},
                                 {"compression.type", "lz4"},
                                 {"partitioner", "murmur2_random"},
                                 {"message.timeout.ms", options.message_timeout.count()},
                                 {"keys", "\"0\"..\"" + std::to_string(options.key_range - 1) + "\" round robin"}}},
                               {"consumer",
                                {{"class", "tt::kafka::Consumer (handler per record, offsets stored per record)"},
                                 {"enable.auto.commit", false},
                                 {"enable.auto.offset.store", false},
                                 {"commit_interval_ms", config.commit_interval.count()},
                                 {"auto.offset.reset", "latest (bench only: the services use earliest)"},
                                 {"session.timeout.ms", 10000}}}};
    const double cpu_user = cpu_after.user - cpu_before.user;
    const double cpu_sys = cpu_after.sys - cpu_before.sys;
    return {{"tool", "tt-kafka-bench"},
            {"run_id", run_hex.str()},
            {"topic", options.topic},
            {"messages", sent},
            {"size", options.size},
            {"partitions", partitions},
            {"producer", producer_json},
            {"consumer", consumer_json},
            {"lost", lost},
            {"ok", ok},
            {"e2e_latency_ms", LatencyJson(received.e2e_us, 1e-3,
                                           options.rate > 0 ? "receive time - scheduled send time (payload, us)"
                                                            : "receive time - send time (payload, us)")},
            {"e2e_latency_createtime_ms", LatencyJson(received.create_time_ms, 1.0, "receive time - CreateTime (ms)")},
            {"settings", settings},
            // self: the whole process (start-up and warm-up included); measured: from the first
            // record to the end of the drain, which cpu_us_per_event divides by the records sent.
            {"cpu_seconds",
             {{"self", Round(cpu_after.user + cpu_after.sys, 2)},
              {"measured", Round(cpu_user + cpu_sys, 2)},
              {"user", Round(cpu_user, 2)},
              {"sys", Round(cpu_sys, 2)}}},
            {"cpu_us_per_event", Round(sent > 0 ? (cpu_user + cpu_sys) * 1e6 / static_cast<double>(sent) : 0, 2)},
            {"peak_rss_kb", PeakRssKb()},
            {"wall_seconds", Round(Seconds(SteadyClock::now() - wall_start), 3)}};
}

}  // namespace tt::bench
