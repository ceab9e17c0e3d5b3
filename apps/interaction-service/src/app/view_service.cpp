#include "app/view_service.hpp"

#include "tt/core/clock.hpp"
#include "tt/core/ids.hpp"
#include "tt/core/log.hpp"
#include "tt/delivery/outbox.hpp"
#include "tt/events/comment.hpp"

namespace interaction::app {

ViewService::Result ViewService::Record(const std::string& video_id, const std::string& user_id,
                                        const std::string& session_id) {
    std::string viewer;
    if (tt::IsUuid(user_id)) {
        viewer = "u:" + user_id;
    } else if (!session_id.empty() && session_id.size() <= 128) {
        viewer = "s:" + session_id;
    } else {
        throw tt::Error(tt::ErrorCode::kInvalidArgument, "a view needs a signed-in user or a session id");
    }
    videos_.OwnerOf(video_id);  // 404 for unknown videos
    // Group-committed with concurrent views (one transaction and one counter-row lock per batch).
    return committer_.Run(video_id, [&](tt::pg::Connection& conn) {
        // Inserts the first view, or moves the window on when the last counted view is older than it;
        // only a view that counts moves the counter (and locks the video's stats row). One statement.
        auto r = conn.Exec(
            "WITH counted_view AS (INSERT INTO view_dedup AS d (video_id, viewer, last_counted_at) "
            "VALUES ($1, $2, now()) ON CONFLICT (video_id, viewer) DO UPDATE SET last_counted_at = now() "
            "WHERE d.last_counted_at < now() - make_interval(secs => $3) RETURNING 1), "
            "counted AS (UPDATE video_stats SET views_count = views_count + 1 WHERE video_id = $1 "
            "AND EXISTS (SELECT 1 FROM counted_view) RETURNING views_count) "
            "SELECT EXISTS (SELECT 1 FROM counted_view), (SELECT views_count FROM counted), "
            "coalesce((SELECT views_count FROM video_stats WHERE video_id = $1), 0)",
            {video_id, viewer, std::to_string(window_.count())});
        if (!r.Bool(0, 0)) return Result{r.Int(0, 2), false};
        // Counted but no stats row: the video was deleted since the owner lookup (rolled back).
        if (r.IsNull(0, 1)) throw tt::Error(tt::ErrorCode::kNotFound, "Video not found");
        Result result{r.Int(0, 1), true};
        auto event = tt::events::NewVideoViewedEvent("interaction-service", tt::SystemClock().Now());
        event.video_id = video_id;
        event.user_id = tt::IsUuid(user_id) ? user_id : "";
        event.total_views = result.views;
        tt::delivery::EnqueueEvent(conn, event, video_id);
        return result;
    });
}

}  // namespace interaction::app
