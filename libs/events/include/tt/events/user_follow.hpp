#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "tt/events/envelope.hpp"
#include "tt/events/topics.hpp"

namespace tt::events {

// user.followed / user.unfollowed, key = followingId (so one user's follow events stay in order).
// The original's payload: {followerId, followingId, followersCount, followingCount}.
struct FollowEvent {
    static constexpr int kVersion = 1;

    Envelope envelope;
    std::string follower_id;
    std::string following_id;          // Kafka key; the one who gets notified
    std::int64_t followers_count = 0;  // of following_id, after the change
    std::int64_t following_count = 0;  // of follower_id, after the change
};

// `topic` is kUserFollowed or kUserUnfollowed; it becomes the eventType.
FollowEvent NewFollowEvent(std::string_view topic, std::string producer, TimePoint now);
std::string ToJson(const FollowEvent& event);
// Throws tt::Error(kInvalidArgument) when the text is not a valid event of this family.
FollowEvent ParseFollowEvent(std::string_view text);

}  // namespace tt::events
