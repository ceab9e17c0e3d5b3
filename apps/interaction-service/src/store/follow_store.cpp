#include "store/follow_store.hpp"

#include "tt/core/error.hpp"
#include "tt/core/ids.hpp"
#include "tt/pg/keyset.hpp"

namespace interaction::store {

bool FollowStore::IsKnownUser(tt::pg::Connection& conn, const std::string& user_id) {
    return conn.Exec("SELECT 1 FROM user_stats WHERE user_id = $1", {user_id}).Rows() > 0;
}

void FollowStore::RememberUser(tt::pg::Connection& conn, const std::string& user_id) {
    conn.Exec("INSERT INTO user_stats (user_id) VALUES ($1) ON CONFLICT DO NOTHING", {user_id});
}

void FollowStore::LockPair(tt::pg::Connection& conn, const std::string& a, const std::string& b) {
    conn.Exec("SELECT 1 FROM user_stats WHERE user_id IN ($1, $2) ORDER BY user_id FOR UPDATE", {a, b});
}

bool FollowStore::Insert(tt::pg::Connection& conn, const std::string& follower, const std::string& following) {
    return conn.Exec("INSERT INTO follows (follower_id, following_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                     {follower, following})
               .Affected() == 1;
}

bool FollowStore::Delete(tt::pg::Connection& conn, const std::string& follower, const std::string& following) {
    return conn.Exec("DELETE FROM follows WHERE follower_id = $1 AND following_id = $2", {follower, following})
               .Affected() == 1;
}

bool FollowStore::Exists(tt::pg::Connection& conn, const std::string& follower, const std::string& following) {
    return conn.Exec("SELECT 1 FROM follows WHERE follower_id = $1 AND following_id = $2", {follower, following})
               .Rows() > 0;
}

void FollowStore::AddToCounts(tt::pg::Connection& conn, const std::string& follower, const std::string& following,
                              int delta) {
    conn.Exec("UPDATE user_stats SET followers_count = followers_count + $2 WHERE user_id = $1",
              {following, std::to_string(delta)});
    conn.Exec("UPDATE user_stats SET following_count = following_count + $2 WHERE user_id = $1",
              {follower, std::to_string(delta)});
}

FollowCounts FollowStore::Counts(tt::pg::Connection& conn, const std::string& user_id) {
    auto r = conn.Exec("SELECT followers_count, following_count FROM user_stats WHERE user_id = $1", {user_id});
    if (r.Rows() == 0) return {};
    return FollowCounts{r.Int(0, 0), r.Int(0, 1)};
}

FollowPage FollowStore::List(tt::pg::Connection& conn, const std::string& user_id, bool followers, int limit,
                             std::int64_t offset, const std::string& cursor) {
    // The cursor is "<created_at, UTC, microseconds>_<the other user's id>" of the last row shown:
    // exact, so no row is skipped or repeated when follows are added between pages.
    const char* self = followers ? "following_id" : "follower_id";
    const char* other = followers ? "follower_id" : "following_id";
    std::string sql =
        std::string("SELECT ") + other +
        ", to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') FROM follows WHERE " + self +
        " = $1";
    std::vector<tt::pg::Param> params{user_id, std::to_string(limit + 1)};
    if (!cursor.empty()) {
        auto keyset = tt::pg::ParseKeyset(cursor);
        sql += std::string(" AND (created_at, ") + other + ") < ($3::timestamptz, $4::uuid)";
        params.push_back(keyset.created_at);
        params.push_back(keyset.id);
        sql += std::string(" ORDER BY created_at DESC, ") + other + " DESC LIMIT $2";
    } else {
        sql += std::string(" ORDER BY created_at DESC, ") + other + " DESC LIMIT $2 OFFSET $3";
        params.push_back(std::to_string(offset));
    }
    auto r = tt::pg::ExecList(conn, sql, params);
    FollowPage page;
    int shown = std::min(r.Rows(), limit);
    for (int i = 0; i < shown; ++i) page.user_ids.push_back(r.Text(i, 0));
    if (r.Rows() > limit) page.next_cursor = tt::pg::MakeKeyset(r.Text(shown - 1, 1), r.Text(shown - 1, 0));
    return page;
}

}  // namespace interaction::store
