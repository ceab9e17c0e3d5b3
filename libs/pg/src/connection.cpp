#include "tt/pg/connection.hpp"

namespace tt::pg {

std::int64_t Result::Affected() const {
    const char* n = PQcmdTuples(result_.get());
    return (n == nullptr || *n == '\0') ? 0 : std::stoll(n);
}

Connection::Connection(std::string conninfo) : conninfo_(std::move(conninfo)), conn_(nullptr, &PQfinish) {}

bool Connection::Healthy() const {
    return conn_ && PQstatus(conn_.get()) == CONNECTION_OK;
}

void Connection::Reset() {
    conn_.reset();
}

void Connection::DropIfClosedByServer() {
    // Twice: the first read may only take the server's goodbye (FATAL 57P01); the end of the stream
    // shows on the next one. On a live idle connection both find nothing to read.
    for (int i = 0; i < 2 && conn_; ++i) {
        if (PQconsumeInput(conn_.get()) == 0 || PQstatus(conn_.get()) != CONNECTION_OK) conn_.reset();
    }
}

void Connection::EnsureConnected() {
    if (Healthy()) return;
    conn_.reset(PQconnectdb(conninfo_.c_str()));
    if (PQstatus(conn_.get()) != CONNECTION_OK) {
        std::string message = conn_ ? PQerrorMessage(conn_.get()) : "out of memory";
        conn_.reset();
        while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
        throw DbError(ErrorCode::kUnavailable,
                      "database unavailable: " + message + " (check DB_HOST/DB_PORT and that PostgreSQL runs)", "");
    }
}

Result Connection::Exec(std::string_view sql, const std::vector<Param>& params) {
    EnsureConnected();
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
    std::string statement(sql);
    // Without parameters use the simple protocol, which also runs multi-statement scripts (migrations).
    Result result(params.empty() ? PQexec(conn_.get(), statement.c_str())
                                 : PQexecParams(conn_.get(), statement.c_str(), static_cast<int>(values.size()),
                                                nullptr, values.data(), nullptr, nullptr, 0));
    auto status = PQresultStatus(result.Raw());
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return result;

    const char* state = result.Raw() ? PQresultErrorField(result.Raw(), PG_DIAG_SQLSTATE) : nullptr;
    std::string sqlstate = state ? state : "";
    std::string message = PQerrorMessage(conn_.get());
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
    // Class 08 = connection exception; a dead socket has no SQLSTATE at all.
    bool lost = PQstatus(conn_.get()) != CONNECTION_OK || sqlstate.rfind("08", 0) == 0 || sqlstate.rfind("57P", 0) == 0;
    if (lost) {
        conn_.reset();
        throw DbError(ErrorCode::kUnavailable, "database unavailable: " + message, sqlstate);
    }
    throw DbError(ErrorCode::kInternal, "database error " + sqlstate + ": " + message, sqlstate);
}

}  // namespace tt::pg
