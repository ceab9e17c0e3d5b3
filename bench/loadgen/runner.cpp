#include "runner.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <deque>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>

namespace tt::bench {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
constexpr auto kUseTuple = asio::as_tuple(asio::use_awaitable);
constexpr auto kLateSend = std::chrono::milliseconds(1);
constexpr auto kReconnectBackoff = std::chrono::milliseconds(100);
constexpr auto kDrainPoll = std::chrono::milliseconds(2);
// The dispatcher sleeps at least this long: above 20k req/s it releases small batches instead of
// re-arming the timer (a timerfd_settime system call) for every request. Costs at most this much
// added latency, which is measured, not hidden.
constexpr auto kMinDispatchSleep = std::chrono::microseconds(50);

// A response body that is parsed (chunked, content-length) and thrown away.
struct DiscardBody {
    struct value_type {};
    class reader {
    public:
        template <bool kIsRequest, class Fields>
        reader(http::header<kIsRequest, Fields>& /*header*/, value_type& /*body*/) {}
        void init(const boost::optional<std::uint64_t>& /*length*/, beast::error_code& ec) { ec = {}; }
        template <class ConstBufferSequence>
        std::size_t put(const ConstBufferSequence& buffers, beast::error_code& ec) {
            ec = {};
            return asio::buffer_size(buffers);
        }
        void finish(beast::error_code& ec) { ec = {}; }
    };
};

struct Pending {
    Clock::time_point due;
    bool recorded = false;
    Request request;
};

// State shared by all io threads (read-only except the atomic).
struct Shared {
    const RunConfig* config;
    Workload* workload;
    tcp::resolver::results_type endpoints;
    Clock::time_point start;
    std::int64_t total = 0;           // requests on the timeline (warm-up + duration)
    std::int64_t first_recorded = 0;  // first index due in the measured window
    std::atomic<bool> exhausted{false};

    Clock::time_point Due(std::int64_t i) const {
        const auto offset_ns = static_cast<std::int64_t>(std::llround(static_cast<double>(i) * 1e9 / config->rate));
        return start + std::chrono::nanoseconds(offset_ns);
    }
};

// One io thread: its own io_context, dispatcher, queue and connections. Everything below runs on
// that thread only, so nothing is locked (the Workload locks itself).
class Worker {
public:
    Worker(Shared& shared, int index, int connections) : shared_(shared), index_(index), signal_(ioc_) {
        slots_.reserve(static_cast<std::size_t>(connections));
        for (int c = 0; c < connections; ++c) {
            slots_.push_back(std::make_unique<Slot>(ioc_));
        }
    }

    void Run() {
        signal_.expires_at(asio::steady_timer::time_point::max());
        asio::co_spawn(ioc_, Dispatch(), asio::detached);
        for (std::size_t c = 0; c < slots_.size(); ++c) {
            asio::co_spawn(ioc_, Connection(c), asio::detached);
        }
        ioc_.run();
    }

    const RunStats& Stats() const { return stats_; }

private:
    struct Slot {
        explicit Slot(asio::io_context& ioc) : stream(ioc), backoff(ioc) {}
        beast::tcp_stream stream;
        asio::steady_timer backoff;
        std::optional<Pending> in_flight;
    };

    std::chrono::milliseconds Timeout() const { return std::chrono::milliseconds(shared_.config->timeout_ms); }

    asio::awaitable<void> Dispatch() {
        asio::steady_timer timer(ioc_);
        const std::int64_t step = shared_.config->threads;
        std::int64_t i = index_;
        for (; i < shared_.total; i += step) {
            const auto due = shared_.Due(i);
            if (const auto now = Clock::now(); now < due) {
                timer.expires_at(std::max(due, now + kMinDispatchSleep));
                co_await timer.async_wait(kUseTuple);
            }
            if (shared_.exhausted.load(std::memory_order_relaxed)) {
                break;
            }
            Pending pending;
            pending.due = due;
            pending.recorded = i >= shared_.first_recorded;
            if (!shared_.workload->Next(pending.request)) {
                shared_.exhausted.store(true, std::memory_order_relaxed);
                break;
            }
            if (pending.recorded) {
                ++stats_.scheduled;
                if (Clock::now() - due > kLateSend) {
                    ++stats_.late_sends;
                }
            }
            const bool recorded = pending.recorded;
            queue_.push_back(std::move(pending));
            ++outstanding_;
            if (recorded) {
                stats_.max_backlog = std::max<std::uint64_t>(stats_.max_backlog, queue_.size());
            }
            signal_.cancel_one();
        }
        for (; i < shared_.total; i += step) {  // left undone because the workload ran out
            if (i >= shared_.first_recorded) {
                ++stats_.errors_exhausted;
            }
        }
        const auto deadline = std::max(Clock::now(), shared_.Due(shared_.total)) + Timeout();
        while (outstanding_ > 0 && Clock::now() < deadline) {
            timer.expires_after(kDrainPoll);
            co_await timer.async_wait(kUseTuple);
        }
        Stop();
    }

