#pragma once

#include <optional>
#include <string>

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

private:
    tt::pg::Pool& pool_;
};

}  // namespace auth::store
