#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "tt/pg/connection.hpp"

namespace tt::pg {

// A keyset-pagination position: the last row shown, as "<created_at, UTC, microseconds>_<uuid>"
// (e.g. "2026-11-28T01:14:19.950087Z_01a21fb7-..."). Exact, so pages never skip or repeat rows
// when new rows arrive between requests.
struct Keyset {
    std::string created_at;
    std::string id;
};

// Throws tt::Error(kInvalidArgument) for anything that is not a cursor made by MakeKeyset.
Keyset ParseKeyset(const std::string& cursor);
std::string MakeKeyset(const std::string& created_at, const std::string& id);

// Runs a list query that carries a client's cursor: a value PostgreSQL cannot read (SQLSTATE class
// 22, data exception) is the client's fault and becomes 400 instead of 500.
Result ExecList(Connection& conn, std::string_view sql, const std::vector<Param>& params);

}  // namespace tt::pg
