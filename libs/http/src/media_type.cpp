#include "tt/http/media_type.hpp"

#include <algorithm>
#include <array>

namespace tt::http {
namespace {

constexpr MediaType kMp4{MediaKind::kVideo, "mp4", "video/mp4"};
constexpr MediaType kMov{MediaKind::kVideo, "mov", "video/quicktime"};
constexpr MediaType kWebm{MediaKind::kVideo, "webm", "video/webm"};
constexpr MediaType kJpeg{MediaKind::kImage, "jpg", "image/jpeg"};
constexpr MediaType kPng{MediaKind::kImage, "png", "image/png"};
constexpr MediaType kWebp{MediaKind::kImage, "webp", "image/webp"};
constexpr MediaType kGif{MediaKind::kImage, "gif", "image/gif"};

// Whether `head` holds `magic` at `offset`.
bool Has(std::string_view head, std::size_t offset, std::string_view magic) {
    return head.size() >= offset + magic.size() && head.substr(offset, magic.size()) == magic;
}

}  // namespace

std::optional<MediaType> SniffMediaType(std::string_view head) {
    using namespace std::string_view_literals;
    // ISO BMFF / QuickTime: a 4-byte box size, then the box type.
    if (Has(head, 4, "ftyp") && head.size() >= 12) {
        auto brand = head.substr(8, 4);
        // Still images and audio share the container: HEIF/AVIF pictures and M4A/M4B audio are not videos.
        for (std::string_view still :
             {"heic"sv, "heix"sv, "mif1"sv, "msf1"sv, "avif"sv, "avis"sv, "M4A "sv, "M4B "sv}) {
            if (brand == still) return std::nullopt;
        }
        return brand == "qt  " ? kMov : kMp4;
    }
    for (std::string_view atom : {"moov"sv, "mdat"sv, "wide"sv, "free"sv, "skip"sv}) {
        if (Has(head, 4, atom)) return kMov;
    }
    if (Has(head, 0, "\x1A\x45\xDF\xA3"sv)) return kWebm;
    if (Has(head, 0, "\xFF\xD8\xFF"sv)) return kJpeg;
    if (Has(head, 0, "\x89PNG\r\n\x1A\n"sv)) return kPng;
    if (Has(head, 0, "RIFF") && Has(head, 8, "WEBP")) return kWebp;
    if (Has(head, 0, "GIF87a") || Has(head, 0, "GIF89a")) return kGif;
    return std::nullopt;
}

std::string_view MimeForExtension(std::string_view extension) {
    std::array<char, 8> lower{};
    if (extension.size() > lower.size()) return "application/octet-stream";
    std::transform(extension.begin(), extension.end(), lower.begin(),
                   [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; });
    std::string_view ext(lower.data(), extension.size());
    for (const MediaType& type : {kMp4, kMov, kWebm, kJpeg, kPng, kWebp, kGif}) {
        if (ext == type.extension) return type.mime;
    }
    if (ext == "jpeg") return kJpeg.mime;
    return "application/octet-stream";
}

}  // namespace tt::http
