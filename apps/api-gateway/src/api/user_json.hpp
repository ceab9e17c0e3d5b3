#pragma once

#include <nlohmann/json.hpp>

#include "auth.grpc.pb.h"
#include "interaction.grpc.pb.h"

namespace gateway::api {

// A user as the API shows it. The email is shown to its owner only (`include_email`).
nlohmann::json UserJson(const ::auth::UserResponse& user, bool include_email = true);
// The short form used inside other objects (video authors, comment authors, followers).
nlohmann::json UserSummaryJson(const ::auth::UserResponse& user);
// A followers/following page: user summaries in the list's order (users that no longer exist are
// left out), page/limit/total/hasMore and the keyset nextCursor.
nlohmann::json FollowListJson(const ::interaction::FollowListResponse& list, const ::auth::UsersListResponse& users);

}  // namespace gateway::api