    // Ends the run on this thread: whatever is still queued or in flight counts as a timeout.
    void Stop() {
        stopping_ = true;
        for (const auto& p : queue_) {
            if (p.recorded) {
                ++stats_.errors_timeout;
            }
        }
        queue_.clear();
        for (auto& slot : slots_) {
            if (slot->in_flight && slot->in_flight->recorded) {
                ++stats_.errors_timeout;
            }
            slot->in_flight.reset();
            beast::error_code ignored;
            slot->stream.socket().close(ignored);
            slot->backoff.cancel();
        }
        signal_.cancel();
    }

    // A write or read failed: count it, forget the connection (the next loop reconnects).
    void Fail(Slot& slot, const beast::error_code& ec) {
        Pending& p = *slot.in_flight;
        if (p.recorded) {
            if (ec == beast::error::timeout) {
                ++stats_.errors_timeout;
            } else {
                ++stats_.errors_io;
            }
        }
        shared_.workload->Complete(p.request, false);
        slot.in_flight.reset();
        --outstanding_;
        beast::error_code ignored;
        slot.stream.socket().close(ignored);
    }

    void Done(Slot& slot, unsigned status) {
        Pending& p = *slot.in_flight;
        if (p.recorded) {
            const auto latency_us = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - p.due).count();
            ++stats_.completed;
            ++stats_.status_codes[std::min<unsigned>(status, stats_.status_codes.size() - 1)];
            stats_.latency.Record(latency_us);
            stats_.per_op[static_cast<std::size_t>(p.request.op)].latency.Record(latency_us);
        }
        shared_.workload->Complete(p.request, status >= 200 && status < 300);
        slot.in_flight.reset();
        --outstanding_;
    }

    asio::awaitable<void> Connection(std::size_t index) {
        Slot& slot = *slots_[index];
        beast::flat_buffer buffer;
        bool opened_before = false;
        while (!stopping_) {
            if (!slot.stream.socket().is_open()) {
                slot.stream.expires_after(Timeout());
                auto [ec, endpoint] = co_await slot.stream.async_connect(shared_.endpoints, kUseTuple);
                if (stopping_) {
                    break;
                }
                if (ec) {
                    ++stats_.errors_connect;
                    beast::error_code ignored;
                    slot.stream.socket().close(ignored);
                    slot.backoff.expires_after(kReconnectBackoff);
                    co_await slot.backoff.async_wait(kUseTuple);
                    continue;
                }
                stats_.ever_connected = true;
                if (opened_before) {
                    ++stats_.reconnects;
                }
                opened_before = true;
                slot.stream.socket().set_option(tcp::no_delay(true), ec);
                buffer.clear();
            }
            while (queue_.empty() && !stopping_) {
                co_await signal_.async_wait(kUseTuple);
            }
            if (stopping_) {
                break;
            }
            slot.in_flight.emplace(std::move(queue_.front()));
            queue_.pop_front();
            slot.stream.expires_after(Timeout());
            auto [write_ec, written] =
                co_await asio::async_write(slot.stream, asio::buffer(slot.in_flight->request.bytes), kUseTuple);
            if (stopping_) {
                break;
            }
            if (write_ec) {
                Fail(slot, write_ec);
                continue;
            }
            if (slot.in_flight->recorded) {
                ++stats_.sent;
                ++stats_.per_op[static_cast<std::size_t>(slot.in_flight->request.op)].sent;
            }
            http::response_parser<DiscardBody> parser;
            parser.body_limit(boost::none);
            auto [read_ec, read] = co_await http::async_read(slot.stream, buffer, parser, kUseTuple);
            if (stopping_) {
                break;
            }
            if (read_ec) {
                Fail(slot, read_ec);
                continue;
            }
            Done(slot, parser.get().result_int());
            if (!parser.get().keep_alive()) {
                beast::error_code ignored;
                slot.stream.socket().close(ignored);
            }
        }
    }

