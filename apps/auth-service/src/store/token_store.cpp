#include "store/token_store.hpp"

#include <openssl/evp.h>

#include "tt/core/error.hpp"
#include "tt/core/log.hpp"

namespace auth::store {
namespace {

// bytea literal in hex form (\x...) of the token's SHA-256.
std::string HashHex(const std::string& token) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_Digest(token.data(), token.size(), digest, &length, EVP_sha256(), nullptr);
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out = "\\x";
    for (unsigned int i = 0; i < length; ++i) {
        out.push_back(kHex[digest[i] >> 4]);
        out.push_back(kHex[digest[i] & 0x0F]);
    }
    return out;
}

tt::Error Invalid() {
    return tt::Error(tt::ErrorCode::kUnauthenticated, "Invalid refresh token");
}

}  // namespace

void TokenStore::Insert(const std::string& id, const std::string& user_id, const std::string& family_id,
                        const std::string& token, std::chrono::seconds ttl) {
    auto conn = pool_.Acquire();
    conn->Exec(
        "INSERT INTO refresh_tokens (id, user_id, family_id, token_hash, expires_at) "
        "VALUES ($1, $2, $3, $4::bytea, now() + make_interval(secs => $5))",
        {id, user_id, family_id, HashHex(token), std::to_string(ttl.count())});
}

TokenStore::Spent TokenStore::Spend(const std::string& id, const std::string& token) {
    auto conn = pool_.Acquire();
    auto hash = HashHex(token);
    // Only one of two concurrent refreshes with the same token can win this update.
    auto spent = conn->Exec(
        "UPDATE refresh_tokens SET status = 'rotated', used_at = now() "
        "WHERE id = $1 AND token_hash = $2::bytea AND status = 'active' AND expires_at > now() "
        "RETURNING user_id, family_id",
        {id, hash});
    if (spent.Rows() == 1) return Spent{spent.Text(0, 0), spent.Text(0, 1)};

    auto known =
        conn->Exec("SELECT family_id, status FROM refresh_tokens WHERE id = $1 AND token_hash = $2::bytea", {id, hash});
    if (known.Rows() == 0 || known.Text(0, 1) == "active") throw Invalid();  // unknown, or expired
    if (known.Text(0, 1) == "revoked") {
        throw tt::Error(tt::ErrorCode::kUnauthenticated, "Refresh token revoked; please log in again");
    }
    auto family = known.Text(0, 0);
    conn->Exec("UPDATE refresh_tokens SET status = 'revoked' WHERE family_id = $1 AND status = 'active'", {family});
    tt::log::Warn("refresh token reuse: family revoked", {{"familyId", family}});
    throw tt::Error(tt::ErrorCode::kUnauthenticated, "Refresh token reuse detected; please log in again");
}

void TokenStore::RevokeFamilyOf(const std::string& id, const std::string& token) {
    auto conn = pool_.Acquire();
    conn->Exec(
        "UPDATE refresh_tokens SET status = 'revoked' WHERE status = 'active' AND family_id = "
        "(SELECT family_id FROM refresh_tokens WHERE id = $1 AND token_hash = $2::bytea)",
        {id, HashHex(token)});
}

void TokenStore::RevokeAllOfUser(const std::string& user_id) {
    auto conn = pool_.Acquire();
    conn->Exec("UPDATE refresh_tokens SET status = 'revoked' WHERE user_id = $1 AND status = 'active'", {user_id});
}

}  // namespace auth::store
