#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "realtime/hub.hpp"
#include "tt/kafka/config.hpp"
#include "tt/kafka/message.hpp"

namespace tt::kafka {
class Consumer;
}

namespace gateway::api {
struct Deps;
}

namespace gateway::realtime {

// Where one real-time event goes and what it says.
struct Publication {
    enum class Target { kRoom, kUser, kEveryone };
    Target target = Target::kEveryone;
    std::string key;    // the room ("video:<id>") or the user id; empty for kEveryone
    std::string frame;     // {"event": ..., "data": {...}}
    std::string video_id;  // kRoom: the video whose counts or comments changed
};

// A user summary {id, username, fullName, avatar}, or null when it cannot be had. Blocking (runs on
// the consumer thread); must not throw.
using UserLookup = std::function<nlohmann::json(const std::string& user_id)>;

// The topics the bridge consumes: video.liked, video.unliked, video.viewed, comment.created,
// comment.deleted, video.created, notification.created.
std::vector<std::string> BridgeTopics();

// The real-time event a Kafka record becomes, with the original system's event names and payloads:
//   video.liked / video.unliked -> video:liked / video:unliked {videoId, userId, totalLikes, timestamp} to video:<id>
//   comment.created  -> video:comment {videoId, commentId, userId, content, user, totalComments, parentId, timestamp}
//   comment.deleted  -> video:comment_deleted {videoId, commentId, deletedIds, totalComments, timestamp}
//   video.viewed     -> video:views_updated {videoId, totalViews, timestamp}
//   video.created    -> video:new {videoId, userId, title, thumbnailUrl, timestamp} to everyone (public only)
//   notification.created -> notification {id, type, message, actorId, metadata, timestamp} to the recipient
// `timestamp` is when the event happened (its occurredAt; createdAt for notifications). nullopt when
// the record makes no event (a private video). Throws tt::Error(kInvalidArgument) when undecodable.
std::optional<Publication> MapEvent(const tt::kafka::Message& message, const UserLookup& users);

// Hands a publication to the hub's sessions; returns how many got it.
std::size_t Publish(Hub& hub, const Publication& publication);

// auth-service's GetUsersByIds as a UserLookup (blocking gRPC call, short deadline; null on failure).
UserLookup AuthServiceUsers(const api::Deps& deps);

// The Kafka -> WebSocket bridge of one gateway process. Every gateway instance must see every event
// (its clients may be in any room), so each process consumes in a consumer group of its own
// ("<KAFKA_GROUP_ID>-ws-<uuid>") from the latest offset: real-time events are not replayed after a
// restart. Start() never waits for Kafka: the consumer connects in the background and events flow
// once the broker is reachable. Records are mapped and published on the consumer's thread.
class EventBridge {
public:
    EventBridge(tt::kafka::Config config, Hub& hub, UserLookup users);
    ~EventBridge();
    EventBridge(const EventBridge&) = delete;
    EventBridge& operator=(const EventBridge&) = delete;

    // Called on the consumer thread with the video of every room event (like, unlike, view, comment
    // created or deleted) before it is pushed and of every video.shared (deleted=false), and of every
    // video.deleted (deleted=true). Set before Start().
    using VideoHook = std::function<void(const std::string& video_id, bool deleted)>;
    void OnVideoEvent(VideoHook hook) { on_video_event_ = std::move(hook); }
    void Start();
    // Stops consuming and leaves the group. Idempotent; blocks up to about a poll interval.
    void Stop();
    const std::string& GroupId() const { return group_id_; }

private:
    void Handle(const tt::kafka::Message& message);

    Hub& hub_;
    UserLookup users_;
    VideoHook on_video_event_;
    std::string group_id_;
    std::unique_ptr<tt::kafka::Consumer> consumer_;
};

}  // namespace gateway::realtime
