#include "tt/events/user_follow.hpp"

namespace tt::events {

FollowEvent NewFollowEvent(std::string_view topic, std::string producer, TimePoint now) {
    FollowEvent event;
    event.envelope = NewEnvelope(std::string(topic), std::move(producer), FollowEvent::kVersion, now);
    return event;
}

std::string ToJson(const FollowEvent& event) {
    nlohmann::json out = {{"followerId", event.follower_id},
                          {"followingId", event.following_id},
                          {"followersCount", event.followers_count},
                          {"followingCount", event.following_count}};
    WriteEnvelope(event.envelope, out);
    return out.dump();
}

FollowEvent ParseFollowEvent(std::string_view text) {
    auto in = ParseObject(text);
    FollowEvent event;
    event.envelope = ReadEnvelope(in);
    event.follower_id = RequireString(in, "followerId");
    event.following_id = RequireString(in, "followingId");
    event.followers_count = RequireInt(in, "followersCount");
    event.following_count = RequireInt(in, "followingCount");
    return event;
}

}  // namespace tt::events
