#include "app/event_handlers.hpp"

#include "tt/core/ids.hpp"
#include "tt/core/log.hpp"
#include "tt/events/comment.hpp"
#include "tt/events/user_follow.hpp"
#include "tt/events/video_deleted.hpp"
#include "tt/events/video_like.hpp"
#include "tt/events/topics.hpp"
#include "tt/events/video_trending.hpp"
#include "tt/kafka/consumer.hpp"

namespace notification::app {

namespace {

// Decodes with `parse`, turning a contract violation into a PermanentError (it can never succeed).
template <typename Parse>
auto Decode(const tt::kafka::Message& message, Parse parse) {
    try {
        return parse(message.payload);
    } catch (const tt::Error& e) {
        throw tt::kafka::PermanentError("undecodable " + message.topic + ": " + e.what());
    }
}

void RequireIds(const tt::kafka::Message& message, std::initializer_list<const std::string*> ids) {
    for (const auto* id : ids) {
        if (!tt::IsUuid(*id))
            throw tt::kafka::PermanentError(message.topic + " with malformed ids: " + message.payload);
    }
}

}  // namespace

void EventHandlers::OnVideoLiked(tt::pg::Connection& conn, const tt::kafka::Message& message) {
    auto event = Decode(message, tt::events::ParseVideoLikeEvent);
    if (event.user_id == event.video_owner_id) return;  // liking your own video tells nobody
    RequireIds(message, {&event.user_id, &event.video_owner_id, &event.video_id, &event.envelope.event_id});
    store::Notification n;
    n.id = tt::NewUuid();
    n.user_id = event.video_owner_id;
    n.actor_id = event.user_id;
    n.type = "like";
    n.object_id = event.video_id;
    n.video_id = event.video_id;
    n.message = "Someone liked your video";
    n.event_id = event.envelope.event_id;
    n.event_at = event.envelope.occurred_at;
    bool inserted = store_.InsertOnce(conn, n);
    tt::log::Debug("video.liked handled", {{"eventId", event.envelope.event_id}, {"inserted", inserted}});
}

void EventHandlers::OnVideoUnliked(tt::pg::Connection& conn, const tt::kafka::Message& message) {
    auto event = Decode(message, tt::events::ParseVideoLikeEvent);
    RequireIds(message, {&event.user_id, &event.video_owner_id, &event.video_id});
    store_.Retract(conn, event.video_owner_id, "like", event.user_id, event.video_id, event.envelope.occurred_at);
}

void EventHandlers::OnUserFollowed(tt::pg::Connection& conn, const tt::kafka::Message& message) {
    auto event = Decode(message, tt::events::ParseFollowEvent);
    RequireIds(message, {&event.follower_id, &event.following_id, &event.envelope.event_id});
    store::Notification n;
    n.id = tt::NewUuid();
    n.user_id = event.following_id;
    n.actor_id = event.follower_id;
    n.type = "follow";
    n.object_id = event.following_id;
    n.message = "Someone started following you";
    n.event_id = event.envelope.event_id;
    n.event_at = event.envelope.occurred_at;
    store_.InsertOnce(conn, n);
}

void EventHandlers::OnUserUnfollowed(tt::pg::Connection& conn, const tt::kafka::Message& message) {
    auto event = Decode(message, tt::events::ParseFollowEvent);
    RequireIds(message, {&event.follower_id, &event.following_id});
    store_.Retract(conn, event.following_id, "follow", event.follower_id, event.following_id,
                   event.envelope.occurred_at);
}

void EventHandlers::OnCommentCreated(tt::pg::Connection& conn, const tt::kafka::Message& message) {
    auto event = Decode(message, tt::events::ParseCommentEvent);
    RequireIds(message, {&event.comment_id, &event.user_id, &event.video_id, &event.envelope.event_id});
    bool reply = !event.parent_id.empty();
    store::Notification n;
    n.actor_id = event.user_id;
    n.object_id = event.comment_id;
    n.video_id = event.video_id;
    n.event_id = event.envelope.event_id;
    n.event_at = event.envelope.occurred_at;
    auto notify = [&](const std::string& recipient, const char* type, const char* text) {
        if (recipient == event.user_id || !tt::IsUuid(recipient)) return;  // never to yourself
        n.id = tt::NewUuid();
        n.user_id = recipient;
        n.type = type;
        n.message = text;
        store_.InsertOnce(conn, n);
    };
    if (reply) {
        notify(event.parent_author_id, "reply", "Someone replied to your comment");
    } else {
        notify(event.video_owner_id, "comment", "Someone commented on your video");
    }
    for (const auto& mentioned : event.mentioned_user_ids)
        notify(mentioned, "mention", "Someone mentioned you in a comment");
}

void EventHandlers::OnCommentDeleted(tt::pg::Connection& conn, const tt::kafka::Message& message) {
    auto event = Decode(message, tt::events::ParseCommentEvent);
    std::vector<std::string> ids;
    for (const auto& id : event.deleted_ids) {
        if (tt::IsUuid(id)) ids.push_back(id);
    }
    if (ids.empty() && tt::IsUuid(event.comment_id)) ids.push_back(event.comment_id);
    store_.RetractObjects(conn, ids);
}

void EventHandlers::OnVideoTrending(tt::pg::Connection& conn, const tt::kafka::Message& message) {
    auto event = Decode(message, tt::events::ParseVideoTrendingEvent);
    RequireIds(message, {&event.video_id, &event.video_owner_id, &event.envelope.event_id});
    store::Notification n;
    n.id = tt::NewUuid();
    n.user_id = event.video_owner_id;
    n.actor_id = event.video_owner_id;
    n.type = "trending";
    n.object_id = event.video_id;
    n.video_id = event.video_id;
    n.message = "Your video is trending";
    n.event_id = event.envelope.event_id;
    n.event_at = event.envelope.occurred_at;
    bool inserted = store_.InsertOnce(conn, n);
    tt::log::Info("video.trending handled", {{"videoId", event.video_id}, {"inserted", inserted}});
}

void EventHandlers::OnVideoDeleted(tt::pg::Connection& conn, const tt::kafka::Message& message) {
    auto event = Decode(message, tt::events::ParseVideoDeletedEvent);
    RequireIds(message, {&event.video_id});
    store_.RetractVideo(conn, event.video_id);
}

std::map<std::string, EventHandlers::Method> HandlersByTopic() {
    using tt::events::kCommentCreated, tt::events::kCommentDeleted, tt::events::kUserFollowed,
        tt::events::kUserUnfollowed, tt::events::kVideoDeleted, tt::events::kVideoLiked, tt::events::kVideoTrending,
        tt::events::kVideoUnliked;
    return {{std::string(kVideoLiked), &EventHandlers::OnVideoLiked},
            {std::string(kVideoUnliked), &EventHandlers::OnVideoUnliked},
            {std::string(kUserFollowed), &EventHandlers::OnUserFollowed},
            {std::string(kUserUnfollowed), &EventHandlers::OnUserUnfollowed},
            {std::string(kCommentCreated), &EventHandlers::OnCommentCreated},
            {std::string(kCommentDeleted), &EventHandlers::OnCommentDeleted},
            {std::string(kVideoTrending), &EventHandlers::OnVideoTrending},
            {std::string(kVideoDeleted), &EventHandlers::OnVideoDeleted}};
}

}  // namespace notification::app
