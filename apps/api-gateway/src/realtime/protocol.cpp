#include "realtime/protocol.hpp"

#include <cctype>

#include "tt/core/ids.hpp"

namespace gateway::realtime {
namespace {

ClientRequest Invalid(std::string message) {
    ClientRequest request;
    request.error = std::move(message);
    return request;
}

std::string Lowercase(std::string_view text) {
    std::string out(text);
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

}  // namespace

std::string Frame(std::string_view event, const nlohmann::json& data) {
    nlohmann::json frame = {{"event", event}, {"data", data}};
    return frame.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string VideoRoom(std::string_view video_id) {
    return "video:" + Lowercase(video_id);
}

std::string AckFrame(std::string_view event, std::string_view room) {
    return Frame(event, {{"success", true}, {"room", room}});
}

std::string ErrorFrame(std::string_view message) {
    return Frame("error", {{"message", message}});
}

ClientRequest ParseClientRequest(std::string_view text) {
    auto message = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (message.is_discarded() || !message.is_object()) {
        return Invalid(R"(Messages must be JSON objects like {"event":"join_video","data":{"videoId":"<uuid>"}})");
    }
    auto event = message.find("event");
    if (event == message.end() || !event->is_string()) return Invalid("Message has no \"event\" string");
    const auto& name = event->get_ref<const std::string&>();
    ClientRequest request;
    if (name == kJoinVideo) {
        request.kind = ClientRequest::Kind::kJoinVideo;
    } else if (name == kLeaveVideo) {
        request.kind = ClientRequest::Kind::kLeaveVideo;
    } else {
        return Invalid("Unknown event \"" + name.substr(0, 64) + "\": send join_video or leave_video");
    }
    auto data = message.find("data");
    const nlohmann::json* video_id = nullptr;
    if (data != message.end() && data->is_object()) {
        auto it = data->find("videoId");
        if (it != data->end()) video_id = &*it;
    }
    if (video_id == nullptr || !video_id->is_string() || !tt::IsUuid(video_id->get_ref<const std::string&>())) {
        return Invalid(name + " needs data.videoId, a video id (UUID)");
    }
    request.video_id = Lowercase(video_id->get_ref<const std::string&>());
    return request;
}

}  // namespace gateway::realtime
