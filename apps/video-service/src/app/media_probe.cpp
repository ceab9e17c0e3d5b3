#include "app/media_probe.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>

#include "tt/core/process.hpp"

namespace video::app {
namespace {

// The last line of a tool's stderr: the most specific thing it said.
std::string LastLine(std::string text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
    auto newline = text.rfind('\n');
    if (newline != std::string::npos) text.erase(0, newline + 1);
    if (text.size() > 300) text.resize(300);
    return text;
}

double NumberField(const nlohmann::json& object, const char* field) {
    auto it = object.find(field);
    if (it == object.end()) return 0;
    if (it->is_number()) return it->get<double>();
    if (it->is_string()) {
        try {
            return std::stod(it->get<std::string>());
        } catch (const std::exception&) {
            return 0;
        }
    }
    return 0;
}

}  // namespace

std::optional<MediaInfo> ParseProbeOutput(const std::string& json, std::string& error) {
    auto doc = nlohmann::json::parse(json, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) {
        error = "ffprobe printed no readable result";
        return std::nullopt;
    }
    MediaInfo info;
    bool has_video = false;
    if (auto streams = doc.find("streams"); streams != doc.end() && streams->is_array()) {
        for (const auto& stream : *streams) {
            if (!stream.is_object() || stream.value("codec_type", "") != "video") continue;
            // Cover art in audio files is a video stream with a single picture: not a video.
            if (auto disposition = stream.find("disposition");
                disposition != stream.end() && disposition->is_object() && disposition->value("attached_pic", 0) == 1) {
                continue;
            }
            has_video = true;
            info.width = static_cast<int>(NumberField(stream, "width"));
            info.height = static_cast<int>(NumberField(stream, "height"));
            if (info.duration_seconds <= 0) info.duration_seconds = NumberField(stream, "duration");
            break;
        }
    }
    if (!has_video || info.width <= 0 || info.height <= 0) {
        error = "the file has no video stream";
        return std::nullopt;
    }
    if (auto format = doc.find("format"); format != doc.end() && format->is_object()) {
        double duration = NumberField(*format, "duration");
        if (duration > 0) info.duration_seconds = duration;
    }
    if (!std::isfinite(info.duration_seconds) || info.duration_seconds < 0) info.duration_seconds = 0;
    return info;
}

std::optional<MediaInfo> ProbeMedia(const std::filesystem::path& file, std::chrono::milliseconds timeout,
                                    std::string& error) {
    auto result = tt::RunProcess(
        {"ffprobe", "-v", "error", "-of", "json", "-show_format", "-show_streams", file.string()}, timeout);
    if (result.timed_out) {
        error = "ffprobe did not finish within " + std::to_string(timeout.count() / 1000) + " s";
        return std::nullopt;
    }
    if (result.exit_code != 0) {
        auto said = LastLine(result.err);
        error = "ffprobe cannot read the file" + (said.empty() ? std::string() : ": " + said);
        return std::nullopt;
    }
    return ParseProbeOutput(result.out, error);
}

bool ExtractThumbnail(const std::filesystem::path& file, double at_seconds, const std::filesystem::path& out,
                      std::chrono::milliseconds timeout, std::string& error) {
    char at[32];
    std::snprintf(at, sizeof at, "%.3f", at_seconds);
    auto result =
        tt::RunProcess({"ffmpeg", "-nostdin", "-v", "error", "-y", "-ss", at, "-i", file.string(), "-frames:v", "1",
                        "-vf", "scale='min(480,iw)':-2", "-q:v", "4", "-f", "image2", out.string()},
                       timeout);
    std::error_code ec;
    if (result.timed_out) {
        error = "ffmpeg did not finish the thumbnail within " + std::to_string(timeout.count() / 1000) + " s";
    } else if (result.exit_code != 0 || !std::filesystem::exists(out, ec) || std::filesystem::file_size(out, ec) == 0) {
        auto said = LastLine(result.err);
        error = "ffmpeg cannot decode a frame" + (said.empty() ? std::string() : ": " + said);
    } else {
        return true;
    }
    std::filesystem::remove(out, ec);
    return false;
}

}  // namespace video::app
