#pragma once

#include <string>

#include "tt/pg/pool.hpp"

namespace tt::pg {

// Applies the numbered SQL files of `dir` (001_name.sql, 002_...) that are not yet recorded in
// schema_migrations, each in its own transaction, in order. An advisory lock makes concurrent
// starts of the same service wait for each other. Returns how many files it applied.
int Migrate(Pool& pool, const std::string& dir);

// Migrate(), retried with backoff while PostgreSQL is unreachable (start-up order does not matter).
int MigrateWhenReachable(Pool& pool, const std::string& dir);

}  // namespace tt::pg
