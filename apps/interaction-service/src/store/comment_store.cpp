#include "store/comment_store.hpp"

#include "tt/core/error.hpp"
#include "tt/core/ids.hpp"
#include "tt/pg/keyset.hpp"

namespace interaction::store {
namespace {

constexpr const char* kColumns =
    "c.id, c.video_id, c.user_id, coalesce(c.parent_id::text, ''), c.content, c.likes_count, c.replies_count, "
    "to_char(c.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')";

Comment FromRow(const tt::pg::Result& r, int row) {
    return Comment{r.Text(row, 0), r.Text(row, 1), r.Text(row, 2), r.Text(row, 3), r.Text(row, 4),
                   r.Int(row, 5),  r.Int(row, 6),  r.Text(row, 7), false};
}

}  // namespace

Comment CommentStore::Insert(tt::pg::Connection& conn, const Comment& c) {
    auto r = conn.Exec(std::string("INSERT INTO comments AS c (id, video_id, user_id, parent_id, content) "
                                   "VALUES ($1, $2, $3, nullif($4, '')::uuid, $5) RETURNING ") +
                           kColumns,
                       {c.id, c.video_id, c.user_id, c.parent_id, c.content});
    return FromRow(r, 0);
}

std::optional<Comment> CommentStore::FindForUpdate(tt::pg::Connection& conn, const std::string& id) {
    auto r = conn.Exec(std::string("SELECT ") + kColumns + " FROM comments c WHERE c.id = $1 FOR UPDATE", {id});
    if (r.Rows() == 0) return std::nullopt;
    return FromRow(r, 0);
}

std::vector<std::string> CommentStore::DeleteWithReplies(tt::pg::Connection& conn, const std::string& id) {
    auto r = conn.Exec("SELECT id FROM comments WHERE parent_id = $1", {id});
    std::vector<std::string> deleted{id};
    for (int i = 0; i < r.Rows(); ++i) deleted.push_back(r.Text(i, 0));
    conn.Exec("DELETE FROM comments WHERE id = $1", {id});  // replies go by ON DELETE CASCADE
    return deleted;
}

void CommentStore::AddToReplies(tt::pg::Connection& conn, const std::string& parent_id, int delta) {
    conn.Exec("UPDATE comments SET replies_count = replies_count + $2 WHERE id = $1",
              {parent_id, std::to_string(delta)});
}

std::int64_t CommentStore::AddToComments(tt::pg::Connection& conn, const std::string& video_id, std::int64_t delta) {
    auto r = conn.Exec(
        "UPDATE video_stats SET comments_count = comments_count + $2 WHERE video_id = $1 RETURNING comments_count",
        {video_id, std::to_string(delta)});
    return r.Rows() == 0 ? 0 : r.Int(0, 0);
}

std::int64_t CommentStore::CommentsCount(tt::pg::Connection& conn, const std::string& video_id) {
    auto r = conn.Exec("SELECT comments_count FROM video_stats WHERE video_id = $1", {video_id});
    return r.Rows() == 0 ? 0 : r.Int(0, 0);
}

CommentPage CommentStore::List(tt::pg::Connection& conn, const std::string& video_id, const std::string& parent_id,
                               const std::string& viewer, int limit, std::int64_t offset, const std::string& cursor) {
    std::string sql = std::string("SELECT ") + kColumns +
                      ", EXISTS (SELECT 1 FROM comment_likes l WHERE l.comment_id = c.id AND l.user_id = "
                      "nullif($2, '')::uuid) FROM comments c WHERE ";
    std::vector<tt::pg::Param> params{parent_id.empty() ? video_id : parent_id, viewer, std::to_string(limit + 1)};
    sql += parent_id.empty() ? "c.video_id = $1 AND c.parent_id IS NULL" : "c.parent_id = $1";
    if (!cursor.empty()) {
        auto keyset = tt::pg::ParseKeyset(cursor);
        sql += " AND (c.created_at, c.id) < ($4::timestamptz, $5::uuid) ORDER BY c.created_at DESC, c.id DESC LIMIT $3";
        params.push_back(keyset.created_at);
        params.push_back(keyset.id);
    } else {
        sql += " ORDER BY c.created_at DESC, c.id DESC LIMIT $3 OFFSET $4";
        params.push_back(std::to_string(offset));
    }
    auto r = tt::pg::ExecList(conn, sql, params);
    CommentPage page;
    int shown = std::min(r.Rows(), limit);
    for (int i = 0; i < shown; ++i) {
        auto c = FromRow(r, i);
        c.is_liked = r.Bool(i, 8);
        page.items.push_back(std::move(c));
    }
    if (r.Rows() > limit) page.next_cursor = tt::pg::MakeKeyset(page.items.back().created_at, page.items.back().id);
    return page;
}

std::int64_t CommentStore::CountTopLevel(tt::pg::Connection& conn, const std::string& video_id) {
    return conn.Exec("SELECT count(*) FROM comments WHERE video_id = $1 AND parent_id IS NULL", {video_id}).Int(0, 0);
}

bool CommentStore::InsertLike(tt::pg::Connection& conn, const std::string& comment_id, const std::string& user_id) {
    return conn.Exec("INSERT INTO comment_likes (comment_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                     {comment_id, user_id})
               .Affected() == 1;
}

bool CommentStore::DeleteLike(tt::pg::Connection& conn, const std::string& comment_id, const std::string& user_id) {
    return conn.Exec("DELETE FROM comment_likes WHERE comment_id = $1 AND user_id = $2", {comment_id, user_id})
               .Affected() == 1;
}

std::int64_t CommentStore::AddToLikes(tt::pg::Connection& conn, const std::string& comment_id, int delta) {
    auto r = conn.Exec("UPDATE comments SET likes_count = likes_count + $2 WHERE id = $1 RETURNING likes_count",
                       {comment_id, std::to_string(delta)});
    return r.Rows() == 0 ? 0 : r.Int(0, 0);
}

}  // namespace interaction::store
