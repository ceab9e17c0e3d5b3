#include "store/user_store.hpp"

namespace auth::store {
namespace {

constexpr const char* kColumns =
    "id, email, username, password_hash, coalesce(full_name, ''), coalesce(avatar, ''), coalesce(bio, ''), "
    "to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')";

User FromRow(const tt::pg::Result& r, int row) {
    return User{r.Text(row, 0), r.Text(row, 1), r.Text(row, 2), r.Text(row, 3),
                r.Text(row, 4), r.Text(row, 5), r.Text(row, 6), r.Text(row, 7)};
}

}  // namespace

User UserStore::Insert(const User& user) {
    auto conn = pool_.Acquire();
    try {
        auto r = conn->Exec(std::string("INSERT INTO users (id, email, username, password_hash, full_name) "
                                        "VALUES ($1, $2, $3, $4, nullif($5, '')) RETURNING ") +
                                kColumns,
                            {user.id, user.email, user.username, user.password_hash, user.full_name});
        return FromRow(r, 0);
    } catch (const tt::pg::DbError& e) {
        if (e.SqlState() == tt::pg::kUniqueViolation) {
            throw tt::Error(tt::ErrorCode::kConflict, "Email or username already exists");
        }
        throw;
    }
}

std::optional<User> UserStore::FindByLogin(const std::string& email_or_username) {
    auto conn = pool_.Acquire();
    auto r = conn->Exec(std::string("SELECT ") + kColumns +
                            " FROM users WHERE (lower(email) = lower($1) OR lower(username) = lower($1)) AND is_active",
                        {email_or_username});
    if (r.Rows() == 0) return std::nullopt;
    return FromRow(r, 0);
}

std::optional<User> UserStore::FindById(const std::string& id) {
    auto conn = pool_.Acquire();
    auto r = conn->Exec(std::string("SELECT ") + kColumns + " FROM users WHERE id = $1", {id});
    if (r.Rows() == 0) return std::nullopt;
    return FromRow(r, 0);
}

void UserStore::TouchLastLogin(const std::string& id) {
    auto conn = pool_.Acquire();
    conn->Exec("UPDATE users SET last_login_at = now() WHERE id = $1", {id});
}

}  // namespace auth::store
