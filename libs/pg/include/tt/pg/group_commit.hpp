#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "tt/core/config.hpp"
#include "tt/core/metrics.hpp"
#include "tt/pg/pool.hpp"

namespace tt::pg {

struct GroupCommitOptions {
    int workers = 2;        // batches in flight at once (each holds one pool connection)
    int max_batch = 128;    // operations per transaction
    std::chrono::milliseconds deadline_margin{200};  // an operation with less left is refused, not started
};

// Reads GROUP_COMMIT_WORKERS and GROUP_COMMIT_MAX_BATCH.
GroupCommitOptions LoadGroupCommitOptions(config::Reader& reader);

// Group commit: concurrent small write transactions (a like, a view) share one database transaction
// and so one COMMIT, and a hot row (the counters of a popular video) is locked once per batch instead
// of once per request, with every other writer queueing behind it.
//
// Run() blocks its caller until the operation is durable (or failed) and returns what `work`
// returned, as Pool::InTransaction would. Semantics kept:
//  - all-or-nothing per operation: when any operation of a batch throws, the batch is rolled back
//    and each of its operations runs again alone in its own transaction, so one bad request never
//    fails its neighbours (operations must be re-runnable: no side effects outside `conn`);
//  - order per key: a batch applies its operations grouped by `key` (sorted, so concurrent batches
//    lock rows in one order and cannot deadlock), in arrival order within a key. Operations on one
//    key that sit in two batches in flight at once commit in either order, as two concurrent
//    transactions would; a caller that waits for its answer before the next write keeps its order;
//  - the caller's deadline (tt::DeadlineScope): an operation with less than deadline_margin left is
//    refused with kDeadlineExceeded before it runs.
class GroupCommitter {
public:
    GroupCommitter(Pool& pool, GroupCommitOptions options);
    ~GroupCommitter();  // finishes queued operations, then joins the workers
    GroupCommitter(const GroupCommitter&) = delete;
    GroupCommitter& operator=(const GroupCommitter&) = delete;

    template <typename Fn>
    auto Run(std::string key, Fn&& work) -> decltype(work(std::declval<Connection&>()));

    // tt_group_commit_batches_total, _operations_total, _fallbacks_total (label name), batch size
    // and transaction time histograms.
    void WriteMetrics(MetricsText& out, const std::string& name) const;

private:
    struct Op {
        std::string key;
        std::function<void(Connection&)> work;
        std::chrono::system_clock::time_point deadline;
        std::promise<void> done;
    };

    void Submit(Op& op);
    void WorkerLoop();
    void RunBatch(std::vector<Op*>& batch);
    void RunAlone(Op& op);

    Pool& pool_;
    GroupCommitOptions options_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<Op*> queue_;
    bool stopping_ = false;
    std::vector<std::thread> workers_;
    std::atomic<std::uint64_t> batches_{0};
    std::atomic<std::uint64_t> operations_{0};
    std::atomic<std::uint64_t> fallbacks_{0};
    metrics::Histogram batch_seconds_;
    std::array<std::atomic<std::uint64_t>, 9> size_buckets_{};  // 1, 2, 4, ..., 128, more
};

template <typename Fn>
auto GroupCommitter::Run(std::string key, Fn&& work) -> decltype(work(std::declval<Connection&>())) {
    using Result = decltype(work(std::declval<Connection&>()));
    Op op;
    op.key = std::move(key);
    op.deadline = CurrentDeadline();
    if constexpr (std::is_void_v<Result>) {
        op.work = [&work](Connection& conn) { work(conn); };
        Submit(op);
    } else {
        // Overwritten when a failed batch makes the operation run again alone.
        std::optional<Result> result;
        op.work = [&work, &result](Connection& conn) { result = work(conn); };
        Submit(op);
        return std::move(*result);
    }
}

}  // namespace tt::pg
