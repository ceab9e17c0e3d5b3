#pragma once

#include <libpq-fe.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <typeindex>
#include <optional>
#include <string>
#include <unordered_map>
#include <string_view>
#include <vector>

#include "tt/core/error.hpp"

namespace tt::pg {

// SQLSTATE values callers react to.
inline constexpr std::string_view kUniqueViolation = "23505";
inline constexpr std::string_view kForeignKeyViolation = "23503";
inline constexpr std::string_view kInvalidTextRepresentation = "22P02";

// A failed statement. Connection loss maps to ErrorCode::kUnavailable, everything else to kInternal;
// callers translate the SQLSTATEs they expect (a unique violation into kConflict, ...).
class DbError : public Error {
public:
    DbError(ErrorCode code, std::string message, std::string sqlstate)
        : Error(code, std::move(message)), sqlstate_(std::move(sqlstate)) {}
    const std::string& SqlState() const { return sqlstate_; }

private:
    std::string sqlstate_;
};

// Rows of one statement, values as text (libpq text format). Owns the PGresult.
class Result {
public:
    explicit Result(PGresult* result) : result_(result, &PQclear) {}
    int Rows() const { return PQntuples(result_.get()); }
    bool IsNull(int row, int col) const { return PQgetisnull(result_.get(), row, col) != 0; }
    std::string Text(int row, int col) const { return PQgetvalue(result_.get(), row, col); }
    std::optional<std::string> OptText(int row, int col) const {
        if (IsNull(row, col)) return std::nullopt;
        return Text(row, col);
    }
    std::int64_t Int(int row, int col) const { return std::stoll(Text(row, col)); }
    bool Bool(int row, int col) const { return Text(row, col) == "t"; }
    // Number of rows an INSERT/UPDATE/DELETE touched.
    std::int64_t Affected() const;
    const PGresult* Raw() const { return result_.get(); }

private:
    std::unique_ptr<PGresult, void (*)(PGresult*)> result_;
};

// A parameter: text, or SQL NULL.
using Param = std::optional<std::string>;

// One libpq connection. Blocking; used by one thread at a time (lent out by Pool).
class Connection {
public:
    // A write held back until its transaction commits, so that the rows several operations of one
    // transaction add (the outbox rows of a group-committed batch) go to the server in one statement.
    class Deferred {
    public:
        virtual ~Deferred() = default;
        virtual void Flush(Connection& conn) = 0;
    };

    explicit Connection(std::string conninfo);

    // Transactions. Commit() writes the deferred writes (FlushDeferred), then commits; when a flush
    // fails it rolls back and rethrows. Commit() without this connection's Begin() (or after the
    // connection was lost inside the transaction) throws kUnavailable: nothing was committed; a COMMIT
    // that the server answers with ROLLBACK (the transaction had failed) throws kInternal. Begin()
    // and Rollback() drop the deferred writes. A transaction that ends any other way while writes are
    // deferred (a COMMIT or ROLLBACK through Exec) is refused before a plain COMMIT runs and reported
    // (kInternal) after anything else, so a deferred write is never silently lost.
    void Begin();
    void Commit();
    void Rollback();
    // Writes the deferred writes now (in the order their kinds were first used), inside the open
    // transaction; the caller rolls back when it throws. Lets a group of operations tell a failing
    // write apart from a failing COMMIT.
    void FlushDeferred();
    // True between BEGIN and COMMIT/ROLLBACK (the server's view: also after a failed statement).
    bool InOpenTransaction() const;
    // The open transaction's deferred write of kind T (a Deferred with a default constructor),
    // created on first use. Throws kInternal outside a transaction begun with Begin().
    template <typename T>
    T& DeferredWrite();
    // Runs a parameterised statement ($1, $2, ...). Reconnects once first if the connection broke.
    // Statements with parameters are prepared once per connection (the first kPreparedLimit distinct
    // texts) and executed by name afterwards: no parse and plan on every call.
    Result Exec(std::string_view sql, const std::vector<Param>& params = {});
    bool Healthy() const;
    void Reset();
    // Forgets the connection if the server closed it while it sat idle (PostgreSQL restarted): such a
    // connection reads as healthy until its next statement fails. Reads what is pending without
    // blocking; the next Exec reconnects. Only between transactions (Pool::Acquire calls it).
    void DropIfClosedByServer();

    // After LISTEN: waits up to `timeout` for a notification on this session and consumes all that
    // arrived. True when there was at least one. Throws like Exec when the connection is lost.
    bool WaitForNotification(std::chrono::milliseconds timeout);

    static constexpr std::size_t kPreparedLimit = 256;

private:
    void EnsureConnected();
    Result Run(std::string_view sql, const std::vector<Param>& params);
    // The prepared statement's name for `sql`, preparing it first; empty when the cache is full.
    const std::string* PreparedName(const std::string& sql, int param_count);
    Result Check(Result result);

    std::string conninfo_;
    std::unique_ptr<PGconn, void (*)(PGconn*)> conn_;
    std::unordered_map<std::string, std::string> prepared_;  // SQL text -> statement name, per session
    void RequireTransaction() const;

    std::vector<std::pair<std::type_index, std::unique_ptr<Deferred>>> deferred_;  // in first-use order
    bool in_transaction_ = false;  // Begin() succeeded and neither Commit(), Rollback() nor a loss since
};

template <typename T>
T& Connection::DeferredWrite() {
    RequireTransaction();
    for (auto& [kind, write] : deferred_) {
        if (kind == std::type_index(typeid(T))) return static_cast<T&>(*write);
    }
    deferred_.emplace_back(std::type_index(typeid(T)), std::make_unique<T>());
    return static_cast<T&>(*deferred_.back().second);
}

}  // namespace tt::pg
