#include "app/reconciler.hpp"

#include <nlohmann/json.hpp>

#include "tt/core/log.hpp"

namespace interaction::app {
namespace {

// A counter column and the rows it counts: counter_table.counter_column for key_column equals
// count(*) of rows_table grouped by rows_key.
struct CounterSpec {
    const char* name;
    const char* counter_table;
    const char* key_column;
    const char* counter_column;
    const char* rows_table;
    const char* rows_key;
};

constexpr CounterSpec kCounters[] = {
    {"video_likes", "video_stats", "video_id", "likes_count", "likes", "video_id"},
    {"video_comments", "video_stats", "video_id", "comments_count", "comments", "video_id"},
    {"video_shares", "video_stats", "video_id", "shares_count", "shares", "video_id"},
    {"comment_replies", "comments", "id", "replies_count", "comments", "parent_id"},
    {"comment_likes", "comments", "id", "likes_count", "comment_likes", "comment_id"},
    {"user_followers", "user_stats", "user_id", "followers_count", "follows", "following_id"},
    {"user_following", "user_stats", "user_id", "following_count", "follows", "follower_id"},
};

// Rows counted for a key without a counter row are drift too (the counter reads as 0).
std::string DriftQuery(const CounterSpec& c) {
    std::string s = c.counter_table, k = c.key_column, n = c.counter_column, r = c.rows_table, rk = c.rows_key;
    return "SELECT coalesce(s." + k + ", a.key)::text, coalesce(s." + n + ", 0), coalesce(a.n, 0) FROM " + s +
           " s FULL JOIN (SELECT " + rk + " AS key, count(*) AS n FROM " + r + " WHERE " + rk +
           " IS NOT NULL GROUP BY " + rk + ") a ON a.key = s." + k + " WHERE coalesce(s." + n +
           ", 0) <> coalesce(a.n, 0) ORDER BY 1";
}

std::string RepairQuery(const CounterSpec& c) {
    std::string s = c.counter_table, k = c.key_column, n = c.counter_column, r = c.rows_table, rk = c.rows_key;
    return "UPDATE " + s + " t SET " + n + " = (SELECT count(*) FROM " + r + " x WHERE x." + rk + " = t." + k +
           ") WHERE t." + k + " = ANY($1::uuid[])";
}

}  // namespace

std::int64_t ReconcileReport::DriftedRows() const {
    std::int64_t total = 0;
    for (const auto& [name, rows] : drift) total += static_cast<std::int64_t>(rows.size());
    return total;
}

std::string ReconcileReport::ToJson() const {
    nlohmann::json counters = nlohmann::json::object();
    for (const auto& [name, rows] : drift) {
        nlohmann::json examples = nlohmann::json::array();
        for (std::size_t i = 0; i < rows.size() && i < 20; ++i) {
            examples.push_back({{"id", rows[i].id}, {"stored", rows[i].stored}, {"counted", rows[i].counted}});
        }
        counters[name] = {{"drifted", rows.size()}, {"examples", examples}};
    }
    return nlohmann::json{{"driftedRows", DriftedRows()}, {"counters", counters}}.dump();
}

Reconciler::~Reconciler() {
    Stop();
}

ReconcileReport Reconciler::RunOnce(bool repair) {
    ReconcileReport report;
    pool_.InTransaction([&](tt::pg::Connection& conn) {
        // One snapshot for every recount; a repair in it only touches rows that drifted in it.
        conn.Exec("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
        for (const auto& counter : kCounters) {
            auto rows = conn.Exec(DriftQuery(counter));
            auto& drifted = report.drift[counter.name];
            std::string ids = "{";
            for (int i = 0; i < rows.Rows(); ++i) {
                drifted.push_back({rows.Text(i, 0), rows.Int(i, 1), rows.Int(i, 2)});
                ids += (i ? "," : "") + rows.Text(i, 0);
            }
            ids += "}";
            if (repair && !drifted.empty()) conn.Exec(RepairQuery(counter), {ids});
        }
    });
    std::lock_guard lock(mutex_);
    ++runs_;
    for (const auto& [name, rows] : report.drift) last_drift_[name] = static_cast<std::int64_t>(rows.size());
    return report;
}

void Reconciler::Start() {
    if (interval_.count() == 0) return;
    thread_ = std::thread([this] { Loop(); });
}

void Reconciler::Stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void Reconciler::Loop() {
    for (;;) {
        {
            std::unique_lock lock(mutex_);
            if (wake_.wait_for(lock, interval_, [this] { return stopping_; })) return;
        }
        try {
            auto report = RunOnce(/*repair=*/false);
            if (report.DriftedRows() > 0) {
                tt::log::Warn("counter drift found (repair: interaction-service reconcile --repair)",
                              nlohmann::json::parse(report.ToJson()));
            } else {
                tt::log::Debug("counters reconciled, no drift");
            }
        } catch (const std::exception& e) {
            tt::log::Warn("counter reconciliation failed, will try at the next interval", {{"error", e.what()}});
        }
    }
}

void Reconciler::WriteMetrics(tt::MetricsText& out) const {
    std::lock_guard lock(mutex_);
    for (const auto& [name, rows] : last_drift_) {
        out.Gauge("tt_counter_drift", "counters that differed from a recount of their rows at the last reconciliation",
                  static_cast<double>(rows), {{"counter", name}});
    }
    out.Counter("tt_reconcile_runs_total", "counter reconciliations run by this process", static_cast<double>(runs_));
}

}  // namespace interaction::app
