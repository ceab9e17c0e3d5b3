#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "app/video_directory.hpp"
#include "store/comment_store.hpp"
#include "tt/pg/pool.hpp"

namespace interaction::app {

// Comments, replies and comment likes. As with likes, the rows, the counters (video comments_count,
// parent replies_count, comment likes_count) and the comment.created / comment.deleted event commit
// together. Replies are one level deep: a reply to a reply attaches to the top-level comment and
// notifies the author it answered.
// Usernames to user ids (auth-service); unknown names are left out.
using MentionLookup = std::function<std::vector<std::string>(const std::vector<std::string>& usernames)>;

class CommentService {
public:
    CommentService(tt::pg::Pool& pool, VideoDirectory& videos, MentionLookup mentions)
        : pool_(pool), videos_(videos), mentions_(std::move(mentions)) {}

    struct Added {
        store::Comment comment;
        std::int64_t comments_count = 0;
    };
    // `content` is trimmed and must be 1-2000 characters; `parent_id` empty for a top-level comment.
    Added Add(const std::string& user_id, const std::string& video_id, const std::string& content,
              const std::string& parent_id);
    struct Deleted {
        std::string video_id;
        std::int64_t comments_count = 0;  // the video's, after the deletion
    };
    // By the comment's author or the video's owner (else kPermissionDenied).
    Deleted Delete(const std::string& user_id, const std::string& comment_id);

    struct ListResult {
        store::CommentPage page;
        std::int64_t total = 0;
    };
    ListResult List(const std::string& video_id, const std::string& parent_id, const std::string& viewer, int page,
                    int limit, const std::string& cursor);

    struct LikeResult {
        std::int64_t likes_count = 0;
        bool changed = false;
    };
    LikeResult Like(const std::string& user_id, const std::string& comment_id, bool like);

private:
    tt::pg::Pool& pool_;
    VideoDirectory& videos_;
    MentionLookup mentions_;
    store::CommentStore store_;
};

// Trims ASCII whitespace and checks 1..2000 Unicode characters (valid UTF-8); throws kInvalidArgument.
std::string NormalizeCommentContent(const std::string& content);

}  // namespace interaction::app
