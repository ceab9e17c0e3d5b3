#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tt/pg/connection.hpp"

namespace interaction::store {

struct FollowCounts {
    std::int64_t followers = 0;
    std::int64_t following = 0;
};

// A page of user ids, newest follow first, with the keyset cursor of the next page.
struct FollowPage {
    std::vector<std::string> user_ids;
    std::string next_cursor;  // empty on the last page
};

// Statements over follows and user_stats. Each takes the connection of the caller's transaction.
class FollowStore {
public:
    bool IsKnownUser(tt::pg::Connection& conn, const std::string& user_id);
    void RememberUser(tt::pg::Connection& conn, const std::string& user_id);
    // Locks both users' stats rows in id order, so concurrent A→B and B→A cannot deadlock.
    void LockPair(tt::pg::Connection& conn, const std::string& a, const std::string& b);
    bool Insert(tt::pg::Connection& conn, const std::string& follower, const std::string& following);
    bool Delete(tt::pg::Connection& conn, const std::string& follower, const std::string& following);
    bool Exists(tt::pg::Connection& conn, const std::string& follower, const std::string& following);
    // Adds `delta` to following's followers and follower's following.
    void AddToCounts(tt::pg::Connection& conn, const std::string& follower, const std::string& following, int delta);
    FollowCounts Counts(tt::pg::Connection& conn, const std::string& user_id);

    // followers == true: who follows `user_id`; false: whom `user_id` follows. `cursor` (from a previous
    // page) wins over `offset`. Throws tt::Error(kInvalidArgument) for a malformed cursor.
    FollowPage List(tt::pg::Connection& conn, const std::string& user_id, bool followers, int limit,
                    std::int64_t offset, const std::string& cursor);
};

}  // namespace interaction::store
