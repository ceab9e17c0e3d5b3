#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tt/pg/connection.hpp"

namespace interaction::store {

struct Comment {
    std::string id;
    std::string video_id;
    std::string user_id;
    std::string parent_id;  // empty for top-level comments
    std::string content;
    std::int64_t likes_count = 0;
    std::int64_t replies_count = 0;
    std::string created_at;  // ISO-8601, microseconds
    bool is_liked = false;   // by the viewer of a list
};

struct CommentPage {
    std::vector<Comment> items;
    std::string next_cursor;
};

// Statements over comments, comment_likes and video_stats.comments_count. Each takes the connection
// of the caller's transaction.
class CommentStore {
public:
    Comment Insert(tt::pg::Connection& conn, const Comment& comment);
    // Locks the row (FOR UPDATE) so deletes and replies of one comment serialize.
    std::optional<Comment> FindForUpdate(tt::pg::Connection& conn, const std::string& id);
    // The comment and its replies, deleted together; returns every deleted id.
    std::vector<std::string> DeleteWithReplies(tt::pg::Connection& conn, const std::string& id);
    void AddToReplies(tt::pg::Connection& conn, const std::string& parent_id, int delta);
    // Locks the video's stats row and returns the new comments_count.
    std::int64_t AddToComments(tt::pg::Connection& conn, const std::string& video_id, std::int64_t delta);
    std::int64_t CommentsCount(tt::pg::Connection& conn, const std::string& video_id);
    // Top-level comments of the video (parent_id empty) or replies of parent_id, newest first.
    CommentPage List(tt::pg::Connection& conn, const std::string& video_id, const std::string& parent_id,
                     const std::string& viewer, int limit, std::int64_t offset, const std::string& cursor);
    std::int64_t CountTopLevel(tt::pg::Connection& conn, const std::string& video_id);

    bool InsertLike(tt::pg::Connection& conn, const std::string& comment_id, const std::string& user_id);
    bool DeleteLike(tt::pg::Connection& conn, const std::string& comment_id, const std::string& user_id);
    std::int64_t AddToLikes(tt::pg::Connection& conn, const std::string& comment_id, int delta);
};

}  // namespace interaction::store
