#include "app/follow_service.hpp"

#include "tt/core/clock.hpp"
#include "tt/core/ids.hpp"
#include "tt/core/log.hpp"
#include "tt/delivery/outbox.hpp"
#include "tt/events/user_follow.hpp"

namespace interaction::app {
namespace {

constexpr const char* kProducerName = "interaction-service";

void RequireUser(const std::string& id, const char* what) {
    if (!tt::IsUuid(id)) throw tt::Error(tt::ErrorCode::kNotFound, std::string(what) + " not found");
}

}  // namespace

void FollowService::EnsureKnownUser(const std::string& user_id) {
    {
        auto conn = pool_.Acquire();
        if (store_.IsKnownUser(*conn, user_id)) return;
    }
    user_check_(user_id);  // outside any transaction
    auto conn = pool_.Acquire();
    store_.RememberUser(*conn, user_id);
}

FollowResult FollowService::Change(const std::string& follower, const std::string& following, bool follow) {
    RequireUser(follower, "User");
    RequireUser(following, "User");
    if (follower == following) throw tt::Error(tt::ErrorCode::kInvalidArgument, "You cannot follow yourself");
    EnsureKnownUser(following);
    {
        auto conn = pool_.Acquire();
        store_.RememberUser(*conn, follower);  // the caller: its token proves it exists
    }
    return pool_.InTransaction([&](tt::pg::Connection& conn) {
        store_.LockPair(conn, follower, following);
        bool changed = follow ? store_.Insert(conn, follower, following) : store_.Delete(conn, follower, following);
        if (changed) store_.AddToCounts(conn, follower, following, follow ? +1 : -1);
        FollowResult result{follow, changed, store_.Counts(conn, following), store_.Counts(conn, follower)};
        if (!changed) return result;

        auto event = tt::events::NewFollowEvent(follow ? tt::events::kUserFollowed : tt::events::kUserUnfollowed,
                                                kProducerName, tt::SystemClock().Now());
        event.follower_id = follower;
        event.following_id = following;
        event.followers_count = result.following_counts.followers;
        event.following_count = result.follower_counts.following;
        tt::delivery::EnqueueEvent(conn, event, following);
        tt::log::Info(follow ? "user followed" : "user unfollowed",
                      {{"followerId", follower}, {"followingId", following}, {"eventId", event.envelope.event_id}});
        return result;
    });
}

FollowResult FollowService::Follow(const std::string& follower, const std::string& following) {
    return Change(follower, following, true);
}

FollowResult FollowService::Unfollow(const std::string& follower, const std::string& following) {
    return Change(follower, following, false);
}

bool FollowService::IsFollowing(const std::string& follower, const std::string& following) {
    if (!tt::IsUuid(follower) || !tt::IsUuid(following)) return false;
    auto conn = pool_.Acquire();
    return store_.Exists(*conn, follower, following);
}

store::FollowCounts FollowService::Counts(const std::string& user_id) {
    if (!tt::IsUuid(user_id)) return {};
    auto conn = pool_.Acquire();
    return store_.Counts(*conn, user_id);
}

FollowService::ListResult FollowService::List(const std::string& user_id, bool followers, int page, int limit,
                                              const std::string& cursor) {
    RequireUser(user_id, "User");
    auto conn = pool_.Acquire();
    ListResult out;
    out.page = store_.List(*conn, user_id, followers, limit, static_cast<std::int64_t>(page - 1) * limit, cursor);
    auto counts = store_.Counts(*conn, user_id);
    out.total = followers ? counts.followers : counts.following;
    return out;
}

}  // namespace interaction::app
