#include "store/like_store.hpp"

namespace interaction::store {

bool LikeStore::InsertLike(tt::pg::Connection& conn, const std::string& video_id, const std::string& user_id) {
    return conn.Exec("INSERT INTO likes (video_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                     {video_id, user_id})
               .Affected() == 1;
}

bool LikeStore::DeleteLike(tt::pg::Connection& conn, const std::string& video_id, const std::string& user_id) {
    return conn.Exec("DELETE FROM likes WHERE video_id = $1 AND user_id = $2", {video_id, user_id}).Affected() == 1;
}

bool LikeStore::HasLiked(tt::pg::Connection& conn, const std::string& video_id, const std::string& user_id) {
    return conn.Exec("SELECT 1 FROM likes WHERE video_id = $1 AND user_id = $2", {video_id, user_id}).Rows() > 0;
}

std::int64_t LikeStore::AddToLikes(tt::pg::Connection& conn, const std::string& video_id, int delta) {
    auto r =
        conn.Exec("UPDATE video_stats SET likes_count = likes_count + $2 WHERE video_id = $1 RETURNING likes_count",
                  {video_id, std::to_string(delta)});
    return r.Rows() == 0 ? 0 : r.Int(0, 0);
}

std::int64_t LikeStore::LikesCount(tt::pg::Connection& conn, const std::string& video_id) {
    auto r = conn.Exec("SELECT likes_count FROM video_stats WHERE video_id = $1", {video_id});
    return r.Rows() == 0 ? 0 : r.Int(0, 0);
}

LikeStore::VideoCounts LikeStore::Counts(tt::pg::Connection& conn, const std::string& video_id) {
    auto r =
        conn.Exec("SELECT likes_count, comments_count, views_count FROM video_stats WHERE video_id = $1", {video_id});
    if (r.Rows() == 0) return {};
    return VideoCounts{r.Int(0, 0), r.Int(0, 1), r.Int(0, 2)};
}

}  // namespace interaction::store
