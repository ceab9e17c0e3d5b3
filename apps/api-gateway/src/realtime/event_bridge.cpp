#include "realtime/event_bridge.hpp"

#include <algorithm>

#include "api/deps.hpp"
#include "api/user_json.hpp"
#include "realtime/protocol.hpp"
#include "tt/core/error.hpp"
#include "tt/core/ids.hpp"
#include "tt/core/log.hpp"
#include "tt/events/comment.hpp"
#include "tt/events/notification_created.hpp"
#include "tt/events/topics.hpp"
#include "tt/events/video_created.hpp"
#include "tt/events/video_deleted.hpp"
#include "tt/events/video_like.hpp"
#include "tt/kafka/consumer.hpp"
#include "tt/rpc/client.hpp"

namespace gateway::realtime {
namespace {

nlohmann::json OrNull(const std::string& value) {
    return value.empty() ? nlohmann::json(nullptr) : nlohmann::json(value);
}

Publication ToRoom(const std::string& video_id, std::string_view event, const nlohmann::json& data) {
    return {Publication::Target::kRoom, VideoRoom(video_id), Frame(event, data), video_id};
}

Publication LikeChanged(const tt::kafka::Message& message) {
    auto e = tt::events::ParseVideoLikeEvent(message.payload);
    std::string_view name = message.topic == tt::events::kVideoLiked ? "video:liked" : "video:unliked";
    return ToRoom(e.video_id, name,
                  {{"videoId", e.video_id},
                   {"userId", e.user_id},
                   {"totalLikes", e.total_likes},
                   {"timestamp", e.envelope.occurred_at}});
}

Publication CommentCreated(const tt::kafka::Message& message, const UserLookup& users) {
    auto e = tt::events::ParseCommentEvent(message.payload);
    nlohmann::json user = nullptr;
    if (users) user = users(e.user_id);
    return ToRoom(e.video_id, "video:comment",
                  {{"videoId", e.video_id},
                   {"commentId", e.comment_id},
                   {"userId", e.user_id},
                   {"content", e.content},
                   {"user", user},
                   {"totalComments", e.total_comments},
                   {"parentId", OrNull(e.parent_id)},
                   {"timestamp", e.envelope.occurred_at}});
}

Publication CommentDeleted(const tt::kafka::Message& message) {
    auto e = tt::events::ParseCommentEvent(message.payload);
    auto deleted = e.deleted_ids;
    if (deleted.empty()) deleted.push_back(e.comment_id);
    return ToRoom(e.video_id, "video:comment_deleted",
                  {{"videoId", e.video_id},
                   {"commentId", e.comment_id},
                   {"deletedIds", deleted},
                   {"totalComments", e.total_comments},
                   {"timestamp", e.envelope.occurred_at}});
}

Publication ViewsUpdated(const tt::kafka::Message& message) {
    auto e = tt::events::ParseVideoViewedEvent(message.payload);
    return ToRoom(e.video_id, "video:views_updated",
                  {{"videoId", e.video_id}, {"totalViews", e.total_views}, {"timestamp", e.envelope.occurred_at}});
}

std::optional<Publication> VideoCreated(const tt::kafka::Message& message) {
    auto e = tt::events::ParseVideoCreatedEvent(message.payload);
    if (!e.is_public) return std::nullopt;  // private videos are announced to nobody
    nlohmann::json data = {{"videoId", e.video_id},
                           {"userId", e.user_id},
                           {"title", e.title},
                           {"thumbnailUrl", OrNull(e.thumbnail_url)},
                           {"timestamp", e.envelope.occurred_at}};
    return Publication{Publication::Target::kEveryone, "", Frame("video:new", data), ""};
}

Publication NotificationCreated(const tt::kafka::Message& message) {
    auto e = tt::events::ParseNotificationCreatedEvent(message.payload);
    nlohmann::json data = {{"id", e.notification_id},       {"type", e.type},         {"message", e.message},
                           {"actorId", OrNull(e.actor_id)}, {"metadata", e.metadata}, {"timestamp", e.created_at}};
    return Publication{Publication::Target::kUser, e.user_id, Frame("notification", data), ""};
}

}  // namespace

std::vector<std::string> BridgeTopics() {
    return {std::string(tt::events::kVideoLiked),         std::string(tt::events::kVideoUnliked),
            std::string(tt::events::kVideoViewed),        std::string(tt::events::kCommentCreated),
            std::string(tt::events::kCommentDeleted),     std::string(tt::events::kVideoCreated),
            std::string(tt::events::kNotificationCreated), std::string(tt::events::kVideoDeleted),
            std::string(tt::events::kVideoShared)};
}

std::optional<Publication> MapEvent(const tt::kafka::Message& message, const UserLookup& users) {
    const auto& topic = message.topic;
    if (topic == tt::events::kVideoLiked || topic == tt::events::kVideoUnliked) return LikeChanged(message);
    if (topic == tt::events::kCommentCreated) return CommentCreated(message, users);
    if (topic == tt::events::kCommentDeleted) return CommentDeleted(message);
    if (topic == tt::events::kVideoViewed) return ViewsUpdated(message);
    if (topic == tt::events::kVideoCreated) return VideoCreated(message);
    if (topic == tt::events::kNotificationCreated) return NotificationCreated(message);
    return std::nullopt;
}

std::size_t Publish(Hub& hub, const Publication& publication) {
    auto frame = std::make_shared<const std::string>(publication.frame);
    switch (publication.target) {
        case Publication::Target::kRoom:
            return hub.PublishToRoom(publication.key, frame);
        case Publication::Target::kUser:
            return hub.PublishToUser(publication.key, frame);
        case Publication::Target::kEveryone:
            return hub.Broadcast(frame);
    }
    return 0;
}

UserLookup AuthServiceUsers(const api::Deps& deps) {
    const api::Deps* d = &deps;
    // Short: the consumer thread waits for it and every other real-time event waits behind it.
    auto deadline = std::min(d->config.rpc_deadline, std::chrono::milliseconds(2000));
    return [d, deadline](const std::string& user_id) -> nlohmann::json {
        ::auth::GetUsersByIdsRequest request;
        request.add_userids(user_id);
        try {
            auto users = tt::rpc::CallSync<::auth::UsersListResponse>(
                *d->auth, &::auth::AuthService::Stub::GetUsersByIds, request, "auth-service", deadline);
            for (const auto& user : users.users()) {
                if (user.id() == user_id) return api::UserSummaryJson(user);
            }
        } catch (const std::exception& e) {
            tt::log::Warn("real-time comment sent without its author: auth-service lookup failed",
                          {{"userId", user_id}, {"error", e.what()}});
        }
        return nullptr;
    };
}

EventBridge::EventBridge(tt::kafka::Config config, Hub& hub, UserLookup users) : hub_(hub), users_(std::move(users)) {
    // A group of its own per process (every gateway sees every event) that starts at the end of each
    // partition: a WebSocket only cares about what happens while it is connected.
    group_id_ = config.group_id + "-ws-" + tt::NewUuid();
    config.group_id = group_id_;
    config.overrides["auto.offset.reset"] = "latest";
    consumer_ = std::make_unique<tt::kafka::Consumer>(config);
}

EventBridge::~EventBridge() {
    Stop();
}

void EventBridge::Start() {
    consumer_->Subscribe(BridgeTopics(), [this](const tt::kafka::Message& message) { Handle(message); });
    consumer_->Start();
    tt::log::Info("real-time bridge consuming", {{"group", group_id_}, {"topics", BridgeTopics()}});
}

void EventBridge::Stop() {
    consumer_->Stop();
}

void EventBridge::Handle(const tt::kafka::Message& message) {
    // Best effort by design: an event that cannot be pushed is skipped (retrying would only delay
    // every later event; notification-service owns the durable side).
    try {
        // Nothing to push for these two; only cached details change.
        if (message.topic == tt::events::kVideoDeleted) {
            auto deleted = tt::events::ParseVideoDeletedEvent(message.payload);
            if (on_video_event_) on_video_event_(deleted.video_id, true);
            return;
        }
        if (message.topic == tt::events::kVideoShared) {
            auto shared = tt::events::ParseVideoSharedEvent(message.payload);
            if (on_video_event_) on_video_event_(shared.video_id, false);
            return;
        }
        auto publication = MapEvent(message, users_);
        if (!publication) return;
        if (on_video_event_ && !publication->video_id.empty()) on_video_event_(publication->video_id, false);
        auto delivered = Publish(hub_, *publication);
        tt::log::Debug("real-time event published",
                       {{"topic", message.topic}, {"key", publication->key}, {"sessions", delivered}});
    } catch (const std::exception& e) {
        tt::log::Warn("real-time event skipped: it cannot be decoded", {{"topic", message.topic},
                                                                        {"offset", message.offset},
                                                                        {"error", e.what()},
                                                                        {"payload", message.payload.substr(0, 500)}});
    }
}

}  // namespace gateway::realtime
