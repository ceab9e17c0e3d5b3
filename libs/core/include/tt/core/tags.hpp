#pragma once

#include <string>
#include <vector>

namespace tt {

// "#Fun #fun #dance_2" -> {"fun", "dance_2"}: tags are letters, digits and '_' (any non-ASCII
// character counts as a letter), lowercased (ASCII), unique, in order of first appearance, at most
// 30 of at most 100 bytes each.
std::vector<std::string> ParseHashtags(const std::string& text);
// "@alice hi @bob_1" -> {"alice", "bob_1"}: usernames (3-20 of [A-Za-z0-9_]), lowercased, unique.
std::vector<std::string> ParseMentions(const std::string& text);

}  // namespace tt
