#include "store/video_store.hpp"

#include <algorithm>

#include "tt/core/error.hpp"
#include "tt/core/ids.hpp"
#include "tt/core/tags.hpp"
#include "tt/pg/keyset.hpp"

namespace video::store {
namespace {

constexpr const char* kColumns =
    "id, user_id, title, coalesce(description, ''), video_url, coalesce(thumbnail_url, ''), duration, "
    "to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), array_to_string(hashtags, ' '), "
    "array_to_string(mentions, ' '), status, is_public, coalesce(storage_key, ''), coalesce(thumbnail_key, ''), "
    "coalesce(width, 0), coalesce(height, 0), coalesce(size_bytes, 0), coalesce(failure_reason, '')";

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
    v.storage_key = r.Text(row, 12);
    v.thumbnail_key = r.Text(row, 13);
    v.width = static_cast<int>(r.Int(row, 14));
    v.height = static_cast<int>(r.Int(row, 15));
    v.size_bytes = r.Int(row, 16);
    v.failure_reason = r.Text(row, 17);
    return v;
}

}  // namespace

Video VideoStore::Insert(const Video& v, const Publish& publish) {
    Video created;
    pool_.InTransaction([&](tt::pg::Connection& conn) {
        auto r = conn.Exec(
            std::string("INSERT INTO videos (id, user_id, title, description, video_url, thumbnail_url, duration, "
                        "hashtags, mentions, status, is_public, storage_key, size_bytes) VALUES ($1, $2, $3, "
                        "nullif($4, ''), $5, nullif($6, ''), $7, $8::text[], $9::text[], $10, $11, nullif($12, ''), "
                        "nullif($13, '0')::bigint) RETURNING ") +
                kColumns,
            {v.id, v.user_id, v.title, v.description, v.video_url, v.thumbnail_url, std::to_string(v.duration),
             ArrayLiteral(v.hashtags), ArrayLiteral(v.mentions), v.status, v.is_public ? "true" : "false",
             v.storage_key, std::to_string(v.size_bytes)});
        created = FromRow(r, 0);
        publish(conn, created);
    });
    Changed(created.id, created.status == "ready");
    return created;
}

std::optional<Video> VideoStore::FindById(const std::string& id) {
    auto conn = pool_.Acquire();
    auto r = conn->Exec(std::string("SELECT ") + kColumns + " FROM videos WHERE id = $1", {id});
    if (r.Rows() == 0) return std::nullopt;
    return FromRow(r, 0);
}

Video VideoStore::Delete(const std::string& id, const std::string& user_id, const Publish& publish) {
    Video deleted;
    pool_.InTransaction([&](tt::pg::Connection& conn) {
        auto r = conn.Exec(std::string("SELECT ") + kColumns + " FROM videos WHERE id = $1 FOR UPDATE", {id});
        if (r.Rows() == 0) throw tt::Error(tt::ErrorCode::kNotFound, "Video not found");
        deleted = FromRow(r, 0);
        if (deleted.user_id != user_id) {
            throw tt::Error(tt::ErrorCode::kPermissionDenied, "Only the video's owner can delete it");
        }
        conn.Exec("DELETE FROM videos WHERE id = $1", {id});
        publish(conn, deleted);
    });
    Changed(id, true);
    return deleted;
}

