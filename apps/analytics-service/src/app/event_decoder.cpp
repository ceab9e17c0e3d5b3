#include "app/event_decoder.hpp"

#include <algorithm>
#include <cctype>

#include "tt/core/error.hpp"
#include "tt/core/ids.hpp"
#include "tt/delivery/inbox.hpp"
#include "tt/events/comment.hpp"
#include "tt/events/video_like.hpp"

namespace analytics::app {
namespace {

using domain::ActionKind;

std::string Lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

void Fill(domain::Action& action, const tt::events::Envelope& envelope, const std::string& video_id,
          const std::string& actor, const std::string& owner, std::int64_t record_ms) {
    if (!tt::IsUuid(video_id)) {
        throw tt::Error(tt::ErrorCode::kInvalidArgument, "videoId '" + video_id.substr(0, 64) + "' is not a UUID");
    }
    action.video_id = Lower(video_id);
    action.actor = Lower(actor);
    action.owner_id = tt::IsUuid(owner) ? Lower(owner) : "";
    action.at_ms = domain::ParseIso8601Millis(envelope.occurred_at).value_or(record_ms);
}

}  // namespace

std::vector<std::string> ConsumedTopics() {
    return {std::string(tt::events::kVideoViewed),    std::string(tt::events::kVideoLiked),
            std::string(tt::events::kVideoUnliked),   std::string(tt::events::kCommentCreated),
            std::string(tt::events::kCommentDeleted), std::string(tt::events::kVideoShared)};
}

domain::Action DecodeAction(const tt::kafka::Message& message) {
    domain::Action action;
    action.event_id = Lower(tt::delivery::EventIdOf(message));
    const auto& topic = message.topic;
    if (topic == tt::events::kVideoViewed) {
        auto event = tt::events::ParseVideoViewedEvent(message.payload);
        action.kind = ActionKind::kView;
        Fill(action, event.envelope, event.video_id, event.user_id, "", message.timestamp_ms);
    } else if (topic == tt::events::kVideoLiked || topic == tt::events::kVideoUnliked) {
        auto event = tt::events::ParseVideoLikeEvent(message.payload);
        action.kind = topic == tt::events::kVideoLiked ? ActionKind::kLike : ActionKind::kUnlike;
        Fill(action, event.envelope, event.video_id, event.user_id, event.video_owner_id, message.timestamp_ms);
    } else if (topic == tt::events::kCommentCreated || topic == tt::events::kCommentDeleted) {
        auto event = tt::events::ParseCommentEvent(message.payload);
        bool created = topic == tt::events::kCommentCreated;
        action.kind = created ? ActionKind::kComment : ActionKind::kCommentDeleted;
        action.count = created ? 1 : std::max<std::int64_t>(1, static_cast<std::int64_t>(event.deleted_ids.size()));
        Fill(action, event.envelope, event.video_id, event.user_id, event.video_owner_id, message.timestamp_ms);
    } else if (topic == tt::events::kVideoShared) {
        auto event = tt::events::ParseVideoSharedEvent(message.payload);
        action.kind = ActionKind::kShare;
        Fill(action, event.envelope, event.video_id, event.user_id, "", message.timestamp_ms);
    } else {
        throw tt::Error(tt::ErrorCode::kInvalidArgument, "analytics-service does not aggregate topic " + topic);
    }
    return action;
}

}  // namespace analytics::app
