#pragma once

#include <functional>
#include <string>

#include "store/follow_store.hpp"
#include "tt/pg/pool.hpp"

namespace interaction::app {

struct FollowResult {
    bool is_following = false;
    bool changed = false;
    store::FollowCounts following_counts;  // of the followed user
    store::FollowCounts follower_counts;   // of the follower
};

// Throws tt::Error(kNotFound) when auth-service does not know the user.
using UserCheck = std::function<void(const std::string& user_id)>;

// Follow and unfollow as set membership, like likes: the row, both users' exact counters and the
// user.followed / user.unfollowed event (in the outbox) commit together. Repeats change nothing and
// publish nothing. No self-follow.
class FollowService {
public:
    FollowService(tt::pg::Pool& pool, UserCheck user_check) : pool_(pool), user_check_(std::move(user_check)) {}

    FollowResult Follow(const std::string& follower, const std::string& following);
    FollowResult Unfollow(const std::string& follower, const std::string& following);
    bool IsFollowing(const std::string& follower, const std::string& following);
    store::FollowCounts Counts(const std::string& user_id);

    struct ListResult {
        store::FollowPage page;
        std::int64_t total = 0;
    };
    ListResult List(const std::string& user_id, bool followers, int page, int limit, const std::string& cursor);

private:
    void EnsureKnownUser(const std::string& user_id);
    FollowResult Change(const std::string& follower, const std::string& following, bool follow);

    tt::pg::Pool& pool_;
    UserCheck user_check_;
    store::FollowStore store_;
};

}  // namespace interaction::app
