#include "tt/http/gzip.hpp"

#include <boost/beast/zlib/deflate_stream.hpp>
#include <boost/crc.hpp>

#include <cstdint>

#include "tt/core/error.hpp"

namespace tt::http {

std::string Gzip(std::string_view data, int level) {
    namespace zlib = boost::beast::zlib;
    zlib::deflate_stream stream;
    stream.reset(level, 15, 8, zlib::Strategy::normal);
    // Header: magic, deflate, no flags, no mtime, no extra flags, OS unknown.
    std::string out("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff", 10);
    std::string compressed(stream.upper_bound(data.size()) + 64, '\0');
    zlib::z_params params;
    params.next_in = data.data();
    params.avail_in = data.size();
    params.next_out = compressed.data();
    params.avail_out = compressed.size();
    boost::system::error_code ec;
    stream.write(params, zlib::Flush::finish, ec);
    if (ec && ec != zlib::error::end_of_stream) throw Error(ErrorCode::kInternal, "gzip failed: " + ec.message());
    out.append(compressed.data(), params.total_out);
    boost::crc_32_type crc;
    crc.process_bytes(data.data(), data.size());
    auto put32 = [&out](std::uint32_t v) {
        for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
    };
    put32(crc.checksum());
    put32(static_cast<std::uint32_t>(data.size()));
    return out;
}

bool AcceptsGzip(std::string_view header) {
    std::size_t start = 0;
    while (start < header.size()) {
        auto end = header.find(',', start);
        if (end == std::string_view::npos) end = header.size();
        auto item = header.substr(start, end - start);
        while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
        auto semi = item.find(';');
        auto coding = item.substr(0, semi);
        while (!coding.empty() && coding.back() == ' ') coding.remove_suffix(1);
        if (coding == "gzip" || coding == "*") {
            if (semi == std::string_view::npos) return true;
            auto q = item.substr(semi + 1);
            auto eq = q.find("q=");
            if (eq == std::string_view::npos) return true;
            auto value = q.substr(eq + 2);
            return !(value.substr(0, 1) == "0" && value.find_first_not_of("0.", 0) == std::string_view::npos);
        }
        start = end + 1;
    }
    return false;
}

}  // namespace tt::http
