#include "tt/pg/pool.hpp"

namespace tt::pg {
namespace {

// Quotes a conninfo value: 'value' with \ and ' escaped.
std::string Quote(const std::string& value) {
    std::string out = "'";
    for (char c : value) {
        if (c == '\'' || c == '\\') out.push_back('\\');
        out.push_back(c);
    }
    return out + "'";
}

}  // namespace

std::string DbConfig::ConnInfo() const {
    return "host=" + Quote(host) + " port=" + std::to_string(port) + " user=" + Quote(user) +
           " password=" + Quote(password) + " dbname=" + Quote(name) +
           " connect_timeout=" + std::to_string(std::max<long>(1, connect_timeout.count() / 1000)) +
           " options='-c statement_timeout=" + std::to_string(statement_timeout.count()) +
           " -c client_min_messages=warning" + (search_path.empty() ? "" : " -c search_path=" + search_path) +
           "' keepalives=1 keepalives_idle=10";
}

DbConfig LoadDbConfig(config::Reader& reader, const std::string& prefix, const std::string& default_name) {
    DbConfig c;
    c.host = reader.String({prefix + "_DB_HOST", "DB_HOST"}, "localhost", "PostgreSQL host");
    c.port = static_cast<int>(reader.Int({prefix + "_DB_PORT", "DB_PORT"}, 5432, 1, 65535, "PostgreSQL port"));
    c.user = reader.String({prefix + "_DB_USERNAME", "DB_USERNAME"}, "postgres", "PostgreSQL user");
    c.password = reader.String({prefix + "_DB_PASSWORD", "DB_PASSWORD"}, "postgres", "PostgreSQL password");
    c.name = reader.String({prefix + "_DB_NAME"}, default_name, "PostgreSQL database of this service");
    c.pool_size = static_cast<int>(
        reader.Int({prefix + "_DB_POOL_SIZE", "DB_POOL_SIZE"}, 8, 1, 256, "connections in this service's pool"));
    return c;
}

Pool::Pool(DbConfig config) : config_(std::move(config)) {
    for (int i = 0; i < config_.pool_size; ++i) idle_.push_back(std::make_unique<Connection>(config_.ConnInfo()));
}

Pool::Lease::~Lease() {
    if (conn_) pool_->Release(std::move(conn_));
}

Pool::Lease Pool::Acquire() {
    std::unique_lock lock(mutex_);
    ++acquires_;
    if (idle_.empty()) {
        ++waits_;
        auto started = std::chrono::steady_clock::now();
        bool got = available_.wait_for(lock, config_.acquire_timeout, [this] { return !idle_.empty(); });
        wait_seconds_.Observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
        if (!got) ++timeouts_;
    }
    if (idle_.empty()) {
        throw Error(ErrorCode::kUnavailable, "database busy: no free connection within " +
                                                 std::to_string(config_.acquire_timeout.count()) +
                                                 " ms (raise DB_POOL_SIZE or look for slow queries)");
    }
    auto conn = std::move(idle_.back());
    idle_.pop_back();
    lock.unlock();
    // Idle connections outlive PostgreSQL restarts: reconnect instead of failing the caller's request.
    conn->DropIfClosedByServer();
    return Lease(*this, std::move(conn));
}

void Pool::Release(std::unique_ptr<Connection> conn) {
    {
        std::lock_guard lock(mutex_);
        idle_.push_back(std::move(conn));
    }
    available_.notify_one();
}

void Pool::WriteMetrics(MetricsText& out) const {
    MetricsText::Labels labels{{"database", config_.name}};
    std::lock_guard lock(mutex_);
    out.Gauge("tt_db_pool_connections", "connections in the pool", config_.pool_size, labels);
    out.Gauge("tt_db_pool_in_use", "connections lent out right now",
              config_.pool_size - static_cast<double>(idle_.size()), labels);
    out.Counter("tt_db_pool_acquires_total", "connections lent out", static_cast<double>(acquires_), labels);
    out.Counter("tt_db_pool_waits_total", "acquires that found no idle connection and waited",
                static_cast<double>(waits_), labels);
    out.Counter("tt_db_pool_timeouts_total", "acquires that gave up after DB acquire timeout (503)",
                static_cast<double>(timeouts_), labels);
    wait_seconds_.Write(out, "tt_db_pool_wait_seconds", "time spent waiting for a free connection", labels);
}

bool Pool::Ping() {
    try {
        auto lease = Acquire();
        lease->Exec("SELECT 1");
        return true;
    } catch (const Error&) {
        return false;
    }
}

}  // namespace tt::pg
