#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace gateway::api {

// Request counts per key and fixed window, counted in this process and added to a store shared by
// every gateway (Redis) in batches, so a request never waits for the store. A key's count is the
// shared total this process saw at its last sync plus the hits it counted since: its own hits count
// at once, other processes' within one sync. When the store cannot be reached, the pending hits are
// kept in the local total (never sent twice): each process then enforces the limits on its own
// traffic. Thread-safe.
class WindowCounts {
public:
    // Adds each (key, hits) to the shared counts and returns every key's new total, in order. Throws
    // when the store cannot be reached or refuses.
    using Flush = std::function<std::vector<std::int64_t>(const std::vector<std::pair<std::string, std::int64_t>>&)>;

    struct Tally {
        std::int64_t count = 0;      // the key's count in the window, this hit included
        bool first_pending = false;  // nothing was pending before this hit: time to wake the syncer
    };
    // Counts one hit on `key` in `window`.
    Tally Hit(const std::string& key, std::int64_t window);

    // Sends the hits counted since the last sync through `flush` (one call for all keys) and takes
    // the totals it returns; forgets windows before `current_window`. False when `flush` threw.
    // One caller at a time (the sync thread).
    bool Sync(const Flush& flush, std::int64_t current_window);

    bool HasPending() const;
    std::size_t KeyCount() const;

private:
    struct Count {
        std::int64_t window = 0;
        std::int64_t known = 0;    // the shared total at the last sync (+ hits kept local on failures)
        std::int64_t pending = 0;  // hits of this process not yet sent
        bool listed = false;       // in pending_list_
    };
    static std::string KeyOf(const std::string& key, std::int64_t window);

    mutable std::mutex mutex_;
    std::unordered_map<std::string, Count> counts_;  // by "<key>:<window>"
    // Keys with hits to send: a sync visits these, not every caller of the window (a gateway may
    // count hundreds of thousands of callers per window and syncs every few milliseconds).
    std::vector<std::string> pending_list_;
    std::size_t pending_keys_ = 0;
    std::int64_t swept_window_ = 0;  // windows before this one are forgotten
};

}  // namespace gateway::api
