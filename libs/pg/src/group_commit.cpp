#include "tt/pg/group_commit.hpp"

#include <algorithm>

#include "tt/core/error.hpp"
#include "tt/core/log.hpp"

namespace tt::pg {

GroupCommitOptions LoadGroupCommitOptions(config::Reader& reader) {
    GroupCommitOptions options;
    options.workers = static_cast<int>(reader.Int({"GROUP_COMMIT_WORKERS"}, options.workers, 1, 16,
                                                  "transactions of batched writes in flight at once"));
    options.max_batch = static_cast<int>(reader.Int({"GROUP_COMMIT_MAX_BATCH"}, options.max_batch, 1, 4096,
                                                    "writes (likes, views) sharing one transaction at most"));
    return options;
}

GroupCommitter::GroupCommitter(Pool& pool, GroupCommitOptions options) : pool_(pool), options_(options) {
    for (int i = 0; i < options_.workers; ++i) workers_.emplace_back([this] { WorkerLoop(); });
}

GroupCommitter::~GroupCommitter() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    for (auto& worker : workers_) worker.join();
}

void GroupCommitter::Submit(Op& op) {
    auto done = op.done.get_future();
    {
        std::lock_guard lock(mutex_);
        if (stopping_) throw Error(ErrorCode::kUnavailable, "shutting down: the write was not made, try again");
        queue_.push_back(&op);
    }
    wake_.notify_one();
    done.get();  // rethrows the operation's failure
}

void GroupCommitter::WorkerLoop() {
    std::vector<Op*> batch;
    for (;;) {
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) return;  // stopping and drained
            auto n = std::min<std::size_t>(queue_.size(), static_cast<std::size_t>(options_.max_batch));
            batch.assign(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(n));
            queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(n));
        }
        RunBatch(batch);
        batch.clear();
    }
}

void GroupCommitter::RunBatch(std::vector<Op*>& batch) {
    auto started = std::chrono::steady_clock::now();
    auto now = std::chrono::system_clock::now();
    std::vector<Op*> live;
    for (auto* op : batch) {
        if (op->deadline != std::chrono::system_clock::time_point::max() &&
            op->deadline - now < options_.deadline_margin) {
            op->done.set_exception(std::make_exception_ptr(Error(
                ErrorCode::kDeadlineExceeded,
                "the caller's deadline passed before the write was made: nothing was changed, try again")));
        } else {
            live.push_back(op);
        }
    }
    if (live.empty()) return;
    std::stable_sort(live.begin(), live.end(), [](const Op* a, const Op* b) { return a->key < b->key; });
    ++batches_;
    operations_ += live.size();
    std::size_t bucket = 0;
    while (bucket + 1 < size_buckets_.size() && (std::size_t{1} << bucket) < live.size()) ++bucket;
    ++size_buckets_[bucket];

    if (live.size() == 1) {
        RunAlone(*live.front());
        batch_seconds_.Observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
        return;
    }
    std::exception_ptr failure;
    bool work_failed = false;
    try {
        auto lease = pool_.Acquire();
        lease->Begin();
        try {
            for (auto* op : live) op->work(*lease);
            // The operations' deferred writes (outbox rows) fail here as their own, not as the COMMIT.
            lease->FlushDeferred();
        } catch (...) {
            work_failed = true;
            try {
                if (lease->Healthy() && lease->InOpenTransaction()) lease->Rollback();
            } catch (const Error&) {
                lease->Reset();
            }
            throw;
        }
        lease->Commit();
    } catch (...) {
        failure = std::current_exception();
    }
    batch_seconds_.Observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    if (!failure) {
        for (auto* op : live) op->done.set_value();
        return;
    }
    if (work_failed) {
        // Some operation failed (a bad request, a constraint): nothing of the batch was kept. Each
        // operation runs again alone, so only the one at fault fails.
        ++fallbacks_;
        for (auto* op : live) RunAlone(*op);
        return;
    }
    // No connection, or COMMIT itself failed (outcome unknown, as for a single transaction): every
    // operation reports it, and none is run twice.
    for (auto* op : live) op->done.set_exception(failure);
}

void GroupCommitter::RunAlone(Op& op) {
    try {
        pool_.InTransaction([&op](Connection& conn) { op.work(conn); });
        op.done.set_value();
    } catch (...) {
        op.done.set_exception(std::current_exception());
    }
}

void GroupCommitter::WriteMetrics(MetricsText& out, const std::string& name) const {
    MetricsText::Labels labels{{"name", name}};
    out.Counter("tt_group_commit_batches_total", "transactions of batched writes", static_cast<double>(batches_.load()),
                labels);
    out.Counter("tt_group_commit_operations_total", "writes made in batches", static_cast<double>(operations_.load()),
                labels);
    out.Counter("tt_group_commit_fallbacks_total", "batches rolled back and re-run one write at a time",
                static_cast<double>(fallbacks_.load()), labels);
    std::vector<double> bounds;
    std::vector<std::uint64_t> counts;
    for (std::size_t i = 0; i < size_buckets_.size(); ++i) {
        if (i + 1 < size_buckets_.size()) bounds.push_back(static_cast<double>(std::size_t{1} << i));
        counts.push_back(size_buckets_[i].load());
    }
    double sum = static_cast<double>(operations_.load());
    out.Histogram("tt_group_commit_batch_size", "writes per batch", bounds, counts, sum, labels);
    batch_seconds_.Write(out, "tt_group_commit_batch_seconds", "time from taking a batch to its commit", labels);
}

}  // namespace tt::pg
