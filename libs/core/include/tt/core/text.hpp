#pragma once

#include <string_view>

namespace tt {

// Number of Unicode code points in `text`, or -1 when it is not valid UTF-8. Length limits of user
// text ("at most 100 characters") count these, not bytes.
long Utf8Length(std::string_view text);

}  // namespace tt
