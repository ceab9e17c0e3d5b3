#include "store/notification_store.hpp"

namespace notification::store {

bool NotificationStore::InsertOnce(const Notification& n) {
    auto conn = pool_.Acquire();
    return conn->Exec(
                   "INSERT INTO notifications (id, user_id, actor_id, type, object_id, message, event_id) "
                   "VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT ON CONSTRAINT notifications_natural_key DO NOTHING",
                   {n.id, n.user_id, n.actor_id, n.type, n.object_id, n.message, n.event_id})
               .Affected() == 1;
}

bool NotificationStore::Retract(const std::string& user_id, const std::string& type, const std::string& actor_id,
                                const std::string& object_id) {
    auto conn = pool_.Acquire();
    return conn->Exec("DELETE FROM notifications WHERE user_id = $1 AND type = $2 AND actor_id = $3 AND object_id = $4",
                      {user_id, type, actor_id, object_id})
               .Affected() > 0;
}

void NotificationStore::RetractObjects(const std::vector<std::string>& object_ids) {
    if (object_ids.empty()) return;
    std::string array = "{";
    for (std::size_t i = 0; i < object_ids.size(); ++i) array += (i ? "," : "") + object_ids[i];
    array += "}";
    auto conn = pool_.Acquire();
    conn->Exec("DELETE FROM notifications WHERE object_id = ANY($1::uuid[])", {array});
}

Page NotificationStore::List(const std::string& user_id, int page, int limit) {
    auto conn = pool_.Acquire();
    Page out;
    auto rows = conn->Exec(
        "SELECT id, user_id, actor_id, type, object_id, message, event_id, read_at IS NOT NULL, "
        "to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), count(*) OVER () "
        "FROM notifications WHERE user_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2 OFFSET $3",
        {user_id, std::to_string(limit), std::to_string(static_cast<std::int64_t>(page - 1) * limit)});
    for (int i = 0; i < rows.Rows(); ++i) {
        out.items.push_back(Notification{rows.Text(i, 0), rows.Text(i, 1), rows.Text(i, 2), rows.Text(i, 3),
                                         rows.Text(i, 4), rows.Text(i, 5), rows.Text(i, 6), rows.Bool(i, 7),
                                         rows.Text(i, 8)});
        out.total = rows.Int(i, 9);
    }
    if (rows.Rows() == 0) {
        out.total = conn->Exec("SELECT count(*) FROM notifications WHERE user_id = $1", {user_id}).Int(0, 0);
    }
    return out;
}

}  // namespace notification::store
