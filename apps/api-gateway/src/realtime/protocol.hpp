#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace gateway::realtime {

// The WebSocket wire protocol at GET /ws: JSON text frames {"event": NAME, "data": {...}} both ways.
// Client -> server: join_video / leave_video {videoId}; the server answers each with an ack of the
// same name {success: true, room}, or with an `error` event {message} (the socket stays open).
// Pure functions, no I/O.

inline constexpr std::string_view kJoinVideo = "join_video";
inline constexpr std::string_view kLeaveVideo = "leave_video";

// {"event": event, "data": data} as text.
std::string Frame(std::string_view event, const nlohmann::json& data);
// "video:<id>" with the id in lowercase, so every spelling of a UUID names one room.
std::string VideoRoom(std::string_view video_id);
// {"event": event, "data": {"success": true, "room": room}}
std::string AckFrame(std::string_view event, std::string_view room);
// {"event": "error", "data": {"message": message}}
std::string ErrorFrame(std::string_view message);

// A decoded client message.
struct ClientRequest {
    enum class Kind { kJoinVideo, kLeaveVideo, kInvalid };
    Kind kind = Kind::kInvalid;
    std::string video_id;  // lowercase UUID (join/leave)
    std::string error;     // kInvalid: what is wrong and what to send instead
};

// Never throws: anything that is not a well-formed join_video / leave_video is kInvalid.
ClientRequest ParseClientRequest(std::string_view text);

}  // namespace gateway::realtime