    Shared& shared_;
    int index_;
    asio::io_context ioc_{1};
    asio::steady_timer signal_;  // never expires; cancel_one() wakes a connection waiting for work
    std::vector<std::unique_ptr<Slot>> slots_;
    std::deque<Pending> queue_;
    std::int64_t outstanding_ = 0;  // queued + in flight
    bool stopping_ = false;
    RunStats stats_;
};

tcp::resolver::results_type ResolveAndProbe(const RunConfig& config) {
    asio::io_context ioc{1};
    tcp::resolver resolver(ioc);
    beast::error_code ec;
    auto endpoints = resolver.resolve(config.host, config.port, ec);
    if (ec) {
        throw ConnectError("cannot resolve " + config.host + ":" + config.port + ": " + ec.message());
    }
    beast::tcp_stream probe(ioc);
    probe.expires_after(std::chrono::milliseconds(config.timeout_ms));
    probe.async_connect(endpoints, [&ec](beast::error_code e, const tcp::endpoint&) { ec = e; });
    ioc.run();
    if (ec) {
        throw ConnectError("cannot connect to " + config.host + ":" + config.port + ": " + ec.message() +
                           " (is the server up? check --url)");
    }
    return endpoints;
}

}  // namespace

void RunStats::Merge(const RunStats& other) {
    scheduled += other.scheduled;
    sent += other.sent;
    completed += other.completed;
    for (std::size_t i = 0; i < status_codes.size(); ++i) {
        status_codes[i] += other.status_codes[i];
    }
    errors_connect += other.errors_connect;
    errors_timeout += other.errors_timeout;
    errors_io += other.errors_io;
    errors_exhausted += other.errors_exhausted;
    late_sends += other.late_sends;
    max_backlog = std::max(max_backlog, other.max_backlog);  // per thread queue; the largest one
    reconnects += other.reconnects;
    ever_connected = ever_connected || other.ever_connected;
    latency.Merge(other.latency);
    for (std::size_t i = 0; i < per_op.size(); ++i) {
        per_op[i].sent += other.per_op[i].sent;
        per_op[i].latency.Merge(other.per_op[i].latency);
    }
}

RunStats RunLoad(const RunConfig& config, Workload& workload, std::chrono::system_clock::time_point* started_at) {
    Shared shared;
    shared.config = &config;
    shared.workload = &workload;
    shared.endpoints = ResolveAndProbe(config);
    shared.total = static_cast<std::int64_t>(std::floor((config.warmup_s + config.duration_s) * config.rate));
    shared.first_recorded = static_cast<std::int64_t>(std::ceil(config.warmup_s * config.rate));
    // A little head room so every thread is running before the first request is due.
    shared.start = Clock::now() + std::chrono::milliseconds(20);
    if (started_at != nullptr) {
        *started_at = std::chrono::system_clock::now() + std::chrono::milliseconds(20) +
                      std::chrono::duration_cast<std::chrono::system_clock::duration>(
                          std::chrono::duration<double>(config.warmup_s));
    }

    std::vector<std::unique_ptr<Worker>> workers;
    for (int t = 0; t < config.threads; ++t) {
        const int connections = config.connections / config.threads + (t < config.connections % config.threads ? 1 : 0);
        workers.push_back(std::make_unique<Worker>(shared, t, connections));
    }
    std::vector<std::thread> threads;
    for (int t = 1; t < config.threads; ++t) {
        threads.emplace_back([&workers, t] { workers[static_cast<std::size_t>(t)]->Run(); });
    }
    workers[0]->Run();
    for (auto& th : threads) {
        th.join();
    }
    RunStats total;
    for (const auto& w : workers) {
        total.Merge(w->Stats());
    }
    return total;
}

}  // namespace tt::bench
