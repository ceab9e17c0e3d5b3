#include "store/stats_store.hpp"

#include "tt/pg/arrays.hpp"

namespace analytics::store {
namespace {

using tt::pg::NumberArray;
using tt::pg::TextArray;

std::string ToHex(const std::string& bytes) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (unsigned char c : bytes) {
        out += kDigits[c >> 4];
        out += kDigits[c & 0xf];
    }
    return out;
}

std::string FromHex(const std::string& hex) {
    auto value = [](char c) { return c <= '9' ? c - '0' : c - 'a' + 10; };
    std::string out;
    out.reserve(hex.size() / 2);
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
        out += static_cast<char>(value(hex[i]) * 16 + value(hex[i + 1]));
    return out;
}

constexpr const char* kRowColumns =
    "video_id::text, coalesce(owner_id::text, ''), views, likes, comments, shares, unique_viewers, "
    "viewers_hll IS NOT NULL, score_1h, score_24h, score_at_ms, last_trending_ms";

VideoRow RowAt(const tt::pg::Result& r, int i) {
    VideoRow row;
    row.video_id = r.Text(i, 0);
    row.owner_id = r.Text(i, 1);
    row.counters = domain::Counters{r.Int(i, 2), r.Int(i, 3), r.Int(i, 4), r.Int(i, 5)};
    row.unique_viewers = r.Int(i, 6);
    row.has_sketch = r.Bool(i, 7);
    row.scores = domain::Scores{std::stod(r.Text(i, 8)), std::stod(r.Text(i, 9))};
    row.score_at_ms = r.Int(i, 10);
    if (!r.IsNull(i, 11)) row.last_trending_ms = r.Int(i, 11);
    return row;
}

}  // namespace

std::set<std::string> StatsStore::MarkSeen(tt::pg::Connection& conn, const std::vector<std::string>& event_ids) {
    std::set<std::string> fresh;
    if (event_ids.empty()) return fresh;
    auto r = conn.Exec(
        "INSERT INTO seen_events (event_id) SELECT DISTINCT unnest($1::uuid[]) ON CONFLICT DO NOTHING "
        "RETURNING event_id::text",
        {TextArray(event_ids)});
    for (int i = 0; i < r.Rows(); ++i) fresh.insert(r.Text(i, 0));
    return fresh;
}

std::map<std::string, VideoRow> StatsStore::LockVideos(tt::pg::Connection& conn,
                                                       const std::vector<std::string>& video_ids) {
    std::map<std::string, VideoRow> out;
    if (video_ids.empty()) return out;
    auto ids = TextArray(video_ids);
    conn.Exec(
        "INSERT INTO video_stats (video_id) SELECT id FROM unnest($1::uuid[]) AS id ORDER BY id "
        "ON CONFLICT DO NOTHING",
        {ids});
    auto r = conn.Exec(std::string("SELECT ") + kRowColumns +
                           " FROM video_stats WHERE video_id = ANY($1::uuid[]) ORDER BY video_id FOR UPDATE",
                       {ids});
    for (int i = 0; i < r.Rows(); ++i) {
        auto row = RowAt(r, i);
        out[row.video_id] = std::move(row);
    }
    return out;
}

std::string StatsStore::StoredSketch(tt::pg::Connection& conn, const std::string& video_id) {
    auto r =
        conn.Exec("SELECT encode(viewers_hll, 'hex') FROM video_stats WHERE video_id = $1 AND viewers_hll IS NOT NULL",
                  {video_id});
    return r.Rows() == 0 ? std::string() : FromHex(r.Text(0, 0));
}

