#include "store/like_store.hpp"

namespace interaction::store {

namespace {

// `changed` is the like row's INSERT or DELETE; the counter moves only when it touched a row.
std::string ChangeLikeSql(const char* changed, const char* delta) {
    return std::string("WITH changed AS (") + changed +
           " RETURNING 1), "
           "counted AS (UPDATE video_stats SET likes_count = likes_count " +
           delta +
           " WHERE video_id = $1 AND EXISTS (SELECT 1 FROM changed) RETURNING likes_count) "
           "SELECT EXISTS (SELECT 1 FROM changed), coalesce((SELECT likes_count FROM counted), 0)";
}

const std::string kLikeSql =
    ChangeLikeSql("INSERT INTO likes (video_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING", "+ 1");
const std::string kUnlikeSql = ChangeLikeSql("DELETE FROM likes WHERE video_id = $1 AND user_id = $2", "- 1");

}  // namespace

LikeStore::Change LikeStore::ChangeLike(tt::pg::Connection& conn, const std::string& video_id,
                                        const std::string& user_id, bool like) {
    auto r = conn.Exec(like ? kLikeSql : kUnlikeSql, {video_id, user_id});
    if (r.Bool(0, 0)) return Change{true, r.Int(0, 1)};
    // Unchanged (a repeat): read the count with a snapshot of its own. The statement's snapshot may
    // predate a concurrent identical like it waited for, whose +1 it would miss.
    auto count = conn.Exec("SELECT likes_count FROM video_stats WHERE video_id = $1", {video_id});
    return Change{false, count.Rows() == 0 ? 0 : count.Int(0, 0)};
}

bool LikeStore::HasLiked(tt::pg::Connection& conn, const std::string& video_id, const std::string& user_id) {
    return conn.Exec("SELECT 1 FROM likes WHERE video_id = $1 AND user_id = $2", {video_id, user_id}).Rows() > 0;
}

LikeStore::VideoCounts LikeStore::Counts(tt::pg::Connection& conn, const std::string& video_id) {
    auto r =
        conn.Exec("SELECT likes_count, comments_count, views_count, shares_count FROM video_stats WHERE video_id = $1",
                  {video_id});
    if (r.Rows() == 0) return {};
    return VideoCounts{r.Int(0, 0), r.Int(0, 1), r.Int(0, 2), r.Int(0, 3)};
}

std::vector<LikeStore::VideoInfo> LikeStore::CountsOf(tt::pg::Connection& conn,
                                                      const std::vector<std::string>& video_ids,
                                                      const std::string& viewer) {
    std::string array = "{";
    for (std::size_t i = 0; i < video_ids.size(); ++i) array += (i ? "," : "") + video_ids[i];
    array += "}";
    auto r = conn.Exec(
        "SELECT v.id, coalesce(s.likes_count, 0), coalesce(s.comments_count, 0), coalesce(s.views_count, 0), "
        "coalesce(s.shares_count, 0), "
        "EXISTS (SELECT 1 FROM likes l WHERE l.video_id = v.id AND l.user_id = nullif($2, '')::uuid) "
        "FROM unnest($1::uuid[]) WITH ORDINALITY AS v(id, n) LEFT JOIN video_stats s ON s.video_id = v.id ORDER BY v.n",
        {array, viewer});
    std::vector<VideoInfo> out;
    for (int i = 0; i < r.Rows(); ++i) {
        out.push_back(
            VideoInfo{r.Text(i, 0), VideoCounts{r.Int(i, 1), r.Int(i, 2), r.Int(i, 3), r.Int(i, 4)}, r.Bool(i, 5)});
    }
    return out;
}

}  // namespace interaction::store
