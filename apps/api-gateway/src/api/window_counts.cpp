#include "api/window_counts.hpp"

namespace gateway::api {

std::string WindowCounts::KeyOf(const std::string& key, std::int64_t window) {
    return key + ":" + std::to_string(window);
}

WindowCounts::Tally WindowCounts::Hit(const std::string& key, std::int64_t window) {
    std::lock_guard lock(mutex_);
    auto& count = counts_[KeyOf(key, window)];
    count.window = window;
    Tally tally;
    if (count.pending++ == 0) tally.first_pending = pending_keys_++ == 0;
    tally.count = count.known + count.pending;
    return tally;
}

bool WindowCounts::Sync(const Flush& flush, std::int64_t current_window) {
    std::vector<std::pair<std::string, std::int64_t>> adds;
    {
        std::lock_guard lock(mutex_);
        for (auto it = counts_.begin(); it != counts_.end();) {
            if (it->second.window < current_window) {
                if (it->second.pending > 0) --pending_keys_;
                it = counts_.erase(it);  // a window that has ended limits nothing any more
                continue;
            }
            if (it->second.pending > 0) adds.emplace_back(it->first, it->second.pending);
            ++it;
        }
    }
    if (adds.empty()) return true;
    std::vector<std::int64_t> totals;
    bool sent = true;
    try {
        totals = flush(adds);
        sent = totals.size() == adds.size();
    } catch (const std::exception&) {
        sent = false;
    }
    std::lock_guard lock(mutex_);
    for (std::size_t i = 0; i < adds.size(); ++i) {
        auto it = counts_.find(adds[i].first);
        if (it == counts_.end()) continue;
        auto& count = it->second;
        // Hits counted while the flush ran stay pending for the next sync.
        count.pending -= adds[i].second;
        if (sent) {
            count.known = totals[i];
        } else {
            count.known += adds[i].second;  // kept here, never sent twice
        }
        if (count.pending == 0) --pending_keys_;
    }
    return sent;
}

bool WindowCounts::HasPending() const {
    std::lock_guard lock(mutex_);
    return pending_keys_ > 0;
}

std::size_t WindowCounts::KeyCount() const {
    std::lock_guard lock(mutex_);
    return counts_.size();
}

}  // namespace gateway::api
