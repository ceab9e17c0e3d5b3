#include "tt/http/media_type.hpp"

#include <gtest/gtest.h>

#include <string>

namespace tt::http {
namespace {

using namespace std::string_literals;

// An ISO BMFF file start: box size 0x20, "ftyp", major brand, minor version.
std::string Ftyp(const std::string& brand) {
    return "\x00\x00\x00\x20"s + "ftyp" + brand + "\x00\x00\x02\x00"s;
}

void ExpectSniffed(const std::string& head, MediaKind kind, std::string_view extension, std::string_view mime) {
    auto type = SniffMediaType(head);
    ASSERT_TRUE(type) << "not recognised: " << extension;
    EXPECT_EQ(type->kind, kind);
    EXPECT_EQ(type->extension, extension);
    EXPECT_EQ(type->mime, mime);
}

TEST(SniffMediaType, RecognisesIsoBmffBrands) {
    ExpectSniffed(Ftyp("isom"), MediaKind::kVideo, "mp4", "video/mp4");
    ExpectSniffed(Ftyp("mp42"), MediaKind::kVideo, "mp4", "video/mp4");
    ExpectSniffed(Ftyp("qt  "), MediaKind::kVideo, "mov", "video/quicktime");
    // Exactly the ftyp header and brand is enough.
    ExpectSniffed(Ftyp("isom").substr(0, 12), MediaKind::kVideo, "mp4", "video/mp4");
}

TEST(SniffMediaType, RecognisesQuickTimeAtoms) {
    for (const char* atom : {"moov", "mdat", "wide", "free", "skip"}) {
        ExpectSniffed("\x00\x00\x00\x08"s + atom + "\x00\x00\x10\x00moov"s, MediaKind::kVideo, "mov",
                      "video/quicktime");
    }
}

TEST(SniffMediaType, RecognisesWebm) {
    ExpectSniffed("\x1A\x45\xDF\xA3\x9F\x42\x86\x81\x01\x42\xF7\x81\x01\x42\xF2\x81"s, MediaKind::kVideo, "webm",
                  "video/webm");
}

TEST(SniffMediaType, RecognisesImages) {
    ExpectSniffed("\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01\x01\x00\x00\x01"s, MediaKind::kImage, "jpg", "image/jpeg");
    ExpectSniffed(
        "\xFF\xD8\xFF\xE1\x00\x10"
        "Exif\x00\x00"s,
        MediaKind::kImage, "jpg", "image/jpeg");
    ExpectSniffed("\x89PNG\r\n\x1A\n\x00\x00\x00\x0DIHDR"s, MediaKind::kImage, "png", "image/png");
    ExpectSniffed("RIFF\x24\x10\x00\x00WEBPVP8 "s, MediaKind::kImage, "webp", "image/webp");
    ExpectSniffed("GIF87a\x01\x00\x01\x00\x80\x00\x00\xFF\xFF\xFF"s, MediaKind::kImage, "gif", "image/gif");
    ExpectSniffed("GIF89a"s, MediaKind::kImage, "gif", "image/gif");
}

TEST(SniffMediaType, ShortInputsAreNotRecognisedButDoNotCrash) {
    const std::string full[] = {Ftyp("isom"), "\x89PNG\r\n\x1A\n"s, "RIFF\x24\x10\x00\x00WEBP"s,
                                "GIF89a"s,    "\xFF\xD8\xFF"s,      "\x1A\x45\xDF\xA3"s};
    for (const std::string& head : full) {
        EXPECT_TRUE(SniffMediaType(head));
        std::size_t needed = head.size() >= 8 && head.substr(4, 4) == "ftyp" ? 12 : head.size();
        for (std::size_t size = 0; size < needed; ++size) {
            EXPECT_FALSE(SniffMediaType(head.substr(0, size))) << "size " << size << " of " << head;
        }
    }
    EXPECT_FALSE(SniffMediaType(""));
    EXPECT_FALSE(SniffMediaType("\x00\x00\x00\x08"s + "moo"));
}

TEST(SniffMediaType, RejectsOtherContent) {
    EXPECT_FALSE(SniffMediaType("hello, this is plain text"));
    EXPECT_FALSE(SniffMediaType("<!DOCTYPE html><html><head>"));
    EXPECT_FALSE(
        SniffMediaType("\x7F"
                       "ELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00"s));
    EXPECT_FALSE(SniffMediaType("%PDF-1.7\n%\xE2\xE3\xCF\xD3"s));
    EXPECT_FALSE(SniffMediaType("RIFF\x24\x10\x00\x00WAVEfmt "s));  // audio, not WebP
    EXPECT_FALSE(SniffMediaType("GIF88a"));
    EXPECT_FALSE(SniffMediaType("PK\x03\x04\x14\x00\x00\x00\x08\x00"s));
    EXPECT_FALSE(SniffMediaType(std::string(kSniffBytes, '\0')));
}

TEST(MimeForExtension, MapsKnownExtensions) {
    EXPECT_EQ(MimeForExtension("mp4"), "video/mp4");
    EXPECT_EQ(MimeForExtension("mov"), "video/quicktime");
    EXPECT_EQ(MimeForExtension("webm"), "video/webm");
    EXPECT_EQ(MimeForExtension("jpg"), "image/jpeg");
    EXPECT_EQ(MimeForExtension("jpeg"), "image/jpeg");
    EXPECT_EQ(MimeForExtension("png"), "image/png");
    EXPECT_EQ(MimeForExtension("webp"), "image/webp");
    EXPECT_EQ(MimeForExtension("gif"), "image/gif");
    EXPECT_EQ(MimeForExtension("MP4"), "video/mp4");
}

TEST(MimeForExtension, FallsBackToOctetStream) {
    EXPECT_EQ(MimeForExtension(""), "application/octet-stream");
    EXPECT_EQ(MimeForExtension("exe"), "application/octet-stream");
    EXPECT_EQ(MimeForExtension(".mp4"), "application/octet-stream");
    EXPECT_EQ(MimeForExtension("mp4.exe"), "application/octet-stream");
    EXPECT_EQ(MimeForExtension("averyveryverylongextension"), "application/octet-stream");
}

TEST(MimeForExtension, AgreesWithSniffedTypes) {
    for (const std::string& head : {Ftyp("isom"), Ftyp("qt  "), "\x1A\x45\xDF\xA3"s, "\xFF\xD8\xFF"s,
                                    "\x89PNG\r\n\x1A\n"s, "RIFF\x00\x00\x00\x00WEBP"s, "GIF89a"s}) {
        auto type = SniffMediaType(head);
        ASSERT_TRUE(type);
        EXPECT_EQ(MimeForExtension(type->extension), type->mime);
    }
}

TEST(SniffMediaType, RejectsStillImageAndAudioBrandsOfTheMp4Container) {
    using namespace std::string_literals;
    EXPECT_FALSE(
        SniffMediaType("\0\0\0\x18"
                       "ftypheic\0\0\0\0"s));
    EXPECT_FALSE(
        SniffMediaType("\0\0\0\x18"
                       "ftypavif\0\0\0\0"s));
    EXPECT_FALSE(
        SniffMediaType("\0\0\0\x18"
                       "ftypM4A \0\0\0\0"s));
}

}  // namespace
}  // namespace tt::http