Video VideoStore::FinishUpload(const std::string& id, const std::string& user_id, const UploadOutcome& outcome,
                               const Publish& publish) {
    Video video;
    pool_.InTransaction([&](tt::pg::Connection& conn) {
        auto r = conn.Exec(std::string("SELECT ") + kColumns + " FROM videos WHERE id = $1 FOR UPDATE", {id});
        if (r.Rows() == 0) throw tt::Error(tt::ErrorCode::kNotFound, "Video not found");
        video = FromRow(r, 0);
        if (video.user_id != user_id) {
            throw tt::Error(tt::ErrorCode::kPermissionDenied, "Only the video's owner can finish its upload");
        }
        if (video.status != "uploading") return;
        bool ok = outcome.error.empty();
        auto title = outcome.title.empty() ? video.title : outcome.title;
        auto description = outcome.description.empty() ? video.description : outcome.description;
        auto is_public = outcome.is_public.value_or(video.is_public);
        auto updated = conn.Exec(
            std::string("UPDATE videos SET status = $2, failure_reason = nullif($3, ''), title = $4, description = "
                        "nullif($5, ''), is_public = $6, size_bytes = $7, hashtags = $8::text[], mentions = "
                        "$9::text[], updated_at = now() WHERE id = $1 RETURNING ") +
                kColumns,
            {id, ok ? "processing" : "failed", outcome.error, title, description, is_public ? "true" : "false",
             std::to_string(outcome.size_bytes), ArrayLiteral(tt::ParseHashtags(title + " " + description)),
             ArrayLiteral(tt::ParseMentions(description))});
        video = FromRow(updated, 0);
        if (ok) publish(conn, video);
    });
    Changed(id, false);
    return video;
}

std::optional<Video> VideoStore::MarkReady(const std::string& id, const ProbeResult& probe, const Publish& publish) {
    std::optional<Video> ready;
    pool_.InTransaction([&](tt::pg::Connection& conn) {
        auto r = conn.Exec(std::string("UPDATE videos SET status = 'ready', duration = $2, width = $3, height = $4, "
                                       "thumbnail_key = nullif($5, ''), thumbnail_url = coalesce(nullif($6, ''), "
                                       "thumbnail_url), updated_at = now() WHERE id = $1 AND status = 'processing' "
                                       "RETURNING ") +
                               kColumns,
                           {id, std::to_string(probe.duration), std::to_string(probe.width),
                            std::to_string(probe.height), probe.thumbnail_key, probe.thumbnail_url});
        if (r.Rows() == 0) return;
        ready = FromRow(r, 0);
        publish(conn, *ready);
    });
    if (ready) Changed(id, true);
    return ready;
}

bool VideoStore::MarkFailed(const std::string& id, const std::string& from, const std::string& reason) {
    auto conn = pool_.Acquire();
    auto r = conn->Exec(
        "UPDATE videos SET status = 'failed', failure_reason = $3, updated_at = now() WHERE id = $1 AND status = $2 "
        "RETURNING id",
        {id, from, reason});
    if (r.Rows() > 0) Changed(id, false);
    return r.Rows() > 0;
}

std::vector<Video> VideoStore::FailStuck(std::chrono::seconds upload_timeout, std::chrono::seconds processing_timeout) {
    auto conn = pool_.Acquire();
    auto r = conn->Exec(
        std::string("UPDATE videos SET status = 'failed', updated_at = now(), failure_reason = CASE status WHEN "
                    "'uploading' THEN 'the upload did not complete' ELSE 'processing did not finish in time' END "
                    "WHERE (status = 'uploading' AND updated_at < now() - make_interval(secs => $1)) OR (status = "
                    "'processing' AND updated_at < now() - make_interval(secs => $2)) RETURNING ") +
            kColumns,
        {std::to_string(upload_timeout.count()), std::to_string(processing_timeout.count())});
    std::vector<Video> out;
    for (int i = 0; i < r.Rows(); ++i) out.push_back(FromRow(r, i));
    for (const auto& video : out) Changed(video.id, false);
    return out;
}

VideoPage VideoStore::List(const ListQuery& q) {
    constexpr const char* kVisible = "is_public AND status = 'ready'";
    std::string where;
    std::vector<tt::pg::Param> params;
    auto param = [&params](std::string value) {
        params.push_back(std::move(value));
        std::string placeholder = "$";  // not "$" + ...: g++ 12 -O3 warns falsely (-Wrestrict)
        return placeholder + std::to_string(params.size());
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
