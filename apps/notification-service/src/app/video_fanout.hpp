#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "store/notification_store.hpp"
#include "tt/kafka/message.hpp"

namespace notification::app {

// One page of a user's followers: (ids, next cursor; empty when it was the last page).
using FollowerPage = std::function<std::pair<std::vector<std::string>, std::string>(const std::string& user_id,
                                                                                    const std::string& cursor)>;
// Usernames (lowercase, without '@') to the ids of the accounts that exist.
using UsernameLookup = std::function<std::vector<std::string>(const std::vector<std::string>& usernames)>;

// video.created: "new_video" for every follower of the creator and "mention" for every @username in
// the description, for public videos only. The natural key (recipient, type, creator, video) makes a
// redelivered or half-done fan-out safe to run again; video.deleted retracts them with the video.
class VideoFanout {
public:
    VideoFanout(store::NotificationStore& store, FollowerPage followers, UsernameLookup users)
        : store_(store), followers_(std::move(followers)), users_(std::move(users)) {}

    void OnVideoCreated(tt::pg::Connection& conn, const tt::kafka::Message& message);

private:
    store::NotificationStore& store_;
    FollowerPage followers_;
    UsernameLookup users_;
};

}  // namespace notification::app
