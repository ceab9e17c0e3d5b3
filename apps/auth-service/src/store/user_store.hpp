#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tt/pg/pool.hpp"

namespace auth::store {

struct User {
    std::string id;
    std::string email;
    std::string username;
    std::string password_hash;
    std::string full_name;
    std::string avatar;
    std::string bio;
    std::string created_at;  // ISO-8601
};

// The users table. Blocking; call from gRPC handler threads.
class UserStore {
public:
    explicit UserStore(tt::pg::Pool& pool) : pool_(pool) {}

    // Throws tt::Error(kConflict) when the email or username is taken (case-insensitive).
    User Insert(const User& user);
    // By email or username, case-insensitive.
    std::optional<User> FindByLogin(const std::string& email_or_username);
    std::optional<User> FindById(const std::string& id);
    void TouchLastLogin(const std::string& id);

    // Only the fields given change; an empty string clears a field. nullopt when the user is unknown.
    struct ProfileChange {
        std::optional<std::string> full_name;
        std::optional<std::string> bio;
        std::optional<std::string> avatar;
    };
    std::optional<User> UpdateProfile(const std::string& id, const ProfileChange& change);

    struct SearchPage {
        std::vector<User> users;
        std::int64_t total = 0;
    };
    // Case-insensitive substring match on username or full name; prefix matches first.
    SearchPage Search(const std::string& query, int page, int limit);
    // Users of `ids` that exist, in no particular order.
    std::vector<User> FindByIds(const std::vector<std::string>& ids);
    // Active users whose username matches one of `usernames` (case-insensitive).
    std::vector<User> FindByUsernames(const std::vector<std::string>& usernames);

private:
    tt::pg::Pool& pool_;
};

}  // namespace auth::store
