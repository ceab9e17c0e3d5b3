#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "tt/pg/pool.hpp"

namespace auth::store {

// The refresh_tokens table. Tokens are never stored, only their SHA-256.
class TokenStore {
public:
    explicit TokenStore(tt::pg::Pool& pool) : pool_(pool) {}

    void Insert(const std::string& id, const std::string& user_id, const std::string& family_id,
                const std::string& token, std::chrono::seconds ttl);

    struct Spent {
        std::string user_id;
        std::string family_id;
    };
    // Marks an active, unexpired token as rotated and returns whose it was. When the token was already
    // spent (rotated), revokes its whole family and throws tt::Error(kUnauthenticated, "Refresh token
    // reuse detected ..."); a revoked, unknown or expired token is kUnauthenticated too.
    Spent Spend(const std::string& id, const std::string& token);

    void RevokeFamilyOf(const std::string& id, const std::string& token);
    void RevokeAllOfUser(const std::string& user_id);

private:
    tt::pg::Pool& pool_;
};

}  // namespace auth::store
