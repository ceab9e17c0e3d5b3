#include "tt/pg/keyset.hpp"

#include "tt/core/ids.hpp"

namespace tt::pg {
namespace {

constexpr std::size_t kTimeLength = 27;  // "2026-11-28T01:14:19.950087Z"

Error BadCursor() {
    return Error(ErrorCode::kInvalidArgument, "cursor is not valid (pass nextCursor as given)");
}

}  // namespace

Keyset ParseKeyset(const std::string& cursor) {
    if (cursor.size() != kTimeLength + 1 + 36 || cursor[kTimeLength] != '_' ||
        !IsUuid(std::string_view(cursor).substr(kTimeLength + 1))) {
        throw BadCursor();
    }
    return Keyset{cursor.substr(0, kTimeLength), cursor.substr(kTimeLength + 1)};
}

std::string MakeKeyset(const std::string& created_at, const std::string& id) {
    return created_at + "_" + id;
}

Result ExecList(Connection& conn, std::string_view sql, const std::vector<Param>& params) {
    try {
        return conn.Exec(sql, params);
    } catch (const DbError& e) {
        if (e.SqlState().rfind("22", 0) == 0) throw BadCursor();
        throw;
    }
}

}  // namespace tt::pg