void StatsStore::SaveVideos(tt::pg::Connection& conn, const std::vector<VideoRow>& rows) {
    if (rows.empty()) return;
    std::vector<std::string> ids;
    std::vector<std::int64_t> views, likes, comments, shares, unique_viewers, score_at;
    std::vector<std::optional<std::string>> sketches, owners;
    std::vector<double> hour, day;
    std::vector<std::optional<std::int64_t>> trending;
    for (const auto& row : rows) {
        ids.push_back(row.video_id);
        views.push_back(row.counters.views);
        likes.push_back(row.counters.likes);
        comments.push_back(row.counters.comments);
        shares.push_back(row.counters.shares);
        unique_viewers.push_back(row.unique_viewers);
        sketches.push_back(row.sketch.empty() ? std::nullopt : std::optional<std::string>(ToHex(row.sketch)));
        owners.push_back(row.owner_id.empty() ? std::nullopt : std::optional<std::string>(row.owner_id));
        hour.push_back(row.scores.hour);
        day.push_back(row.scores.day);
        score_at.push_back(row.score_at_ms);
        trending.push_back(row.last_trending_ms);
    }
    conn.Exec(
        "UPDATE video_stats v SET views = u.views, likes = u.likes, comments = u.comments, shares = u.shares, "
        "unique_viewers = u.uniq, viewers_hll = coalesce(decode(u.hll, 'hex'), v.viewers_hll), "
        "owner_id = coalesce(v.owner_id, u.owner::uuid), score_1h = u.hour, score_24h = u.day, "
        "score_at_ms = u.at, last_trending_ms = coalesce(u.trending, v.last_trending_ms), updated_at = now() "
        "FROM unnest($1::uuid[], $2::bigint[], $3::bigint[], $4::bigint[], $5::bigint[], $6::bigint[], $7::text[], "
        "            $8::text[], $9::float8[], $10::float8[], $11::bigint[], $12::bigint[]) "
        "     AS u(video_id, views, likes, comments, shares, uniq, hll, owner, hour, day, at, trending) "
        "WHERE v.video_id = u.video_id",
        {TextArray(ids), NumberArray(views), NumberArray(likes), NumberArray(comments), NumberArray(shares),
         NumberArray(unique_viewers), TextArray(sketches), TextArray(owners), NumberArray(hour), NumberArray(day),
         NumberArray(score_at), NumberArray(trending)});
}

std::map<domain::ActorKey, domain::ActorCounts> StatsStore::LoadActorCounts(tt::pg::Connection& conn,
                                                                            const std::set<VideoActor>& pairs) {
    std::map<domain::ActorKey, domain::ActorCounts> out;
    if (pairs.empty()) return out;
    std::vector<std::string> videos, actors;
    for (const auto& [video, actor] : pairs) {
        videos.push_back(video);
        actors.push_back(actor);
    }
    auto r = conn.Exec(
        "SELECT c.video_id::text, c.actor, c.window_minutes, c.kind, c.counted_at_ms, c.weight "
        "FROM trending_actor_counts c "
        "JOIN unnest($1::uuid[], $2::text[]) AS p(video_id, actor) ON c.video_id = p.video_id AND c.actor = p.actor",
        {TextArray(videos), TextArray(actors)});
    for (int i = 0; i < r.Rows(); ++i) {
        domain::ActorKey key{r.Text(i, 0), r.Text(i, 1), static_cast<int>(r.Int(i, 2))};
        out[key].push_back(
            domain::Counted{static_cast<domain::Engagement>(r.Int(i, 3)), r.Int(i, 4), std::stod(r.Text(i, 5))});
    }
    return out;
}

void StatsStore::SaveActorCounts(tt::pg::Connection& conn,
                                 const std::map<domain::ActorKey, domain::ActorCounts>& counts,
                                 const std::set<domain::ActorKey>& which) {
    std::vector<std::string> videos, actors;
    std::vector<int> windows, kinds;
    std::vector<std::int64_t> times;
    std::vector<double> weights;
    for (const auto& key : which) {
        auto it = counts.find(key);
        if (it == counts.end()) continue;
        for (const auto& c : it->second) {
            videos.push_back(key.video_id);
            actors.push_back(key.actor);
            windows.push_back(key.window_minutes);
            kinds.push_back(static_cast<int>(c.kind));
            times.push_back(c.at_ms);
            weights.push_back(c.weight);
        }
    }
    if (videos.empty()) return;
    conn.Exec(
        "INSERT INTO trending_actor_counts (video_id, actor, window_minutes, kind, counted_at_ms, weight) "
        "SELECT * FROM unnest($1::uuid[], $2::text[], $3::integer[], $4::smallint[], $5::bigint[], $6::float8[]) "
        "ON CONFLICT (video_id, actor, window_minutes, kind) "
        "DO UPDATE SET counted_at_ms = excluded.counted_at_ms, weight = excluded.weight",
        {TextArray(videos), TextArray(actors), NumberArray(windows), NumberArray(kinds), NumberArray(times),
         NumberArray(weights)});
}

void StatsStore::AddToBuckets(tt::pg::Connection& conn, const std::map<domain::BucketKey, double>& weights) {
    if (weights.empty()) return;
    std::vector<std::string> videos;
    std::vector<int> windows;
    std::vector<std::int64_t> starts;
    std::vector<double> values;
    for (const auto& [key, weight] : weights) {
        videos.push_back(key.video_id);
        windows.push_back(key.window_minutes);
        starts.push_back(key.start_ms);
        values.push_back(weight);
    }
    conn.Exec(
        "INSERT INTO trending_buckets (video_id, window_minutes, start_ms, weight) "
        "SELECT * FROM unnest($1::uuid[], $2::integer[], $3::bigint[], $4::float8[]) "
        "ON CONFLICT (video_id, window_minutes, start_ms) DO UPDATE SET weight = trending_buckets.weight + "
        "excluded.weight",
        {TextArray(videos), NumberArray(windows), NumberArray(starts), NumberArray(values)});
}

