#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "config.hpp"

namespace notification::app {

// What a replay found: the notifications rebuilt from the Kafka log compared with the live ones
// by natural key (recipient, type, actor, object).
struct ReplayReport {
    std::string schema;                     // where the rebuilt tables are (dropped unless kept)
    std::int64_t events = 0;                // records read from the log
    std::int64_t undecodable = 0;           // poison records skipped (the live consumer dead-lettered them)
    std::int64_t rebuilt = 0;               // notifications in the rebuilt table (compared kinds)
    std::int64_t live = 0;                  // notifications in the live table (compared kinds)
    std::vector<std::string> live_only;     // up to 20 natural keys
    std::vector<std::string> rebuilt_only;  // up to 20 natural keys
    std::int64_t live_only_count = 0;
    std::int64_t rebuilt_only_count = 0;
    bool Identical() const { return live_only_count == 0 && rebuilt_only_count == 0; }
    std::string ToJson() const;
};

// Rebuilds the notifications read model from the log into a fresh schema of the service's database
// (same migrations, same handlers, exactly-once bookkeeping of its own) and compares it with the
// live table. Compared: like, follow, comment, reply, comment mentions and trending notifications.
// Not compared: new_video and video mentions, whose fan-out depends on the follower graph at the
// time (not in the events), and read/unread state. Preferences are copied from the live tables
// first. Run it on a quiet system: events published during the replay are in one side only.
// `notification-service replay [--keep]`; topic retention must cover the log (README: Replay).
ReplayReport RebuildAndCompare(const Config& config, bool keep);

}  // namespace notification::app
