#include "tt/http/gzip.hpp"

#include <gtest/gtest.h>

#include <boost/beast/zlib/inflate_stream.hpp>
#include <boost/crc.hpp>

namespace tt::http {
namespace {

// Inflates the raw deflate data inside a gzip member and checks its CRC and size trailer.
std::string Gunzip(const std::string& member) {
    namespace zlib = boost::beast::zlib;
    EXPECT_GE(member.size(), 18u);
    EXPECT_EQ(static_cast<unsigned char>(member[0]), 0x1f);
    EXPECT_EQ(static_cast<unsigned char>(member[1]), 0x8b);
    zlib::inflate_stream stream;
    stream.reset(15);
    std::string out(1 << 20, '\0');
    zlib::z_params params;
    params.next_in = member.data() + 10;
    params.avail_in = member.size() - 18;
    params.next_out = out.data();
    params.avail_out = out.size();
    boost::system::error_code ec;
    stream.write(params, zlib::Flush::finish, ec);
    out.resize(params.total_out);
    boost::crc_32_type crc;
    crc.process_bytes(out.data(), out.size());
    auto get32 = [&member](std::size_t at) {
        std::uint32_t v = 0;
        for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(member[at + i]);
        return v;
    };
    EXPECT_EQ(get32(member.size() - 8), crc.checksum());
    EXPECT_EQ(get32(member.size() - 4), out.size());
    return out;
}

TEST(Gzip, RoundTripsAndShrinksJson) {
    std::string json = "[";
    for (int i = 0; i < 500; ++i)
        json += R"({"id":"01a21fb7-a4b7-7075-a68e-118769163514","likesCount":)" + std::to_string(i) + "},";
    json += "{}]";
    auto member = Gzip(json);
    EXPECT_LT(member.size(), json.size() / 4);
    EXPECT_EQ(Gunzip(member), json);
    EXPECT_EQ(Gunzip(Gzip("")), "");
}

TEST(AcceptsGzip, ParsesTheHeader) {
    EXPECT_TRUE(AcceptsGzip("gzip, deflate, br"));
    EXPECT_TRUE(AcceptsGzip("br;q=1.0, gzip;q=0.5"));
    EXPECT_TRUE(AcceptsGzip("*"));
    EXPECT_FALSE(AcceptsGzip("gzip;q=0"));
    EXPECT_FALSE(AcceptsGzip("br, deflate"));
    EXPECT_FALSE(AcceptsGzip(""));
}

}  // namespace
}  // namespace tt::http
