#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "tt/pg/pool.hpp"

namespace notification::store {

struct Notification {
    std::string id;
    std::string user_id;  // recipient
    std::string actor_id;
    std::string type;       // "like", ...
    std::string object_id;  // the video
    std::string message;
    std::string event_id;
    std::string video_id;  // empty when not about a video
    bool read = false;
    std::string created_at;  // ISO-8601
    std::string event_at;    // when the causing event happened (its occurredAt), ISO-8601
};

struct Page {
    std::vector<Notification> items;
    std::int64_t total = 0;
    std::string next_cursor;
};

// The notification types; preferences exist for each.
inline const std::vector<std::string>& NotificationTypes() {
    static const std::vector<std::string> types{"like",      "comment", "reply",   "follow",
                                                "new_video", "mention", "trending"};
    return types;
}

// The notifications table. Blocking.
class NotificationStore {
public:
    // Runs inside the transaction of an insert that really stored a row, with the row (created_at
    // set). Throwing rolls the insert back, so the event that caused it is retried as a whole
    // (main.cpp enqueues notification.created here).
    using InsertedHook = std::function<void(tt::pg::Connection& conn, const Notification&)>;

    explicit NotificationStore(tt::pg::Pool& pool, InsertedHook on_inserted = {})
        : pool_(pool), on_inserted_(std::move(on_inserted)) {}

    // The writes of event handlers take the transaction that also records the event as processed.
    // Events of one key may arrive in any order (different topics): the later event wins.
    // Inserts unless the natural key exists, a retraction at or after `event_at` tombstoned it, its
    // object (comment, video) was deleted or the recipient turned this type off; true when a row was
    // inserted (and the inserted hook ran).
    bool InsertOnce(tt::pg::Connection& conn, const Notification& notification);
    // Deletes the notification with this natural key if its event is not later than `at` (an unlike,
    // an unfollow at that time) and leaves a tombstone; true when one was deleted.
    bool Retract(tt::pg::Connection& conn, const std::string& user_id, const std::string& type,
                 const std::string& actor_id, const std::string& object_id, const std::string& at);
    // Deletes every notification about any of `object_ids` (deleted comments and their replies) and
    // remembers them as deleted.
    void RetractObjects(tt::pg::Connection& conn, const std::vector<std::string>& object_ids);
    // Deletes every notification about the video (its likes, comments and replies) and remembers it.
    void RetractVideo(tt::pg::Connection& conn, const std::string& video_id);
    // Newest first; `cursor` (from a previous page) wins over `page`.
    Page List(const std::string& user_id, int page, int limit, const std::string& cursor);
    std::int64_t UnreadCount(const std::string& user_id);
    // Idempotent. Throws tt::Error(kNotFound) when the notification is not this user's (or unknown).
    void MarkRead(const std::string& user_id, const std::string& notification_id);
    std::int64_t MarkAllRead(const std::string& user_id);
    // type -> in-app enabled, for every type.
    std::vector<std::pair<std::string, bool>> Preferences(const std::string& user_id);
    void SetPreference(const std::string& user_id, const std::string& type, bool in_app);

private:
    tt::pg::Pool& pool_;
    InsertedHook on_inserted_;
};

}  // namespace notification::store
