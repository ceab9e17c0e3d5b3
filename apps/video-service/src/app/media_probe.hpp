#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>

namespace video::app {

struct MediaInfo {
    double duration_seconds = 0;
    int width = 0;
    int height = 0;
};

// What ffprobe says about a file: nullopt with `error` set when it cannot read it as a video
// (not a media file, no video stream, corrupt). Throws tt::Error(kUnavailable) when ffprobe itself
// cannot run (not installed): that is an outage to retry, not a property of the file.
std::optional<MediaInfo> ProbeMedia(const std::filesystem::path& file, std::chrono::milliseconds timeout,
                                    std::string& error);
// Parses `ffprobe -of json -show_format -show_streams` output (exposed for unit tests).
std::optional<MediaInfo> ParseProbeOutput(const std::string& json, std::string& error);

// Writes one JPEG frame (at `at_seconds`, scaled to at most 480 px wide) to `out`. false with
// `error` when ffmpeg cannot decode a frame.
bool ExtractThumbnail(const std::filesystem::path& file, double at_seconds, const std::filesystem::path& out,
                      std::chrono::milliseconds timeout, std::string& error);

}  // namespace video::app
