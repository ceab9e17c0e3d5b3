#include "store/video_store.hpp"

namespace video::store {
namespace {

constexpr const char* kColumns =
    "id, user_id, title, coalesce(description, ''), video_url, coalesce(thumbnail_url, ''), duration, "
    "to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')";

Video FromRow(const tt::pg::Result& r, int row) {
    return Video{r.Text(row, 0),
                 r.Text(row, 1),
                 r.Text(row, 2),
                 r.Text(row, 3),
                 r.Text(row, 4),
                 r.Text(row, 5),
                 static_cast<int>(r.Int(row, 6)),
                 r.Text(row, 7)};
}

}  // namespace

Video VideoStore::Insert(const Video& v) {
    auto conn = pool_.Acquire();
    auto r =
        conn->Exec(std::string("INSERT INTO videos (id, user_id, title, description, video_url, thumbnail_url, "
                               "duration) VALUES ($1, $2, $3, nullif($4, ''), $5, nullif($6, ''), $7) RETURNING ") +
                       kColumns,
                   {v.id, v.user_id, v.title, v.description, v.video_url, v.thumbnail_url, std::to_string(v.duration)});
    return FromRow(r, 0);
}

std::optional<Video> VideoStore::FindById(const std::string& id) {
    auto conn = pool_.Acquire();
    auto r = conn->Exec(std::string("SELECT ") + kColumns + " FROM videos WHERE id = $1", {id});
    if (r.Rows() == 0) return std::nullopt;
    return FromRow(r, 0);
}

}  // namespace video::store
