#include "api/window_counts.hpp"

namespace gateway::api {

std::string WindowCounts::KeyOf(const std::string& key, std::int64_t window) {
    return key + ":" + std::to_string(window);
}

WindowCounts::Tally WindowCounts::Hit(const std::string& key, std::int64_t window) {
    std::lock_guard lock(mutex_);
    auto full_key = KeyOf(key, window);
    auto& count = counts_[full_key];
    count.window = window;
    if (!count.listed) {
        pending_list_.push_back(std::move(full_key));
        count.listed = true;
    }
    Tally tally;
    if (count.pending++ == 0) tally.first_pending = pending_keys_++ == 0;
    tally.count = count.known + count.pending;
    return tally;
}

bool WindowCounts::Sync(const Flush& flush, std::int64_t current_window) {
    std::vector<std::pair<std::string, std::int64_t>> adds;
    {
        std::lock_guard lock(mutex_);
        if (current_window != swept_window_) {
            for (auto it = counts_.begin(); it != counts_.end();) {
                if (it->second.window < current_window) {
                    if (it->second.pending > 0) --pending_keys_;
                    it = counts_.erase(it);  // a window that has ended limits nothing any more
                } else {
                    ++it;
                }
            }
            swept_window_ = current_window;
        }
        std::vector<std::string> listed;
        listed.swap(pending_list_);
        for (auto& key : listed) {
            auto it = counts_.find(key);
            if (it == counts_.end()) continue;  // its window ended
            it->second.listed = false;
            if (it->second.pending > 0) adds.emplace_back(std::move(key), it->second.pending);
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
        if (count.pending == 0) {
            --pending_keys_;
        } else if (!count.listed) {
            pending_list_.push_back(adds[i].first);
            count.listed = true;
        }
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
