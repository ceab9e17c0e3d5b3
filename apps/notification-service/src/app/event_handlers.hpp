#pragma once

#include "store/notification_store.hpp"
#include "tt/kafka/message.hpp"

namespace notification::app {

// Turns events into notifications. Idempotent: the natural key makes redelivery a no-op.
class EventHandlers {
public:
    explicit EventHandlers(store::NotificationStore& store) : store_(store) {}

    // video.liked: one "like" notification for the video's owner; none for liking your own video.
    // Throws tt::kafka::PermanentError for undecodable events; other errors are retried.
    void OnVideoLiked(const tt::kafka::Message& message);
    // video.unliked: retracts the like notification.
    void OnVideoUnliked(const tt::kafka::Message& message);
    // user.followed: one "follow" notification for the followed user; user.unfollowed retracts it.
    void OnUserFollowed(const tt::kafka::Message& message);
    void OnUserUnfollowed(const tt::kafka::Message& message);
    // comment.created: "comment" for the video owner, or "reply" for the author of the comment
    // answered, and "mention" for every @mentioned user; never to yourself. comment.deleted retracts the notifications
    // of every deleted id.
    void OnCommentCreated(const tt::kafka::Message& message);
    void OnCommentDeleted(const tt::kafka::Message& message);
    // video.deleted: every notification about the video goes.
    void OnVideoDeleted(const tt::kafka::Message& message);

private:
    store::NotificationStore& store_;
};

}  // namespace notification::app
