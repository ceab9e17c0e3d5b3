#include "api/user_json.hpp"

#include "api/envelope.hpp"

#include <map>

namespace gateway::api {

nlohmann::json UserJson(const ::auth::UserResponse& u, bool include_email) {
    nlohmann::json out = {{"id", u.id()},
                          {"username", u.username()},
                          {"fullName", OrNull(u.fullname())},
                          {"avatar", OrNull(u.avatar())},
                          {"bio", OrNull(u.bio())},
                          {"createdAt", u.createdat()}};
    if (include_email) out["email"] = u.email();
    return out;
}

nlohmann::json UserSummaryJson(const ::auth::UserResponse& u) {
    return {
        {"id", u.id()}, {"username", u.username()}, {"fullName", OrNull(u.fullname())}, {"avatar", OrNull(u.avatar())}};
}

nlohmann::json FollowListJson(const ::interaction::FollowListResponse& list, const ::auth::UsersListResponse& users) {
    std::map<std::string, const ::auth::UserResponse*> by_id;
    for (const auto& u : users.users()) by_id[u.id()] = &u;
    nlohmann::json items = nlohmann::json::array();
    for (const auto& id : list.userids()) {
        if (auto it = by_id.find(id); it != by_id.end()) items.push_back(UserSummaryJson(*it->second));
    }
    return {{"users", items},
            {"page", list.page()},
            {"limit", list.limit()},
            {"total", list.total()},
            {"hasMore", list.hasmore()},
            {"nextCursor", list.nextcursor().empty() ? nlohmann::json(nullptr) : nlohmann::json(list.nextcursor())}};
}

}  // namespace gateway::api
