#include "tt/pg/connection.hpp"

#include <poll.h>

#include <cctype>

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
    prepared_.clear();
    deferred_.clear();
    in_transaction_ = false;
}

void Connection::Begin() {
    deferred_.clear();
    in_transaction_ = false;
    Exec("BEGIN");
    in_transaction_ = true;
}

void Connection::FlushDeferred() {
    // Moved out first: a flush runs statements through Exec, whose guards must not see them.
    auto writes = std::move(deferred_);
    deferred_.clear();
    for (auto& [kind, write] : writes) write->Flush(*this);
}

void Connection::Commit() {
    if (!in_transaction_) {
        deferred_.clear();
        throw Error(ErrorCode::kUnavailable,
                    "no open transaction to commit (the connection was lost inside it): nothing was committed");
    }
    try {
        FlushDeferred();
    } catch (...) {
        try {
            if (Healthy()) Rollback();
        } catch (const Error&) {
            Reset();  // unknown state: drop the connection
        }
        in_transaction_ = false;
        throw;
    }
    in_transaction_ = false;
    auto result = Exec("COMMIT");
    if (std::string_view(PQcmdStatus(const_cast<PGresult*>(result.Raw()))) == "ROLLBACK") {
        throw Error(ErrorCode::kInternal, "the transaction had failed: COMMIT rolled it back, nothing was committed");
    }
}

void Connection::Rollback() {
    deferred_.clear();
    in_transaction_ = false;
    Exec("ROLLBACK");
}

void Connection::RequireTransaction() const {
    if (!in_transaction_) {
        throw Error(ErrorCode::kInternal, "a deferred write needs a transaction begun with Connection::Begin()");
    }
}

bool Connection::InOpenTransaction() const {
    if (!conn_) return false;
    auto status = PQtransactionStatus(conn_.get());
    return status == PQTRANS_INTRANS || status == PQTRANS_INERROR;
}

void Connection::DropIfClosedByServer() {
    // Twice: the first read may only take the server's goodbye (FATAL 57P01); the end of the stream
    // shows on the next one. On a live idle connection both find nothing to read.
    for (int i = 0; i < 2 && conn_; ++i) {
        if (PQconsumeInput(conn_.get()) == 0 || PQstatus(conn_.get()) != CONNECTION_OK) Reset();
    }
}

void Connection::EnsureConnected() {
    if (Healthy()) return;
    Reset();  // prepared statements and a transaction do not survive their connection
    conn_.reset(PQconnectdb(conninfo_.c_str()));
    if (PQstatus(conn_.get()) != CONNECTION_OK) {
        std::string message = conn_ ? PQerrorMessage(conn_.get()) : "out of memory";
        conn_.reset();
        while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
        throw DbError(ErrorCode::kUnavailable,
                      "database unavailable: " + message + " (check DB_HOST/DB_PORT and that PostgreSQL runs)", "");
    }
}

bool Connection::WaitForNotification(std::chrono::milliseconds timeout) {
    EnsureConnected();
    auto drain = [this] {
        bool any = false;
        while (PGnotify* notify = PQnotifies(conn_.get())) {
            PQfreemem(notify);
            any = true;
        }
        return any;
    };
    if (drain()) return true;
    pollfd fd{PQsocket(conn_.get()), POLLIN, 0};
    int ready = poll(&fd, 1, static_cast<int>(timeout.count()));
    if (ready <= 0) return false;
    if (PQconsumeInput(conn_.get()) == 0) {
        std::string message = PQerrorMessage(conn_.get());
        Reset();
        throw DbError(ErrorCode::kUnavailable, "database unavailable: " + message, "");
    }
    return drain();
}

const std::string* Connection::PreparedName(const std::string& sql, int param_count) {
    if (auto it = prepared_.find(sql); it != prepared_.end()) return &it->second;
    if (prepared_.size() >= kPreparedLimit) return nullptr;
    std::string name = "tt_" + std::to_string(prepared_.size());
    Check(Result(PQprepare(conn_.get(), name.c_str(), sql.c_str(), param_count, nullptr)));
    return &prepared_.emplace(sql, std::move(name)).first->second;
}

namespace {

bool IsCommit(std::string_view sql) {
    while (!sql.empty() && std::isspace(static_cast<unsigned char>(sql.front()))) sql.remove_prefix(1);
    auto word = sql.substr(0, 6);
    auto is = [&word](std::string_view upper) {
        if (word.size() < upper.size()) return false;
        for (std::size_t i = 0; i < upper.size(); ++i) {
            if (std::toupper(static_cast<unsigned char>(word[i])) != upper[i]) return false;
        }
        return true;
    };
    return is("COMMIT") || is("END");
}

}  // namespace

Result Connection::Exec(std::string_view sql, const std::vector<Param>& params) {
    if (!deferred_.empty() && IsCommit(sql)) {
        throw Error(ErrorCode::kInternal,
                    "COMMIT through Exec() with deferred writes pending (they would be lost): use Connection::Commit()");
    }
    auto result = Run(sql, params);
    if (!deferred_.empty() && !InOpenTransaction()) {
        deferred_.clear();
        in_transaction_ = false;
        throw Error(ErrorCode::kInternal,
                    "the transaction ended through Exec() with deferred writes pending; they were not written");
    }
    return result;
}

Result Connection::Run(std::string_view sql, const std::vector<Param>& params) {
    EnsureConnected();
    std::string statement(sql);
    // Without parameters use the simple protocol, which also runs multi-statement scripts (migrations).
    if (params.empty()) return Check(Result(PQexec(conn_.get(), statement.c_str())));
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
    auto count = static_cast<int>(values.size());
    if (const auto* name = PreparedName(statement, count)) {
        return Check(Result(PQexecPrepared(conn_.get(), name->c_str(), count, values.data(), nullptr, nullptr, 0)));
    }
    return Check(
        Result(PQexecParams(conn_.get(), statement.c_str(), count, nullptr, values.data(), nullptr, nullptr, 0)));
}

Result Connection::Check(Result result) {
    auto status = PQresultStatus(result.Raw());
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return result;

    const char* state = result.Raw() ? PQresultErrorField(result.Raw(), PG_DIAG_SQLSTATE) : nullptr;
    std::string sqlstate = state ? state : "";
    std::string message = PQerrorMessage(conn_.get());
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
    // Class 08 = connection exception; a dead socket has no SQLSTATE at all.
    bool lost = PQstatus(conn_.get()) != CONNECTION_OK || sqlstate.rfind("08", 0) == 0 || sqlstate.rfind("57P", 0) == 0;
    if (lost) {
        Reset();  // the server rolled the transaction back
        throw DbError(ErrorCode::kUnavailable, "database unavailable: " + message, sqlstate);
    }
    throw DbError(ErrorCode::kInternal, "database error " + sqlstate + ": " + message, sqlstate);
}

}  // namespace tt::pg
