#include "app/like_service.hpp"

#include "tt/core/clock.hpp"
#include "tt/core/ids.hpp"
#include "tt/core/log.hpp"
#include "tt/delivery/outbox.hpp"
#include "tt/events/video_like.hpp"

namespace interaction::app {
namespace {

constexpr const char* kProducerName = "interaction-service";

void RequireIds(const std::string& user_id, const std::string& video_id) {
    if (!tt::IsUuid(user_id)) throw tt::Error(tt::ErrorCode::kUnauthenticated, "Invalid user");
    if (!tt::IsUuid(video_id)) throw tt::Error(tt::ErrorCode::kNotFound, "Video not found");
}

}  // namespace

LikeResult LikeService::Change(const std::string& user_id, const std::string& video_id, bool like) {
    RequireIds(user_id, video_id);
    std::string owner = videos_.OwnerOf(video_id);
    std::string event_id;
    // Shares a transaction (and its COMMIT) with concurrent likes: the row lock of a popular video's
    // counters is taken once per batch. Re-runnable: it may run again alone (see GroupCommitter).
    auto result = committer_.Run(video_id, [&](tt::pg::Connection& conn) {
        event_id.clear();
        auto change = store_.ChangeLike(conn, video_id, user_id, like);
        if (!change.changed) return LikeResult{change.likes_count, false};

        LikeResult result{change.likes_count, true};
        auto event = tt::events::NewVideoLikeEvent(like ? tt::events::kVideoLiked : tt::events::kVideoUnliked,
                                                   kProducerName, tt::SystemClock().Now());
        event.user_id = user_id;
        event.video_id = video_id;
        event.video_owner_id = owner;
        event.total_likes = result.likes_count;
        // Published by the outbox relay once this transaction commits (the request never waits for Kafka).
        tt::delivery::EnqueueEvent(conn, event, video_id);
        event_id = event.envelope.event_id;
        return result;
    });
    if (result.changed) {
        tt::log::Info(like ? "video liked" : "video unliked",
                      {{"videoId", video_id}, {"userId", user_id}, {"likesCount", result.likes_count},
                       {"eventId", event_id}});
    }
    return result;
}

LikeResult LikeService::Like(const std::string& user_id, const std::string& video_id) {
    return Change(user_id, video_id, true);
}

LikeResult LikeService::Unlike(const std::string& user_id, const std::string& video_id) {
    return Change(user_id, video_id, false);
}

LikeStatus LikeService::Status(const std::string& user_id, const std::string& video_id) {
    if (!tt::IsUuid(video_id)) throw tt::Error(tt::ErrorCode::kNotFound, "Video not found");
    auto conn = pool_.Acquire();
    LikeStatus status;
    auto counts = store_.Counts(*conn, video_id);
    status.likes_count = counts.likes;
    status.comments_count = counts.comments;
    status.views = counts.views;
    status.shares = counts.shares;
    status.has_liked = tt::IsUuid(user_id) && store_.HasLiked(*conn, video_id, user_id);
    return status;
}

std::vector<store::LikeStore::VideoInfo> LikeService::StatusOf(const std::string& user_id,
                                                               const std::vector<std::string>& video_ids) {
    if (video_ids.size() > 100) throw tt::Error(tt::ErrorCode::kInvalidArgument, "at most 100 videoIds");
    std::vector<std::string> ids;
    for (const auto& id : video_ids) {
        if (tt::IsUuid(id)) ids.push_back(id);
    }
    if (ids.empty()) return {};
    auto conn = pool_.Acquire();
    return store_.CountsOf(*conn, ids, tt::IsUuid(user_id) ? user_id : "");
}

}  // namespace interaction::app
