#include "app/share_service.hpp"

#include <algorithm>
#include <array>

#include "tt/core/clock.hpp"
#include "tt/core/ids.hpp"
#include "tt/core/log.hpp"
#include "tt/core/text.hpp"
#include "tt/delivery/outbox.hpp"
#include "tt/events/comment.hpp"

namespace interaction::app {

std::int64_t ShareService::Share(const std::string& user_id, const std::string& video_id, const std::string& share_type,
                                 const std::string& platform, const std::string& target_user_id) {
    static constexpr std::array<std::string_view, 4> kTypes{"direct", "social", "copy_link", "download"};
    if (std::find(kTypes.begin(), kTypes.end(), share_type) == kTypes.end()) {
        throw tt::Error(tt::ErrorCode::kInvalidArgument,
                        "shareType must be one of the following values: direct, social, copy_link, download");
    }
    long platform_length = tt::Utf8Length(platform);
    if (platform_length < 0 || platform_length > 50) {
        throw tt::Error(tt::ErrorCode::kInvalidArgument, "platform must be shorter than or equal to 50 characters");
    }
    if (!target_user_id.empty() && !tt::IsUuid(target_user_id)) {
        throw tt::Error(tt::ErrorCode::kInvalidArgument, "targetUserId must be a user id");
    }
    if (!tt::IsUuid(user_id)) throw tt::Error(tt::ErrorCode::kUnauthenticated, "Invalid user");
    videos_.OwnerOf(video_id);  // 404 for unknown videos
    return pool_.InTransaction([&](tt::pg::Connection& conn) {
        conn.Exec(
            "INSERT INTO shares (id, video_id, user_id, share_type, platform, target_user_id) "
            "VALUES ($1, $2, $3, $4, nullif($5, ''), nullif($6, '')::uuid)",
            {tt::NewUuid(), video_id, user_id, share_type, platform, target_user_id});
        auto count = conn.Exec(
                             "UPDATE video_stats SET shares_count = shares_count + 1 WHERE video_id = $1 "
                             "RETURNING shares_count",
                             {video_id})
                         .Int(0, 0);
        auto event = tt::events::NewVideoSharedEvent("interaction-service", tt::SystemClock().Now());
        event.video_id = video_id;
        event.user_id = user_id;
        event.share_type = share_type;
        event.platform = platform;
        event.total_shares = count;
        tt::delivery::EnqueueEvent(conn, event, video_id);
        return count;
    });
}

}  // namespace interaction::app
