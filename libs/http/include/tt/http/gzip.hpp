#pragma once

#include <string>
#include <string_view>

namespace tt::http {

// A gzip member (RFC 1952) of `data`: header, raw deflate (Boost.Beast's zlib), CRC-32 and size.
// `level` 1 (fast) .. 9 (small).
std::string Gzip(std::string_view data, int level = 1);

// Whether an Accept-Encoding header value admits gzip ("gzip", "gzip;q=0.5", "*"; not "gzip;q=0").
bool AcceptsGzip(std::string_view accept_encoding);

}  // namespace tt::http
