#pragma once

#include <cstdint>
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
    bool read = false;
    std::string created_at;  // ISO-8601
};

struct Page {
    std::vector<Notification> items;
    std::int64_t total = 0;
};

// The notifications table. Blocking.
class NotificationStore {
public:
    explicit NotificationStore(tt::pg::Pool& pool) : pool_(pool) {}

    // Inserts unless the natural key exists; true when a row was inserted.
    bool InsertOnce(const Notification& notification);
    // Deletes the notification with this natural key (an unlike, an unfollow); true when one existed.
    bool Retract(const std::string& user_id, const std::string& type, const std::string& actor_id,
                 const std::string& object_id);
    // Deletes every notification about any of `object_ids` (deleted comments and their replies).
    void RetractObjects(const std::vector<std::string>& object_ids);
    Page List(const std::string& user_id, int page, int limit);

private:
    tt::pg::Pool& pool_;
};

}  // namespace notification::store
