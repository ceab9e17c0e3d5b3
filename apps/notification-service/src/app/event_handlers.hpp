#pragma once

#include <map>
#include <string>

#include "store/notification_store.hpp"
#include "tt/kafka/message.hpp"

namespace notification::app {

// Turns events into notifications, each inside the transaction that records the event as processed
// (tt::delivery::ApplyOnce in main.cpp), so a redelivered event changes nothing.
class EventHandlers {
public:
    using Method = void (EventHandlers::*)(tt::pg::Connection&, const tt::kafka::Message&);
    explicit EventHandlers(store::NotificationStore& store) : store_(store) {}

    // video.liked: one "like" notification for the video's owner; none for liking your own video.
    // Throws tt::kafka::PermanentError for undecodable events; other errors are retried.
    void OnVideoLiked(tt::pg::Connection& conn, const tt::kafka::Message& message);
    // video.unliked: retracts the like notification.
    void OnVideoUnliked(tt::pg::Connection& conn, const tt::kafka::Message& message);
    // user.followed: one "follow" notification for the followed user; user.unfollowed retracts it.
    void OnUserFollowed(tt::pg::Connection& conn, const tt::kafka::Message& message);
    void OnUserUnfollowed(tt::pg::Connection& conn, const tt::kafka::Message& message);
    // comment.created: "comment" for the video owner, or "reply" for the author of the comment
    // answered, and "mention" for every @mentioned user; never to yourself. comment.deleted retracts the notifications
    // of every deleted id.
    void OnCommentCreated(tt::pg::Connection& conn, const tt::kafka::Message& message);
    void OnCommentDeleted(tt::pg::Connection& conn, const tt::kafka::Message& message);
    // video.trending: one "trending" notification for the creator, once per video.
    void OnVideoTrending(tt::pg::Connection& conn, const tt::kafka::Message& message);
    // video.deleted: every notification about the video goes.
    void OnVideoDeleted(tt::pg::Connection& conn, const tt::kafka::Message& message);

private:
    store::NotificationStore& store_;
};

// The handler of every topic but video.created (VideoFanout).
std::map<std::string, EventHandlers::Method> HandlersByTopic();

}  // namespace notification::app