std::map<std::string, std::map<int, std::vector<domain::Bucket>>> StatsStore::LoadBuckets(
    tt::pg::Connection& conn, const std::vector<std::string>& video_ids, std::int64_t since_ms) {
    std::map<std::string, std::map<int, std::vector<domain::Bucket>>> out;
    if (video_ids.empty()) return out;
    auto r = conn.Exec(
        "SELECT video_id::text, window_minutes, start_ms, weight FROM trending_buckets "
        "WHERE video_id = ANY($1::uuid[]) AND start_ms > $2",
        {TextArray(video_ids), std::to_string(since_ms)});
    for (int i = 0; i < r.Rows(); ++i) {
        out[r.Text(i, 0)][static_cast<int>(r.Int(i, 1))].push_back(
            domain::Bucket{r.Int(i, 2), std::stod(r.Text(i, 3))});
    }
    return out;
}

std::vector<std::string> StatsStore::LockStaleScores(tt::pg::Connection& conn, std::int64_t before_ms, int limit) {
    auto r = conn.Exec(
        "SELECT video_id::text FROM video_stats WHERE (score_1h > 0 OR score_24h > 0) AND score_at_ms < $1 "
        "ORDER BY score_at_ms LIMIT $2 FOR UPDATE SKIP LOCKED",
        {std::to_string(before_ms), std::to_string(limit)});
    std::vector<std::string> out;
    for (int i = 0; i < r.Rows(); ++i) out.push_back(r.Text(i, 0));
    return out;
}

void StatsStore::SaveScores(tt::pg::Connection& conn, const std::map<std::string, domain::Scores>& scores,
                            std::int64_t now_ms) {
    if (scores.empty()) return;
    std::vector<std::string> ids;
    std::vector<double> hour, day;
    for (const auto& [id, s] : scores) {
        ids.push_back(id);
        hour.push_back(s.hour);
        day.push_back(s.day);
    }
    conn.Exec(
        "UPDATE video_stats v SET score_1h = u.hour, score_24h = u.day, score_at_ms = $4 "
        "FROM unnest($1::uuid[], $2::float8[], $3::float8[]) AS u(video_id, hour, day) WHERE v.video_id = u.video_id",
        {TextArray(ids), NumberArray(hour), NumberArray(day), std::to_string(now_ms)});
}

StatsStore::Expired StatsStore::DeleteExpired(tt::pg::Connection& conn, std::int64_t now_ms,
                                              std::chrono::seconds retention) {
    Expired out;
    auto now = std::to_string(now_ms);
    // A bucket is window/60 long (window_minutes * 1000 ms): gone once it ended before the window began.
    out.buckets = conn.Exec(
                          "DELETE FROM trending_buckets WHERE start_ms < $1::bigint - 3600000 "
                          "AND start_ms + window_minutes * 1000::bigint <= $1::bigint - window_minutes * 60000::bigint",
                          {now})
                      .Affected();
    // Kept for two window lengths, so a late event (older than the newest counted) still finds them.
    out.actor_counts = conn.Exec(
                               "DELETE FROM trending_actor_counts WHERE counted_at_ms < $1::bigint - 7200000 "
                               "AND counted_at_ms <= $1::bigint - window_minutes * 120000::bigint",
                               {now})
                           .Affected();
    out.events = conn.Exec("DELETE FROM seen_events WHERE seen_at < now() - make_interval(secs => $1)",
                           {std::to_string(retention.count())})
                     .Affected();
    return out;
}

std::vector<std::pair<std::string, double>> StatsStore::Trending(tt::pg::Connection& conn, const domain::Window& window,
                                                                 int limit) {
    // The column comes from the Window constant, never from the request.
    std::string column = window.minutes == domain::kHour.minutes ? "score_1h" : "score_24h";
    auto r = conn.Exec("SELECT video_id::text, " + column + " FROM video_stats WHERE " + column + " > 0 ORDER BY " +
                           column + " DESC, video_id LIMIT $1",
                       {std::to_string(limit)});
    std::vector<std::pair<std::string, double>> out;
    for (int i = 0; i < r.Rows(); ++i) out.emplace_back(r.Text(i, 0), std::stod(r.Text(i, 1)));
    return out;
}

std::optional<VideoRow> StatsStore::Find(tt::pg::Connection& conn, const std::string& video_id) {
    auto r = conn.Exec(std::string("SELECT ") + kRowColumns + " FROM video_stats WHERE video_id = $1", {video_id});
    if (r.Rows() == 0) return std::nullopt;
    return RowAt(r, 0);
}

}  // namespace analytics::store
