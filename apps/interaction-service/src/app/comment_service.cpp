#include "app/comment_service.hpp"

#include "tt/core/clock.hpp"
#include "tt/core/ids.hpp"
#include "tt/core/log.hpp"
#include "tt/core/tags.hpp"
#include "tt/core/text.hpp"
#include "tt/delivery/outbox.hpp"
#include "tt/events/comment.hpp"

namespace interaction::app {
namespace {

constexpr const char* kProducerName = "interaction-service";

tt::Error CommentNotFound() {
    return tt::Error(tt::ErrorCode::kNotFound, "Comment not found");
}

}  // namespace

std::string NormalizeCommentContent(const std::string& content) {
    auto begin = content.find_first_not_of(" \t\r\n");
    if (begin == std::string::npos) throw tt::Error(tt::ErrorCode::kInvalidArgument, "content should not be empty");
    auto end = content.find_last_not_of(" \t\r\n");
    std::string trimmed = content.substr(begin, end - begin + 1);
    long length = tt::Utf8Length(trimmed);
    if (length < 0) throw tt::Error(tt::ErrorCode::kInvalidArgument, "content must be valid UTF-8");
    if (length > 2000) {
        throw tt::Error(tt::ErrorCode::kInvalidArgument, "content must be shorter than or equal to 2000 characters");
    }
    return trimmed;
}

CommentService::Added CommentService::Add(const std::string& user_id, const std::string& video_id,
                                          const std::string& content, const std::string& parent_id) {
    if (!tt::IsUuid(user_id)) throw tt::Error(tt::ErrorCode::kUnauthenticated, "Invalid user");
    auto text = NormalizeCommentContent(content);
    if (!parent_id.empty() && !tt::IsUuid(parent_id)) throw CommentNotFound();
    std::string owner = videos_.OwnerOf(video_id);
    // @mentions resolved before the transaction (a call to auth-service); yourself excluded.
    std::vector<std::string> mentioned;
    if (auto names = tt::ParseMentions(text); !names.empty()) {
        for (auto& id : mentions_(names)) {
            if (id != user_id) mentioned.push_back(std::move(id));
        }
    }
    return pool_.InTransaction([&](tt::pg::Connection& conn) {
        store::Comment comment;
        comment.id = tt::NewUuid();
        comment.video_id = video_id;
        comment.user_id = user_id;
        comment.content = text;
        std::string parent_author;
        if (!parent_id.empty()) {
            auto parent = store_.FindForUpdate(conn, parent_id);
            if (!parent || parent->video_id != video_id) throw CommentNotFound();
            parent_author = parent->user_id;
            comment.parent_id = parent->parent_id.empty() ? parent->id : parent->parent_id;
        }
        auto created = store_.Insert(conn, comment);
        if (!created.parent_id.empty()) store_.AddToReplies(conn, created.parent_id, +1);
        auto count = store_.AddToComments(conn, video_id, +1);

        auto event = tt::events::NewCommentEvent(tt::events::kCommentCreated, kProducerName, tt::SystemClock().Now());
        event.comment_id = created.id;
        event.user_id = user_id;
        event.video_id = video_id;
        event.video_owner_id = owner;
        event.content = text;
        event.parent_id = created.parent_id;
        event.parent_author_id = parent_author;
        event.total_comments = count;
        event.mentioned_user_ids = mentioned;
        tt::delivery::EnqueueEvent(conn, event, video_id);
        return Added{created, count};
    });
}

CommentService::Deleted CommentService::Delete(const std::string& user_id, const std::string& comment_id) {
    if (!tt::IsUuid(comment_id)) throw CommentNotFound();
    return pool_.InTransaction([&](tt::pg::Connection& conn) {
        auto comment = store_.FindForUpdate(conn, comment_id);
        if (!comment) throw CommentNotFound();
        // The video is known (the comment exists), so its owner is read on this transaction's connection.
        auto owner_row = conn.Exec("SELECT owner_id FROM video_stats WHERE video_id = $1", {comment->video_id});
        std::string owner = owner_row.Rows() ? owner_row.Text(0, 0) : "";
        if (user_id != comment->user_id && user_id != owner) {
            throw tt::Error(tt::ErrorCode::kPermissionDenied,
                            "Only the comment's author or the video's owner can delete it");
        }
        auto deleted = store_.DeleteWithReplies(conn, comment_id);
        if (!comment->parent_id.empty()) store_.AddToReplies(conn, comment->parent_id, -1);
        auto count = store_.AddToComments(conn, comment->video_id, -static_cast<std::int64_t>(deleted.size()));

        auto event = tt::events::NewCommentEvent(tt::events::kCommentDeleted, kProducerName, tt::SystemClock().Now());
        event.comment_id = comment_id;
        event.user_id = user_id;
        event.video_id = comment->video_id;
        event.video_owner_id = owner;
        event.parent_id = comment->parent_id;
        event.total_comments = count;
        event.deleted_ids = deleted;
        tt::delivery::EnqueueEvent(conn, event, comment->video_id);
        return Deleted{comment->video_id, count};
    });
}

CommentService::ListResult CommentService::List(const std::string& video_id, const std::string& parent_id,
                                                const std::string& viewer, int page, int limit,
                                                const std::string& cursor) {
    if (!tt::IsUuid(video_id)) throw tt::Error(tt::ErrorCode::kNotFound, "Video not found");
    if (!parent_id.empty() && !tt::IsUuid(parent_id)) throw CommentNotFound();
    auto conn = pool_.Acquire();
    ListResult out;
    out.page = store_.List(*conn, video_id, parent_id, tt::IsUuid(viewer) ? viewer : "", limit,
                           static_cast<std::int64_t>(page - 1) * limit, cursor);
    if (parent_id.empty()) {
        out.total = store_.CountTopLevel(*conn, video_id);
    } else {
        auto parent =
            conn->Exec("SELECT replies_count FROM comments WHERE id = $1 AND video_id = $2", {parent_id, video_id});
        if (parent.Rows() == 0) throw CommentNotFound();
        out.total = parent.Int(0, 0);
    }
    return out;
}

CommentService::LikeResult CommentService::Like(const std::string& user_id, const std::string& comment_id, bool like) {
    if (!tt::IsUuid(comment_id)) throw CommentNotFound();
    if (!tt::IsUuid(user_id)) throw tt::Error(tt::ErrorCode::kUnauthenticated, "Invalid user");
    return pool_.InTransaction([&](tt::pg::Connection& conn) {
        auto comment = store_.FindForUpdate(conn, comment_id);
        if (!comment) throw CommentNotFound();
        bool changed =
            like ? store_.InsertLike(conn, comment_id, user_id) : store_.DeleteLike(conn, comment_id, user_id);
        if (!changed) return LikeResult{comment->likes_count, false};
        return LikeResult{store_.AddToLikes(conn, comment_id, like ? +1 : -1), true};
    });
}

}  // namespace interaction::app
