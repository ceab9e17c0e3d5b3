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

std::optional<User> UserStore::UpdateProfile(const std::string& id, const ProfileChange& change) {
    auto conn = pool_.Acquire();
    auto flag = [](const std::optional<std::string>& v) { return std::string(v ? "true" : "false"); };
    auto r = conn->Exec(std::string("UPDATE users SET "
                                    "full_name = CASE WHEN $2::boolean THEN nullif($3, '') ELSE full_name END, "
                                    "bio = CASE WHEN $4::boolean THEN nullif($5, '') ELSE bio END, "
                                    "avatar = CASE WHEN $6::boolean THEN nullif($7, '') ELSE avatar END, "
                                    "updated_at = now() WHERE id = $1 RETURNING ") +
                            kColumns,
                        {id, flag(change.full_name), change.full_name.value_or(""), flag(change.bio),
                         change.bio.value_or(""), flag(change.avatar), change.avatar.value_or("")});
    if (r.Rows() == 0) return std::nullopt;
    return FromRow(r, 0);
}

UserStore::SearchPage UserStore::Search(const std::string& query, int page, int limit) {
    // LIKE wildcards in the query are literal characters; PostgreSQL's lower() folds case (Unicode-aware).
    std::string escaped;
    for (char c : query) {
        if (c == '%' || c == '_' || c == '\\') escaped.push_back('\\');
        escaped.push_back(c);
    }
    auto conn = pool_.Acquire();
    auto r = conn->Exec(std::string("SELECT ") + kColumns +
                            ", count(*) OVER () FROM users WHERE is_active AND "
                            "(lower(username) LIKE lower($1) OR lower(coalesce(full_name, '')) LIKE lower($1)) "
                            "ORDER BY (lower(username) LIKE lower($2)) DESC, "
                            "(lower(coalesce(full_name, '')) LIKE lower($2)) DESC, "
                            "lower(username) LIMIT $3 OFFSET $4",
                        {"%" + escaped + "%", escaped + "%", std::to_string(limit),
                         std::to_string(static_cast<std::int64_t>(page - 1) * limit)});
    SearchPage out;
    for (int i = 0; i < r.Rows(); ++i) {
        out.users.push_back(FromRow(r, i));
        out.total = r.Int(i, 8);
    }
    if (r.Rows() == 0 && page > 1) {
        out.total = conn->Exec(
                            "SELECT count(*) FROM users WHERE is_active AND (lower(username) LIKE lower($1) OR "
                            "lower(coalesce(full_name, '')) LIKE lower($1))",
                            {"%" + escaped + "%"})
                        .Int(0, 0);
    }
    return out;
}

std::vector<User> UserStore::FindByIds(const std::vector<std::string>& ids) {
    std::vector<User> out;
    if (ids.empty()) return out;
    std::string array = "{";
    for (std::size_t i = 0; i < ids.size(); ++i) array += (i ? "," : "") + ids[i];
    array += "}";
    auto conn = pool_.Acquire();
    auto r = conn->Exec(std::string("SELECT ") + kColumns + " FROM users WHERE id = ANY($1::uuid[])", {array});
    for (int i = 0; i < r.Rows(); ++i) out.push_back(FromRow(r, i));
    return out;
}

std::vector<User> UserStore::FindByUsernames(const std::vector<std::string>& usernames) {
    std::vector<User> out;
    if (usernames.empty()) return out;
    // Usernames are [A-Za-z0-9_] (validated at registration), so they need no quoting in the array.
    std::string array = "{";
    for (std::size_t i = 0; i < usernames.size(); ++i) array += (i ? "," : "") + usernames[i];
    array += "}";
    auto conn = pool_.Acquire();
    auto r = conn->Exec(
        std::string("SELECT ") + kColumns +
            " FROM users WHERE is_active AND lower(username) = ANY(SELECT lower(u) FROM unnest($1::text[]) u)",
        {array});
    for (int i = 0; i < r.Rows(); ++i) out.push_back(FromRow(r, i));
    return out;
}

}  // namespace auth::store
