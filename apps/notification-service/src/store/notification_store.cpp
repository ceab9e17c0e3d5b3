#include "store/notification_store.hpp"

#include "tt/core/error.hpp"
#include "tt/core/ids.hpp"
#include "tt/pg/keyset.hpp"

namespace notification::store {

bool NotificationStore::InsertOnce(tt::pg::Connection& conn, const Notification& n) {
    // Skipped when a later retraction of the same key, a deleted object or the recipient's preference
    // says no; an existing row only moves its event_at forward (a newer like after an unlike).
    auto inserted = conn.Exec(
        "INSERT INTO notifications (id, user_id, actor_id, type, object_id, message, event_id, video_id, event_at) "
        "SELECT $1::uuid, $2::uuid, $3::uuid, $4, $5::uuid, $6, $7::uuid, nullif($8, '')::uuid, $9::timestamptz "
        "WHERE NOT EXISTS (SELECT 1 FROM notification_preferences p WHERE p.user_id = $2::uuid "
        "AND p.type = $4 AND NOT p.in_app_enabled) "
        "AND NOT EXISTS (SELECT 1 FROM notification_tombstones t WHERE t.user_id = $2::uuid AND t.type = $4 "
        "AND t.actor_id = $3::uuid AND t.object_id = $5::uuid AND t.retracted_at >= $9::timestamptz) "
        "AND NOT EXISTS (SELECT 1 FROM retracted_objects r WHERE r.object_id = $5::uuid "
        "OR r.object_id = nullif($8, '')::uuid) "
        "ON CONFLICT ON CONSTRAINT notifications_natural_key DO UPDATE SET event_at = excluded.event_at "
        "WHERE notifications.event_at < excluded.event_at "
        "RETURNING to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), xmax = 0",
        {n.id, n.user_id, n.actor_id, n.type, n.object_id, n.message, n.event_id, n.video_id, n.event_at});
    if (inserted.Rows() != 1 || !inserted.Bool(0, 1)) return false;
    if (on_inserted_) {
        Notification stored = n;
        stored.created_at = inserted.Text(0, 0);
        on_inserted_(conn, stored);
    }
    return true;
}

bool NotificationStore::Retract(tt::pg::Connection& conn, const std::string& user_id, const std::string& type,
                                const std::string& actor_id, const std::string& object_id, const std::string& at) {
    conn.Exec(
        "INSERT INTO notification_tombstones (user_id, type, actor_id, object_id, retracted_at) "
        "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (user_id, type, actor_id, object_id) "
        "DO UPDATE SET retracted_at = greatest(notification_tombstones.retracted_at, excluded.retracted_at)",
        {user_id, type, actor_id, object_id, at});
    return conn.Exec(
                   "DELETE FROM notifications WHERE user_id = $1 AND type = $2 AND actor_id = $3 AND object_id = $4 "
                   "AND (event_at IS NULL OR event_at <= $5::timestamptz)",
                   {user_id, type, actor_id, object_id, at})
               .Affected() > 0;
}

void NotificationStore::RetractObjects(tt::pg::Connection& conn, const std::vector<std::string>& object_ids) {
    if (object_ids.empty()) return;
    std::string array = "{";
    for (std::size_t i = 0; i < object_ids.size(); ++i) array += (i ? "," : "") + object_ids[i];
    array += "}";
    conn.Exec("INSERT INTO retracted_objects (object_id) SELECT unnest($1::uuid[]) ON CONFLICT DO NOTHING", {array});
    conn.Exec("DELETE FROM notifications WHERE object_id = ANY($1::uuid[])", {array});
}

void NotificationStore::RetractVideo(tt::pg::Connection& conn, const std::string& video_id) {
    conn.Exec("INSERT INTO retracted_objects (object_id) VALUES ($1) ON CONFLICT DO NOTHING", {video_id});
    conn.Exec("DELETE FROM notifications WHERE video_id = $1 OR object_id = $1", {video_id});
}

Page NotificationStore::List(const std::string& user_id, int page, int limit, const std::string& cursor) {
    auto conn = pool_.Acquire();
    std::string sql =
        "SELECT id, user_id, actor_id, type, object_id, message, event_id, read_at IS NOT NULL, "
        "to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') FROM notifications WHERE user_id "
        "= $1";
    std::vector<tt::pg::Param> params{user_id, std::to_string(limit + 1)};
    if (!cursor.empty()) {
        auto keyset = tt::pg::ParseKeyset(cursor);
        sql += " AND (created_at, id) < ($3::timestamptz, $4::uuid) ORDER BY created_at DESC, id DESC LIMIT $2";
        params.push_back(keyset.created_at);
        params.push_back(keyset.id);
    } else {
        sql += " ORDER BY created_at DESC, id DESC LIMIT $2 OFFSET $3";
        params.push_back(std::to_string(static_cast<std::int64_t>(page - 1) * limit));
    }
    auto rows = tt::pg::ExecList(*conn, sql, params);
    Page out;
    int shown = std::min(rows.Rows(), limit);
    for (int i = 0; i < shown; ++i) {
        out.items.push_back(Notification{rows.Text(i, 0), rows.Text(i, 1), rows.Text(i, 2), rows.Text(i, 3),
                                         rows.Text(i, 4), rows.Text(i, 5), rows.Text(i, 6), "", rows.Bool(i, 7),
                                         rows.Text(i, 8)});
    }
    if (rows.Rows() > limit) out.next_cursor = tt::pg::MakeKeyset(out.items.back().created_at, out.items.back().id);
    out.total = conn->Exec("SELECT count(*) FROM notifications WHERE user_id = $1", {user_id}).Int(0, 0);
    return out;
}

std::int64_t NotificationStore::UnreadCount(const std::string& user_id) {
    auto conn = pool_.Acquire();
    return conn->Exec("SELECT count(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL", {user_id}).Int(0, 0);
}

void NotificationStore::MarkRead(const std::string& user_id, const std::string& notification_id) {
    auto conn = pool_.Acquire();
    auto r = conn->Exec(
        "UPDATE notifications SET read_at = coalesce(read_at, now()) WHERE id = $1 AND user_id = $2 RETURNING 1",
        {notification_id, user_id});
    if (r.Rows() == 0) throw tt::Error(tt::ErrorCode::kNotFound, "Notification not found");
}

std::int64_t NotificationStore::MarkAllRead(const std::string& user_id) {
    auto conn = pool_.Acquire();
    return conn->Exec("UPDATE notifications SET read_at = now() WHERE user_id = $1 AND read_at IS NULL", {user_id})
        .Affected();
}

std::vector<std::pair<std::string, bool>> NotificationStore::Preferences(const std::string& user_id) {
    auto conn = pool_.Acquire();
    auto r = conn->Exec("SELECT type, in_app_enabled FROM notification_preferences WHERE user_id = $1", {user_id});
    std::vector<std::pair<std::string, bool>> out;
    for (const auto& type : NotificationTypes()) {
        bool enabled = true;
        for (int i = 0; i < r.Rows(); ++i) {
            if (r.Text(i, 0) == type) enabled = r.Bool(i, 1);
        }
        out.emplace_back(type, enabled);
    }
    return out;
}

void NotificationStore::SetPreference(const std::string& user_id, const std::string& type, bool in_app) {
    auto conn = pool_.Acquire();
    conn->Exec(
        "INSERT INTO notification_preferences (user_id, type, in_app_enabled) VALUES ($1, $2, $3) "
        "ON CONFLICT (user_id, type) DO UPDATE SET in_app_enabled = excluded.in_app_enabled, updated_at = now()",
        {user_id, type, in_app ? "true" : "false"});
}

}  // namespace notification::store
