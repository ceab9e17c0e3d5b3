#include "store/video_store.hpp"

#include <algorithm>

#include "tt/core/error.hpp"
#include "tt/core/ids.hpp"
#include "tt/pg/keyset.hpp"

namespace video::store {
namespace {

constexpr const char* kColumns =
    "id, user_id, title, coalesce(description, ''), video_url, coalesce(thumbnail_url, ''), duration, "
    "to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), array_to_string(hashtags, ' '), "
    "array_to_string(mentions, ' '), status, is_public";

std::vector<std::string> Words(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < text.size()) {
        auto end = text.find(' ', start);
        if (end == std::string::npos) end = text.size();
        if (end > start) out.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return out;
}

// A PostgreSQL array literal of plain words (tags and usernames never contain quotes or commas).
std::string ArrayLiteral(const std::vector<std::string>& items) {
    std::string out = "{";
    for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ",\"" : "\"") + items[i] + "\"";
    return out + "}";
}

Video FromRow(const tt::pg::Result& r, int row) {
    Video v;
    v.id = r.Text(row, 0);
    v.user_id = r.Text(row, 1);
    v.title = r.Text(row, 2);
    v.description = r.Text(row, 3);
    v.video_url = r.Text(row, 4);
    v.thumbnail_url = r.Text(row, 5);
    v.duration = static_cast<int>(r.Int(row, 6));
    v.created_at = r.Text(row, 7);
    v.hashtags = Words(r.Text(row, 8));
    v.mentions = Words(r.Text(row, 9));
    v.status = r.Text(row, 10);
    v.is_public = r.Bool(row, 11);
    return v;
}

}  // namespace

Video VideoStore::Insert(const Video& v) {
    auto conn = pool_.Acquire();
    auto r =
        conn->Exec(std::string("INSERT INTO videos (id, user_id, title, description, video_url, thumbnail_url, "
                               "duration, hashtags, mentions) VALUES ($1, $2, $3, nullif($4, ''), $5, nullif($6, ''), "
                               "$7, $8::text[], $9::text[]) RETURNING ") +
                       kColumns,
                   {v.id, v.user_id, v.title, v.description, v.video_url, v.thumbnail_url, std::to_string(v.duration),
                    ArrayLiteral(v.hashtags), ArrayLiteral(v.mentions)});
    return FromRow(r, 0);
}

std::optional<Video> VideoStore::FindById(const std::string& id) {
    auto conn = pool_.Acquire();
    auto r = conn->Exec(std::string("SELECT ") + kColumns + " FROM videos WHERE id = $1", {id});
    if (r.Rows() == 0) return std::nullopt;
    return FromRow(r, 0);
}

void VideoStore::Delete(const std::string& id, const std::string& user_id, const std::function<void()>& publish) {
    pool_.InTransaction([&](tt::pg::Connection& conn) {
        auto owner = conn.Exec("SELECT user_id FROM videos WHERE id = $1 FOR UPDATE", {id});
        if (owner.Rows() == 0) throw tt::Error(tt::ErrorCode::kNotFound, "Video not found");
        if (owner.Text(0, 0) != user_id) {
            throw tt::Error(tt::ErrorCode::kPermissionDenied, "Only the video's owner can delete it");
        }
        conn.Exec("DELETE FROM videos WHERE id = $1", {id});
        publish();
    });
}

VideoPage VideoStore::List(const ListQuery& q) {
    constexpr const char* kVisible = "is_public AND status = 'ready'";
    std::string where;
    std::vector<tt::pg::Param> params;
    auto param = [&params](std::string value) {
        params.push_back(std::move(value));
        return "$" + std::to_string(params.size());
    };
    switch (q.kind) {
        case ListQuery::Kind::kFeed:
            where = kVisible;
            break;
        case ListQuery::Kind::kUser:
            where = "user_id = " + param(q.user_id) + "::uuid";
            if (q.viewer_id != q.user_id) where += std::string(" AND ") + kVisible;
            break;
        case ListQuery::Kind::kSearch:
            where = "search @@ websearch_to_tsquery('simple', " + param(q.text) + ") AND " + kVisible;
            break;
        case ListQuery::Kind::kHashtag:
            where = "hashtags @> ARRAY[" + param(q.text) + "]::text[] AND " + kVisible;
            break;
        case ListQuery::Kind::kUsers: {
            std::string ids = "{";
            for (std::size_t i = 0; i < q.user_ids.size(); ++i) ids += (i ? "," : "") + q.user_ids[i];
            where = "user_id = ANY(" + param(ids + "}") + "::uuid[]) AND " + kVisible;
            break;
        }
    }
    auto count_params = params;
    std::string sql = std::string("SELECT ") + kColumns + " FROM videos WHERE " + where;
    if (!q.cursor.empty()) {
        auto keyset = tt::pg::ParseKeyset(q.cursor);
        sql +=
            " AND (created_at, id) < (" + param(keyset.created_at) + "::timestamptz, " + param(keyset.id) + "::uuid)";
    }
    sql += " ORDER BY created_at DESC, id DESC LIMIT " + param(std::to_string(q.limit + 1));
    if (q.cursor.empty()) sql += " OFFSET " + param(std::to_string(q.offset));

    auto conn = pool_.Acquire();
    auto r = tt::pg::ExecList(*conn, sql, params);
    VideoPage page;
    int shown = std::min(r.Rows(), q.limit);
    for (int i = 0; i < shown; ++i) page.items.push_back(FromRow(r, i));
    if (r.Rows() > q.limit) page.next_cursor = tt::pg::MakeKeyset(page.items.back().created_at, page.items.back().id);
    page.total = conn->Exec("SELECT count(*) FROM videos WHERE " + where, count_params).Int(0, 0);
    return page;
}

}  // namespace video::store
