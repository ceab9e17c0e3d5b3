// Uploads (POST /api/videos multipart, /api/upload/*) streamed to storage, and media playback
// (GET /uploads/...) with Range, ETag and Last-Modified.
#include <boost/beast/http/empty_body.hpp>

#include "api/deps.hpp"
#include "api/envelope.hpp"
#include "media/upload_receiver.hpp"
#include "tt/core/ids.hpp"
#include "tt/core/log.hpp"
#include "tt/http/media_type.hpp"
#include "tt/http/multipart.hpp"
#include "tt/http/range.hpp"
#include "tt/http/util.hpp"

namespace gateway::api {
namespace {

namespace asio = boost::asio;
namespace bhttp = tt::http::beast_http;
using tt::http::Context;
using tt::http::Exchange;
using tt::http::Response;

constexpr std::size_t kReadChunk = 64 * 1024;
// Room for the multipart framing and text fields around the file.
constexpr std::uint64_t kMultipartOverhead = 64 * 1024;

std::string ContentType(const Context& c) {
    auto it = c.request.find(bhttp::field::content_type);
    return it == c.request.end() ? std::string() : std::string(it->value());
}

// 413 before reading anything when the declared body is already too big.
void CheckDeclaredLength(const Exchange& exchange, std::uint64_t max_file_size) {
    auto declared = exchange.ContentLength();
    if (declared && *declared > max_file_size + kMultipartOverhead) {
        throw tt::Error(tt::ErrorCode::kPayloadTooLarge,
                        "File too large: the limit is " + std::to_string(max_file_size) + " bytes");
    }
}

std::string RequireBoundary(const Context& c, const char* field) {
    auto boundary = tt::http::MultipartBoundary(ContentType(c));
    if (!boundary) {
        throw tt::Error(tt::ErrorCode::kInvalidArgument,
                        std::string("Send the file as multipart/form-data in the field '") + field + "'");
    }
    return *boundary;
}

media::UploadRules VideoRules(const Config& config) {
    return {tt::http::MediaKind::kVideo,
            "videos",
            config.max_file_size,
            {"file", "video"},
            {"title", "description", "caption", "isPublic", "userId", "videoUrl", "thumbnailUrl", "duration"}};
}

// /api/upload/*: the file in field "file", nothing else.
media::UploadRules FileOnlyRules(tt::http::MediaKind kind, const char* folder, std::uint64_t max_size) {
    return {kind, folder, max_size, {"file"}, {}};
}

// Text fields of a video upload ("caption" is the original frontend's name for the description).
std::string DescriptionOf(const media::UploadReceiver& receiver) {
    auto description = receiver.Field("description");
    return description.empty() ? receiver.Field("caption") : description;
}

std::optional<bool> VisibilityOf(const media::UploadReceiver& receiver) {
    auto value = receiver.Field("isPublic");
    if (value.empty()) return std::nullopt;
    if (value == "true" || value == "1") return true;
    if (value == "false" || value == "0") return false;
    throw tt::Error(tt::ErrorCode::kInvalidArgument, "isPublic must be true or false");
}

::video::CreateVideoRequest StartUploadRequest(const std::string& user_id, const std::string& video_id,
                                               const media::UploadReceiver& receiver) {
    ::video::CreateVideoRequest request;
    request.set_userid(user_id);
    request.set_videoid(video_id);
    auto title = receiver.Field("title");
    request.set_title(title.empty() ? "Untitled Video" : title);
    request.set_description(DescriptionOf(receiver));
    request.set_videourl("/uploads/" + receiver.Key());
    request.set_storagekey(receiver.Key());
    request.set_status("uploading");
    if (auto visible = VisibilityOf(receiver)) request.set_ispublic(*visible);
    return request;
}

::video::FinishUploadRequest FinishRequest(const std::string& user_id, const std::string& video_id,
                                           const media::UploadReceiver& receiver, const std::string& error) {
    ::video::FinishUploadRequest request;
    request.set_videoid(video_id);
    request.set_userid(user_id);
    request.set_error(error);
    request.set_sizebytes(static_cast<std::int64_t>(receiver.Size()));
    if (!error.empty()) return request;
    request.set_title(receiver.Field("title"));
    request.set_description(DescriptionOf(receiver));
    if (auto visible = VisibilityOf(receiver)) request.set_ispublic(*visible);
    return request;
}

std::string MessageOf(const std::exception_ptr& failure) {
    try {
        std::rethrow_exception(failure);
    } catch (const std::exception& e) {
        return e.what();
    }
}

asio::awaitable<::video::VideoResponse> CallCreate(::video::CreateVideoRequest request, const Deps* d,
                                                   std::string request_id) {
    auto* stub = d->video.get();
    return tt::rpc::AsyncCall<::video::VideoResponse>(
        [stub](auto* ctx, auto* req, auto* resp, auto done) {
            stub->async()->CreateVideo(ctx, req, resp, std::move(done));
        },
        std::move(request), "video-service", d->config.rpc_deadline, std::move(request_id));
}

asio::awaitable<::video::VideoResponse> CallFinish(::video::FinishUploadRequest request, const Deps* d,
                                                   std::string request_id) {
    auto* stub = d->video.get();
    return tt::rpc::AsyncCall<::video::VideoResponse>(
        [stub](auto* ctx, auto* req, auto* resp, auto done) {
            stub->async()->FinishUpload(ctx, req, resp, std::move(done));
        },
        std::move(request), "video-service", d->config.rpc_deadline, std::move(request_id));
}

// POST /api/videos with multipart/form-data: the video row exists ("uploading") from the moment
// the file's type is known, becomes "processing" when the file is stored, or "failed" with the
// reason when the upload breaks off.
asio::awaitable<void> UploadVideo(Context c, Exchange* exchange, const Deps* d) {
    auto caller = d->guard.Require(c.request);
    auto boundary = RequireBoundary(c, "file");
    CheckDeclaredLength(*exchange, d->config.max_file_size);
    std::string video_id = tt::NewUuid();
    media::UploadReceiver receiver(*d->storage, boundary, VideoRules(d->config), video_id);
    std::string chunk(kReadChunk, '\0');
    bool row_created = false;
    std::exception_ptr failure;
    try {
        for (;;) {
            std::size_t n = co_await exchange->ReadBody(chunk.data(), chunk.size());
            if (n == 0) break;
            receiver.Feed(std::string_view(chunk.data(), n));
            if (receiver.FileStarted() && !row_created) {
                auto start = StartUploadRequest(caller.sub, video_id, receiver);
                co_await CallCreate(std::move(start), d, c.request_id);
                row_created = true;
            }
        }
        receiver.Finish();
        receiver.Commit();
    } catch (...) {
        failure = std::current_exception();
    }
    if (failure) {
        if (row_created) {
            auto failed = FinishRequest(caller.sub, video_id, receiver, "upload failed: " + MessageOf(failure));
            try {
                co_await CallFinish(std::move(failed), d, c.request_id);
            } catch (const tt::Error& e) {
                // The sweeper fails the upload later (VIDEO_UPLOAD_TIMEOUT).
                tt::log::Warn("could not mark an interrupted upload failed",
                              {{"videoId", video_id}, {"error", e.what()}});
            }
        }
        std::rethrow_exception(failure);
    }
    auto finish = FinishRequest(caller.sub, video_id, receiver, "");
    auto video = co_await CallFinish(std::move(finish), d, c.request_id);
    tt::log::Info("video uploaded", {{"videoId", video_id}, {"bytes", receiver.Size()}, {"key", receiver.Key()}});
    auto json = VideoJson(video);
    json["likesCount"] = 0;
    json["isLiked"] = false;
    co_await exchange->Send(Ok(201, json, "Video uploaded; it is being processed"));
}

// Reads a JSON body of at most `limit` bytes into the request.
asio::awaitable<void> ReadWholeBody(Exchange* exchange, Context* c, std::size_t limit) {
    std::string chunk(kReadChunk, '\0');
    auto& body = c->request.body();
    for (;;) {
        std::size_t n = co_await exchange->ReadBody(chunk.data(), chunk.size());
        if (n == 0) break;
        if (body.size() + n > limit) throw tt::Error(tt::ErrorCode::kPayloadTooLarge, "Request body too large");
        body.append(chunk.data(), n);
    }
}

// POST /api/videos: multipart upload, or the JSON metadata form (external or pre-uploaded videoUrl).
asio::awaitable<void> CreateVideoRoute(Context c, Exchange* exchange, const Deps* d) {
    if (tt::http::MultipartBoundary(ContentType(c))) {
        co_await UploadVideo(std::move(c), exchange, d);
        co_return;
    }
    d->guard.Require(c.request);  // 401 before reading a body
    co_await ReadWholeBody(exchange, &c, d->config.body_limit);
    auto response = co_await CreateVideoFromJson(std::move(c), d);
    co_await exchange->Send(std::move(response));
}

enum class Upload { kVideo, kImage, kThumbnail };

nlohmann::json UploadJson(Upload kind, const media::UploadReceiver& receiver) {
    auto url = "/uploads/" + receiver.Key();
    auto filename = receiver.Key().substr(receiver.Key().find('/') + 1);
    if (kind == Upload::kThumbnail) return {{"thumbnailUrl", url}, {"filename", filename}};
    return {{kind == Upload::kVideo ? "videoUrl" : "imageUrl", url},
            {"filename", filename},
            {"originalName", receiver.OriginalName()},
            {"size", receiver.Size()},
            {"mimeType", receiver.Mime()}};
}

// POST /api/upload/{video,image,thumbnail}: stores the file and returns its URL (the original's
// two-step flow: upload, then POST /api/videos with the videoUrl, which is then processed).
asio::awaitable<void> UploadFile(Context c, Exchange* exchange, const Deps* d, Upload kind) {
    d->guard.Require(c.request);
    auto boundary = RequireBoundary(c, "file");
    auto rules = kind == Upload::kVideo
                     ? FileOnlyRules(tt::http::MediaKind::kVideo, "videos", d->config.max_file_size)
                     : FileOnlyRules(tt::http::MediaKind::kImage, kind == Upload::kImage ? "images" : "thumbnails",
                                     d->config.max_image_size);
    CheckDeclaredLength(*exchange, rules.max_size);
    media::UploadReceiver receiver(*d->storage, boundary, rules, tt::NewUuid());
    std::string chunk(kReadChunk, '\0');
    for (;;) {
        std::size_t n = co_await exchange->ReadBody(chunk.data(), chunk.size());
        if (n == 0) break;
        receiver.Feed(std::string_view(chunk.data(), n));
    }
    receiver.Finish();
    receiver.Commit();
    auto json = UploadJson(kind, receiver);
    co_await exchange->Send(Ok(201, json, "File uploaded successfully"));
}

// What to answer for a media request: status, headers and the byte range to send.
struct MediaPlan {
    bhttp::response<bhttp::empty_body> head;
    std::uint64_t first = 0;
    std::uint64_t length = 0;
};

std::string EtagOf(const tt::storage::ObjectInfo& info) {
    auto nanos = std::chrono::duration_cast<std::chrono::nanoseconds>(info.modified.time_since_epoch()).count();
    char out[64];
    std::snprintf(out, sizeof out, "\"%llx-%llx\"", static_cast<unsigned long long>(info.size),
                  static_cast<unsigned long long>(nanos));
    return out;
}

std::string HeaderOf(const tt::http::Request& request, bhttp::field field) {
    auto it = request.find(field);
    return it == request.end() ? std::string() : std::string(it->value());
}

bool EtagListMatches(const std::string& list, const std::string& etag) {
    if (list == "*") return true;
    std::size_t start = 0;
    while (start < list.size()) {
        auto end = list.find(',', start);
        if (end == std::string::npos) end = list.size();
        auto item = list.substr(start, end - start);
        item.erase(0, item.find_first_not_of(' '));
        item.erase(item.find_last_not_of(' ') + 1);
        if (item.starts_with("W/")) item.erase(0, 2);
        if (item == etag) return true;
        start = end + 1;
    }
    return false;
}

MediaPlan PlanMedia(const tt::http::Request& request, const tt::storage::ObjectInfo& info, std::string_view mime) {
    MediaPlan plan;
    auto etag = EtagOf(info);
    auto modified = std::chrono::time_point_cast<std::chrono::seconds>(info.modified);
    auto& head = plan.head;
    head.version(request.version());
    head.set(bhttp::field::content_type, mime);
    head.set(bhttp::field::accept_ranges, "bytes");
    head.set(bhttp::field::etag, etag);
    head.set(bhttp::field::last_modified, tt::http::HttpDate(modified));
    // Keys never change content (a new upload gets a new key), so caches may keep files for a year.
    head.set(bhttp::field::cache_control, "public, max-age=31536000, immutable");
    auto if_none_match = HeaderOf(request, bhttp::field::if_none_match);
    auto if_modified_since = tt::http::ParseHttpDate(HeaderOf(request, bhttp::field::if_modified_since));
    bool not_modified = !if_none_match.empty() ? EtagListMatches(if_none_match, etag)
                                               : (if_modified_since && modified <= *if_modified_since);
    if (not_modified) {
        head.result(bhttp::status::not_modified);
        return plan;
    }
    auto range = tt::http::ParseByteRange(HeaderOf(request, bhttp::field::range), info.size);
    auto if_range = HeaderOf(request, bhttp::field::if_range);
    if (!if_range.empty() && if_range != etag) {
        auto date = tt::http::ParseHttpDate(if_range);
        if (!date || *date != modified) range.kind = tt::http::ByteRange::Kind::kWhole;  // changed: whole file
    }
    switch (range.kind) {
        case tt::http::ByteRange::Kind::kWhole:
            head.result(bhttp::status::ok);
            plan.length = info.size;
            break;
        case tt::http::ByteRange::Kind::kPartial:
            head.result(bhttp::status::partial_content);
            plan.first = range.first;
            plan.length = range.last - range.first + 1;
            head.set(bhttp::field::content_range, "bytes " + std::to_string(range.first) + "-" +
                                                      std::to_string(range.last) + "/" + std::to_string(info.size));
            break;
        case tt::http::ByteRange::Kind::kUnsatisfiable:
            head.result(bhttp::status::range_not_satisfiable);
            head.set(bhttp::field::content_range, "bytes */" + std::to_string(info.size));
            head.set(bhttp::field::content_type, "text/plain");
            break;
    }
    return plan;
}

// GET/HEAD /uploads/:folder/:file
asio::awaitable<void> ServeMedia(Context c, Exchange* exchange, const Deps* d) {
    const auto& folder = c.params.at("folder");
    std::string key = folder + "/" + c.params.at("file");
    if ((folder != "videos" && folder != "images" && folder != "thumbnails") || !tt::storage::IsValidKey(key)) {
        throw tt::Error(tt::ErrorCode::kNotFound, "File not found");
    }
    auto info = d->storage->Stat(key);
    if (!info) throw tt::Error(tt::ErrorCode::kNotFound, "File not found");
    auto mime = tt::http::MimeForExtension(key.substr(key.rfind('.') + 1));
    auto plan = PlanMedia(c.request, *info, mime);
    std::shared_ptr<tt::storage::Reader> reader;
    if (plan.length > 0) reader = d->storage->Open(key);
    std::uint64_t first = plan.first;
    std::function<std::size_t(std::uint64_t, char*, std::size_t)> read_at =
        [reader, first](std::uint64_t offset, char* out, std::size_t size) {
            return reader->ReadAt(first + offset, out, size);
        };
    co_await exchange->SendStream(std::move(plan.head), plan.length, read_at);
}

}  // namespace

void AddMediaRoutes(tt::http::Router& router, const Deps& deps) {
    const Deps* d = &deps;
    using bhttp::verb;
    router.AddRaw(verb::post, "/api/videos",
                  [d](Context c, Exchange* e) { return CreateVideoRoute(std::move(c), e, d); });
    router.AddRaw(verb::post, "/api/upload/video",
                  [d](Context c, Exchange* e) { return UploadFile(std::move(c), e, d, Upload::kVideo); });
    router.AddRaw(verb::post, "/api/upload/image",
                  [d](Context c, Exchange* e) { return UploadFile(std::move(c), e, d, Upload::kImage); });
    router.AddRaw(verb::post, "/api/upload/thumbnail",
                  [d](Context c, Exchange* e) { return UploadFile(std::move(c), e, d, Upload::kThumbnail); });
    router.AddRaw(verb::get, "/uploads/:folder/:file",
                  [d](Context c, Exchange* e) { return ServeMedia(std::move(c), e, d); });
}

}  // namespace gateway::api
