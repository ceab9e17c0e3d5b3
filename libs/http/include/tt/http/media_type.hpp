#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace tt::http {

enum class MediaKind { kVideo, kImage };

struct MediaType {
    MediaKind kind;
    std::string_view extension;  // "mp4", without a dot; points to static storage
    std::string_view mime;       // "video/mp4"; points to static storage
};

// How many leading bytes SniffMediaType wants.
constexpr std::size_t kSniffBytes = 16;

// Identifies the file from its first bytes (fewer than kSniffBytes only if the file is shorter).
// Videos: MP4 (ISO BMFF "ftyp" box at offset 4 with a brand other than "qt  " -> mp4, video/mp4),
// MOV ("ftyp" with brand "qt  ", or a leading "moov"/"mdat"/"wide"/"free"/"skip" atom -> mov,
// video/quicktime), WebM/Matroska (EBML magic 1A 45 DF A3 -> webm, video/webm).
// Images: JPEG (FF D8 FF -> jpg), PNG (89 50 4E 47 0D 0A 1A 0A), WebP ("RIFF" size "WEBP"),
// GIF ("GIF87a"/"GIF89a"). nullopt for anything else (the caller answers 415).
std::optional<MediaType> SniffMediaType(std::string_view head);

// The MIME type for a stored file name's extension (mp4, mov, webm, jpg/jpeg, png, webp, gif; any
// letter case, no dot), "application/octet-stream" otherwise.
std::string_view MimeForExtension(std::string_view extension);

}  // namespace tt::http
