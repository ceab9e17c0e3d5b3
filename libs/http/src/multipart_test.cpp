#include "tt/http/multipart.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "tt/core/error.hpp"

namespace tt::http {
namespace {

struct Part {
    std::string name;
    std::optional<std::string> filename;
    std::string content_type;
    std::string data;
    bool ended = false;

    bool operator==(const Part&) const = default;
};

// Records callbacks and checks that they arrive in begin, data*, end order.
struct Recorder {
    std::vector<Part> parts;
    std::size_t data_calls = 0;
    std::size_t largest_data_call = 0;
    std::size_t data_bytes = 0;

    MultipartParser::Callbacks Callbacks() {
        return {
            .on_part_begin =
                [this](const PartHeaders& headers) {
                    EXPECT_TRUE(parts.empty() || parts.back().ended) << "part began inside another part";
                    parts.push_back({headers.name, headers.filename, headers.content_type, "", false});
                },
            .on_part_data =
                [this](std::string_view data) {
                    EXPECT_FALSE(data.empty());
                    ASSERT_FALSE(parts.empty());
                    EXPECT_FALSE(parts.back().ended) << "data outside a part";
                    parts.back().data.append(data);
                    ++data_calls;
                    data_bytes += data.size();
                    largest_data_call = std::max(largest_data_call, data.size());
                },
            .on_part_end =
                [this] {
                    ASSERT_FALSE(parts.empty());
                    EXPECT_FALSE(parts.back().ended) << "part ended twice";
                    parts.back().ended = true;
                },
        };
    }
};

// Feeds `body` in pieces whose sizes come from `next_size` and finishes the parser.
template <typename NextSize>
std::vector<Part> ParseInPieces(const std::string& boundary, std::string_view body, NextSize next_size) {
    Recorder recorder;
    MultipartParser parser(boundary, recorder.Callbacks());
    while (!body.empty()) {
        std::size_t size = std::min<std::size_t>(next_size(), body.size());
        parser.Feed(body.substr(0, size));
        body.remove_prefix(size);
        EXPECT_LT(parser.Buffered(), boundary.size() + 4 + MultipartParser::kMaxHeaderBytes + 4);
    }
    parser.Finish();
    EXPECT_TRUE(parser.Done());
    return recorder.parts;
}

std::vector<Part> ParseWhole(const std::string& boundary, std::string_view body) {
    return ParseInPieces(boundary, body, [&] { return body.size(); });
}

std::vector<Part> ParseByteByByte(const std::string& boundary, std::string_view body) {
    return ParseInPieces(boundary, body, [] { return 1; });
}

// Throws what the parser throws for `body` fed whole and finished.
void FeedAndFinish(const std::string& boundary, std::string_view body) {
    Recorder recorder;
    MultipartParser parser(boundary, recorder.Callbacks());
    parser.Feed(body);
    parser.Finish();
}

void ExpectInvalid(const std::string& boundary, std::string_view body, std::string_view message_part) {
    try {
        FeedAndFinish(boundary, body);
        ADD_FAILURE() << "no error for body: " << body;
    } catch (const Error& error) {
        EXPECT_EQ(error.Code(), ErrorCode::kInvalidArgument);
        EXPECT_NE(std::string_view(error.what()).find(message_part), std::string_view::npos) << error.what();
    }
}

const std::string kBoundary = "----WebKitFormBoundary7MA4YWxkTrZu0gW";

std::string FormBody(const std::string& file_data) {
    return "--" + kBoundary +
           "\r\n"
           "Content-Disposition: form-data; name=\"title\"\r\n"
           "\r\n"
           "My first video\r\n"
           "--" +
           kBoundary +
           "\r\n"
           "content-disposition: form-data; name=description\r\n"
           "\r\n"
           "line one\r\nline two\r\n"
           "--" +
           kBoundary +
           "\r\n"
           "Content-Disposition: form-data; name=\"video\"; filename=\"clip.mp4\"\r\n"
           "Content-Type: video/mp4\r\n"
           "\r\n" +
           file_data + "\r\n--" + kBoundary + "--\r\n";
}

// Bytes that look like delimiters without being one.
std::string TrickyBinary() {
    std::string data("\0\x01\xFF\r\n", 5);
    data += "--\r\n--\r\r\n--\n--";
    for (std::size_t n = 0; n < kBoundary.size(); ++n) data += "\r\n--" + kBoundary.substr(0, n) + "x";
    data += "--" + kBoundary;  // without the leading CRLF it is data
    data += "\r\n-" + kBoundary;
    data += "\r\n\r\n--";
    data += "\r";
    return data;
}

TEST(MultipartParser, ParsesTextFieldsAndAFile) {
    const std::string file("\x00\x01mp4 bytes", 11);
    auto parts = ParseWhole(kBoundary, FormBody(file));
    ASSERT_EQ(parts.size(), 3u);
    EXPECT_EQ(parts[0], (Part{"title", std::nullopt, "", "My first video", true}));
    EXPECT_EQ(parts[1], (Part{"description", std::nullopt, "", "line one\r\nline two", true}));
    EXPECT_EQ(parts[2], (Part{"video", "clip.mp4", "video/mp4", file, true}));
}

TEST(MultipartParser, ChunkingDoesNotChangeTheResult) {
    const std::string body = FormBody(TrickyBinary());
    const auto whole = ParseWhole(kBoundary, body);
    ASSERT_EQ(whole.size(), 3u);
    EXPECT_EQ(whole[2].data, TrickyBinary());
    EXPECT_EQ(ParseByteByByte(kBoundary, body), whole);

    std::mt19937 random(20240601);
    for (int round = 0; round < 300; ++round) {
        std::uniform_int_distribution<std::size_t> size(1, round < 150 ? 8 : 120);
        EXPECT_EQ(ParseInPieces(kBoundary, body, [&] { return size(random); }), whole) << "round " << round;
    }
}

TEST(MultipartParser, SplitsAtEveryOffset) {
    const std::string body = FormBody(TrickyBinary());
    const auto whole = ParseWhole(kBoundary, body);
    for (std::size_t split = 1; split < body.size(); ++split) {
        bool first = true;
        auto parts = ParseInPieces(kBoundary, body, [&] {
            std::size_t size = first ? split : body.size();
            first = false;
            return size;
        });
        ASSERT_EQ(parts, whole) << "split at " << split;
    }
}

TEST(MultipartParser, BinaryDataKeepsCrlfDashesAndBoundaryPrefixes) {
    const std::string boundary = "b";
    std::string data = "\r\n--\r\n-b\r\n--c\r\n--\r\n\r\r\n";
    data += std::string("\0\r\0\n", 4);
    std::string body = "--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"x.bin\"\r\n\r\n" + data +
                       "\r\n--b\r\nContent-Disposition: form-data; name=\"g\"\r\n\r\n\r\n\r\n--b--";
    for (const auto& parts : {ParseWhole(boundary, body), ParseByteByByte(boundary, body)}) {
        ASSERT_EQ(parts.size(), 2u);
        EXPECT_EQ(parts[0].data, data);
        EXPECT_EQ(parts[1].data, "\r\n");  // the CRLF before the delimiter belongs to it, the one before is data
    }
}

TEST(MultipartParser, EmptyPartsAndEmptyFilename) {
    std::string body =
        "--xyz\r\nContent-Disposition: form-data; name=\"empty\"; filename=\"\"\r\n\r\n\r\n--xyz\r\n"
        "Content-Disposition: form-data; name=\"also\"\r\n\r\n\r\n--xyz--";
    auto parts = ParseByteByByte("xyz", body);
    ASSERT_EQ(parts.size(), 2u);
    EXPECT_EQ(parts[0], (Part{"empty", "", "", "", true}));
    EXPECT_EQ(parts[1], (Part{"also", std::nullopt, "", "", true}));
}

TEST(MultipartParser, IgnoresPreambleEpilogueAndTransportPadding) {
    std::string body =
        "This is the preamble. --xyz is not a delimiter here,\r\n-- xyz neither.\r\n"
        "--xyz \t\r\n"
        "CONTENT-DISPOSITION: Form-Data; NAME=\"a\"\r\n\r\n"
        "1\r\n"
        "--xyz--  \r\n"
        "Epilogue\r\n--xyz\r\nContent-Disposition: form-data; name=\"ghost\"\r\n\r\nboo\r\n--xyz--\r\n";
    for (const auto& parts : {ParseWhole("xyz", body), ParseByteByByte("xyz", body)}) {
        ASSERT_EQ(parts.size(), 1u);
        EXPECT_EQ(parts[0], (Part{"a", std::nullopt, "", "1", true}));
    }
}

TEST(MultipartParser, ParsesContentDispositionParameters) {
    std::string body =
        "--q\r\n"
        "X-Other: ignored\r\n"
        "content-type:  image/png \r\n"
        "Content-Disposition: form-data ; filename = \"a \\\"quoted\\\" name;.png\" ; name=photo\r\n"
        "\r\n"
        "PNG\r\n--q--";
    auto parts = ParseWhole("q", body);
    ASSERT_EQ(parts.size(), 1u);
    EXPECT_EQ(parts[0], (Part{"photo", "a \"quoted\" name;.png", "image/png", "PNG", true}));
}

TEST(MultipartParser, FinishThrowsWithoutTheClosingBoundary) {
    // Cut inside the last boundary: "\r\n--" plus part of it may still be a delimiter, so it is held back.
    const std::string full = FormBody("data");
    const std::string truncated = full.substr(0, full.size() - 7);
    Recorder recorder;
    MultipartParser parser(kBoundary, recorder.Callbacks());
    parser.Feed(truncated);
    EXPECT_FALSE(parser.Done());
    try {
        parser.Finish();
        ADD_FAILURE() << "Finish accepted a truncated body";
    } catch (const Error& error) {
        EXPECT_EQ(error.Code(), ErrorCode::kInvalidArgument);
        EXPECT_STREQ(error.what(), "multipart body ended before its closing boundary");
    }
    ASSERT_EQ(recorder.parts.size(), 3u);
    EXPECT_FALSE(recorder.parts[2].ended);
    EXPECT_EQ(recorder.parts[2].data, "data");
    EXPECT_EQ(parser.Buffered(), 4 + kBoundary.size() - 3);

    ExpectInvalid("xyz", "", "ended before its closing boundary");
    ExpectInvalid("xyz", "no boundary anywhere in here\r\n--xy\r\n", "ended before its closing boundary");
    ExpectInvalid("xyz", "--xyz\r\nContent-Disposition: form-data; name=a\r\n", "ended before its closing boundary");
}

TEST(MultipartParser, RejectsMalformedParts) {
    ExpectInvalid("xyz", "--xyz\r\nContent-Type: text/plain\r\n\r\nx\r\n--xyz--", "no Content-Disposition");
    ExpectInvalid("xyz", "--xyz\r\n\r\nx\r\n--xyz--", "no Content-Disposition");
    ExpectInvalid("xyz", "--xyz\r\nContent-Disposition: attachment; name=a\r\n\r\nx\r\n--xyz--", "not form-data");
    ExpectInvalid("xyz", "--xyz\r\nContent-Disposition: form-data; filename=a\r\n\r\nx\r\n--xyz--", "has no name");
    ExpectInvalid("xyz", "--xyz\r\nContent-Disposition: form-data; name=\"a\r\n\r\nx\r\n--xyz--", "malformed");
    ExpectInvalid("xyz", "--xyz\r\nno colon here\r\n\r\nx\r\n--xyz--", "not 'Name: value'");
    ExpectInvalid("xyz", "--xyzzy\r\n", "unexpected characters");
    ExpectInvalid("xyz", "--xyz-\r\n", "unexpected characters");
    ExpectInvalid("xyz", "--xyz \r\r\n", "unexpected characters");
}

TEST(MultipartParser, HeadersOverTheLimitThrow) {
    const std::string disposition = "Content-Disposition: form-data; name=\"a\"\r\nX-Pad: ";
    auto body_with_header_block = [&](std::size_t block_size) {
        std::string block = disposition + std::string(block_size - disposition.size(), 'p');
        return "--xyz\r\n" + block + "\r\n\r\nok\r\n--xyz--";
    };
    auto parts = ParseByteByByte("xyz", body_with_header_block(MultipartParser::kMaxHeaderBytes));
    ASSERT_EQ(parts.size(), 1u);
    EXPECT_EQ(parts[0].data, "ok");

    ExpectInvalid("xyz", body_with_header_block(MultipartParser::kMaxHeaderBytes + 1), "larger than 8 KiB");

    // Fed in small pieces the error comes as soon as the limit is passed, and sticks.
    Recorder recorder;
    MultipartParser parser("xyz", recorder.Callbacks());
    parser.Feed("--xyz\r\n");
    const std::string endless(1000, 'h');
    std::size_t fed = 0;
    EXPECT_THROW(
        {
            while (fed < 100 * endless.size()) {
                parser.Feed(endless);
                fed += endless.size();
                EXPECT_LE(parser.Buffered(), MultipartParser::kMaxHeaderBytes + 4);
            }
        },
        Error);
    EXPECT_LE(fed, MultipartParser::kMaxHeaderBytes + 4);
    EXPECT_THROW(parser.Feed("more"), Error);
    EXPECT_THROW(parser.Finish(), Error);
}

TEST(MultipartParser, RejectsUnusableBoundaries) {
    EXPECT_THROW(MultipartParser("", {}), Error);
    EXPECT_THROW(MultipartParser(std::string(71, 'a'), {}), Error);
    EXPECT_THROW(MultipartParser("a\r\nb", {}), Error);
    EXPECT_NO_THROW(MultipartParser(std::string(70, 'a'), {}));
}

TEST(MultipartParser, StreamsALargePartWithBoundedBuffering) {
    constexpr std::size_t kFileSize = 5 * 1024 * 1024;
    constexpr std::size_t kChunk = 64 * 1024;
    std::string file(kFileSize, '\0');
    std::mt19937 random(7);
    for (char& c : file) c = static_cast<char>(random());
    // Near-delimiters every so often, including across chunk edges.
    for (std::size_t at = 1000; at + 64 < kFileSize; at += 50000) {
        std::string fake = "\r\n--" + kBoundary.substr(0, kBoundary.size() - 1);
        file.replace(at, fake.size(), fake);
    }
    const std::string body = FormBody(file);

    Recorder recorder;
    MultipartParser parser(kBoundary, recorder.Callbacks());
    const std::size_t delimiter_size = kBoundary.size() + 4;
    std::size_t max_buffered = 0;
    for (std::size_t offset = 0; offset < body.size(); offset += kChunk) {
        parser.Feed(std::string_view(body).substr(offset, kChunk));
        max_buffered = std::max(max_buffered, parser.Buffered());
        // Everything fed so far has been delivered, apart from a held-back possible delimiter.
        if (recorder.parts.size() == 3 && !recorder.parts[2].ended) {
            std::size_t file_start = body.find("video/mp4\r\n\r\n") + 13;
            EXPECT_GE(recorder.parts[2].data.size() + delimiter_size, offset + kChunk - file_start);
        }
    }
    parser.Finish();

    EXPECT_LT(max_buffered, delimiter_size);
    ASSERT_EQ(recorder.parts.size(), 3u);
    EXPECT_TRUE(recorder.parts[2].ended);
    EXPECT_EQ(recorder.parts[2].data.size(), kFileSize);
    EXPECT_TRUE(recorder.parts[2].data == file);
    EXPECT_GE(recorder.data_calls, kFileSize / kChunk);
    EXPECT_LE(recorder.largest_data_call, kChunk + delimiter_size);
}

TEST(MultipartBoundary, ExtractsTheBoundaryParameter) {
    EXPECT_EQ(MultipartBoundary("multipart/form-data; boundary=abc123"), "abc123");
    EXPECT_EQ(MultipartBoundary("multipart/form-data;boundary=----WebKitFormBoundaryX"), "----WebKitFormBoundaryX");
    EXPECT_EQ(MultipartBoundary("Multipart/Form-Data; BOUNDARY=\"a b:c\""), "a b:c");
    EXPECT_EQ(MultipartBoundary("multipart/form-data; charset=utf-8; boundary=\"q;x\"; foo=bar"), "q;x");
    EXPECT_EQ(MultipartBoundary("  multipart/form-data ; boundary = tok ; x=1"), "tok");
    EXPECT_EQ(MultipartBoundary("multipart/form-data; boundary=" + std::string(70, 'z')), std::string(70, 'z'));
}

TEST(MultipartBoundary, RejectsOtherTypesAndUnusableBoundaries) {
    EXPECT_EQ(MultipartBoundary("multipart/mixed; boundary=abc"), std::nullopt);
    EXPECT_EQ(MultipartBoundary("application/x-www-form-urlencoded"), std::nullopt);
    EXPECT_EQ(MultipartBoundary("text/plain; boundary=abc"), std::nullopt);
    EXPECT_EQ(MultipartBoundary(""), std::nullopt);
    EXPECT_EQ(MultipartBoundary("multipart/form-data"), std::nullopt);
    EXPECT_EQ(MultipartBoundary("multipart/form-data; boundary="), std::nullopt);
    EXPECT_EQ(MultipartBoundary("multipart/form-data; boundary=\"\""), std::nullopt);
    EXPECT_EQ(MultipartBoundary("multipart/form-data; boundary=\"unterminated"), std::nullopt);
    EXPECT_EQ(MultipartBoundary("multipart/form-data; boundary=" + std::string(71, 'z')), std::nullopt);
    EXPECT_EQ(MultipartBoundary("multipart/form-data; boundary=\"ends in space \""), std::nullopt);
    EXPECT_EQ(MultipartBoundary("multipart/form-data; boundaryx=abc"), std::nullopt);
}

}  // namespace
}  // namespace tt::http
