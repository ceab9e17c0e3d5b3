#include "tt/pg/migrate.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "tt/core/log.hpp"

namespace tt::pg {

int Migrate(Pool& pool, const std::string& dir) {
    namespace fs = std::filesystem;
    if (!fs::is_directory(dir)) {
        throw Error(ErrorCode::kInvalidArgument,
                    "migrations directory " + dir + " does not exist (set MIGRATIONS_DIR)");
    }
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(dir)) {
        if (entry.path().extension() == ".sql") files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());

    auto lease = pool.Acquire();
    lease->Exec("SELECT pg_advisory_lock(7262001)");
    int applied = 0;
    try {
        lease->Exec(
            "CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL "
            "DEFAULT now())");
        for (const auto& file : files) {
            std::string name = file.filename().string();
            if (lease->Exec("SELECT 1 FROM schema_migrations WHERE name = $1", {name}).Rows() > 0) continue;
            std::ifstream in(file);
            std::stringstream sql;
            sql << in.rdbuf();
            lease->Begin();
            try {
                // Multi-statement text needs the simple query protocol: no parameters here.
                lease->Exec(sql.str());
                lease->Exec("INSERT INTO schema_migrations(name) VALUES ($1)", {name});
                lease->Commit();
            } catch (...) {
                lease->Rollback();
                throw;
            }
            log::Info("migration applied", {{"file", name}});
            ++applied;
        }
    } catch (...) {
        lease->Exec("SELECT pg_advisory_unlock(7262001)");
        throw;
    }
    lease->Exec("SELECT pg_advisory_unlock(7262001)");
    return applied;
}

int MigrateWhenReachable(Pool& pool, const std::string& dir) {
    auto delay = std::chrono::milliseconds(200);
    for (;;) {
        try {
            return Migrate(pool, dir);
        } catch (const Error& e) {
            if (e.Code() != ErrorCode::kUnavailable) throw;
            log::Warn("database not reachable yet, retrying migrations",
                      {{"error", e.what()}, {"retryInMs", delay.count()}});
            std::this_thread::sleep_for(delay);  // retry backoff
            delay = std::min(delay * 2, std::chrono::milliseconds(5000));
        }
    }
}

}  // namespace tt::pg
