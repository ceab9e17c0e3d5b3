#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "tt/core/config.hpp"
#include "tt/core/deadline.hpp"
#include "tt/core/metrics.hpp"
#include "tt/pg/connection.hpp"

namespace tt::pg {

struct DbConfig {
    std::string host = "localhost";
    int port = 5432;
    std::string user = "postgres";
    std::string password = "postgres";
    std::string name;
    int pool_size = 8;
    std::chrono::milliseconds acquire_timeout{5000};
    std::chrono::milliseconds connect_timeout{3000};
    std::chrono::milliseconds statement_timeout{10000};
    std::string search_path;  // empty: the server's default (public); replays use a schema of their own

    std::string ConnInfo() const;
};

// Reads <PREFIX>_DB_HOST|PORT|USERNAME|PASSWORD|NAME, falling back to DB_* (the original's names).
DbConfig LoadDbConfig(config::Reader& reader, const std::string& prefix, const std::string& default_name);

// A fixed set of connections lent out one per task. Acquire() blocks up to acquire_timeout and then
// throws tt::Error(kUnavailable). Connections reconnect lazily, so the pool recovers by itself when
// PostgreSQL comes back. Thread-safe.
class Pool {
public:
    explicit Pool(DbConfig config);

    class Lease {
    public:
        Lease(Pool& pool, std::unique_ptr<Connection> conn) : pool_(&pool), conn_(std::move(conn)) {}
        Lease(Lease&&) = default;
        ~Lease();
        Connection* operator->() { return conn_.get(); }
        Connection& operator*() { return *conn_; }

    private:
        Pool* pool_;
        std::unique_ptr<Connection> conn_;
    };

    Lease Acquire();

    // Runs `work` inside BEGIN/COMMIT; rolls back and rethrows if it throws. Serving a request whose
    // deadline (tt::DeadlineScope) has (almost) passed, it rolls back instead of committing.
    template <typename Fn>
    auto InTransaction(Fn&& work) -> decltype(work(std::declval<Connection&>()));

    // SELECT 1 within the pool's timeouts.
    bool Ping();
    const DbConfig& Config() const { return config_; }
    // tt_db_pool_connections / _in_use, tt_db_pool_acquires_total, _waits_total (had to wait for a
    // free connection), _timeouts_total and the acquire wait histogram; label `database`.
    void WriteMetrics(MetricsText& out) const;

private:
    void Release(std::unique_ptr<Connection> conn);

    DbConfig config_;
    mutable std::mutex mutex_;
    std::condition_variable available_;
    std::vector<std::unique_ptr<Connection>> idle_;
    std::uint64_t acquires_ = 0;  // guarded by mutex_, like the two below
    std::uint64_t waits_ = 0;
    std::uint64_t timeouts_ = 0;
    metrics::Histogram wait_seconds_;
};

template <typename Fn>
auto Pool::InTransaction(Fn&& work) -> decltype(work(std::declval<Connection&>())) {
    auto lease = Acquire();
    lease->Begin();
    try {
        if constexpr (std::is_void_v<decltype(work(*lease))>) {
            work(*lease);
            CheckDeadline("commit");
            lease->Commit();
        } else {
            auto result = work(*lease);
            CheckDeadline("commit");
            lease->Commit();
            return result;
        }
    } catch (...) {
        try {
            // Commit() has already rolled back when its deferred writes failed.
            if (lease->Healthy() && lease->InOpenTransaction()) lease->Rollback();
        } catch (const Error&) {
            lease->Reset();  // the connection is in an unknown state: drop it
        }
        throw;
    }
}

}  // namespace tt::pg
