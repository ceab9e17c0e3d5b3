#include "api/video_rpc.hpp"

#include "app/media_files.hpp"
#include "app/video_events.hpp"
#include "tt/core/clock.hpp"
#include "tt/core/tags.hpp"
#include "tt/core/text.hpp"

#include "tt/core/ids.hpp"
#include "tt/core/log.hpp"
#include "tt/rpc/server.hpp"

namespace video::api {
namespace {

void ToProto(const store::Video& v, VideoResponse* out) {
    out->set_id(v.id);
    out->set_userid(v.user_id);
    out->set_title(v.title);
    out->set_description(v.description);
    out->set_videourl(v.video_url);
    out->set_thumbnailurl(v.thumbnail_url);
    out->set_duration(v.duration);
    out->set_createdat(v.created_at);
    for (const auto& tag : v.hashtags) out->add_hashtags(tag);
    for (const auto& mention : v.mentions) out->add_mentions(mention);
    out->set_status(v.status);
    out->set_ispublic(v.is_public);
    out->set_width(v.width);
    out->set_height(v.height);
    out->set_failurereason(v.failure_reason);
    out->set_sizebytes(v.size_bytes);
}

void Require(bool ok, const std::string& message) {
    if (!ok) throw tt::Error(tt::ErrorCode::kInvalidArgument, message);
}

// The original's limits on a video's texts.
void RequireTexts(const std::string& title, const std::string& description) {
    Require(tt::Utf8Length(title) >= 0 && tt::Utf8Length(description) >= 0,
            "title and description must be valid UTF-8");
    Require(tt::Utf8Length(title) <= 150, "title must be shorter than or equal to 150 characters");
    Require(tt::Utf8Length(description) <= 2200, "description must be shorter than or equal to 2200 characters");
}

}  // namespace

grpc::Status VideoRpc::CreateVideo(grpc::ServerContext* context, const CreateVideoRequest* request,
                                   VideoResponse* response) {
    return tt::rpc::Handle(context, "CreateVideo", [&] {
        Require(tt::IsUuid(request->userid()), "userId must be a user id");
        Require(request->title().find_first_not_of(" \t\r\n") != std::string::npos, "title should not be empty");
        RequireTexts(request->title(), request->description());
        Require(!request->videourl().empty(), "videoUrl should not be empty");
        Require(request->videourl().size() <= 2048, "videoUrl must be shorter than or equal to 2048 characters");
        Require(request->thumbnailurl().size() <= 2048,
                "thumbnailUrl must be shorter than or equal to 2048 characters");
        Require(request->duration() >= 0, "duration must not be negative");
        Require(request->storagekey().empty() || tt::storage::IsValidKey(request->storagekey()),
                "storageKey is not a media key");
        Require(request->status().empty() || request->status() == "uploading", "status must be empty or uploading");
        Require(request->status().empty() || !request->storagekey().empty(), "an upload needs its storageKey");
        Require(request->videoid().empty() || tt::IsUuid(request->videoid()), "videoId must be a UUID");
        store::Video v;
        v.id = request->videoid().empty() ? tt::NewUuid() : request->videoid();
        v.storage_key = request->storagekey();
        v.size_bytes = request->sizebytes();
        v.is_public = !request->has_ispublic() || request->ispublic();
        // External URL: ready now. Stored media: processed first (status "uploading" until FinishUpload).
        if (!request->status().empty()) {
            v.status = request->status();
        } else if (!v.storage_key.empty()) {
            v.status = "processing";
        }
        v.user_id = request->userid();
        v.title = request->title();
        v.description = request->description();
        v.video_url = request->videourl();
        v.thumbnail_url = request->thumbnailurl();
        v.duration = request->duration();
        v.hashtags = tt::ParseHashtags(request->title() + " " + request->description());
        v.mentions = tt::ParseMentions(request->description());
        auto created = videos_.Insert(v, [](tt::pg::Connection& conn, const store::Video& row) {
            if (row.status == "ready") app::EnqueueVideoCreated(conn, row);
            if (row.status == "processing") app::EnqueueVideoUploaded(conn, row);
        });
        tt::log::Info("video created",
                      {{"videoId", created.id}, {"userId", created.user_id}, {"status", created.status}});
        ToProto(created, response);
    });
}

grpc::Status VideoRpc::GetVideo(grpc::ServerContext* context, const GetVideoRequest* request, VideoResponse* response) {
    return tt::rpc::Handle(context, "GetVideo", [&] {
        if (!tt::IsUuid(request->videoid())) throw tt::Error(tt::ErrorCode::kNotFound, "Video not found");
        cache_.Video(request->videoid(), response, [this, request](VideoResponse* out) {
            auto v = videos_.FindById(request->videoid());
            if (!v) throw tt::Error(tt::ErrorCode::kNotFound, "Video not found");
            ToProto(*v, out);
        });
    });
}

grpc::Status VideoRpc::List(grpc::ServerContext* context, const char* method, const ListVideosRequest* request,
                            store::ListQuery::Kind kind, FeedResponse* response) {
    return tt::rpc::Handle(context, method, [&] {
        int page = request->page() <= 0 ? 1 : request->page();
        int limit = request->limit() <= 0 ? 10 : request->limit();
        Require(limit <= 50, "limit must not be greater than 50");
        store::ListQuery query;
        query.kind = kind;
        query.limit = limit;
        query.offset = static_cast<std::int64_t>(page - 1) * limit;
        query.cursor = request->cursor();
        query.viewer_id = request->viewerid();
        switch (kind) {
            case store::ListQuery::Kind::kUser:
                if (!tt::IsUuid(request->userid())) throw tt::Error(tt::ErrorCode::kNotFound, "User not found");
                query.user_id = request->userid();
                break;
            case store::ListQuery::Kind::kSearch:
                Require(!request->query().empty(), "Search query is required");
                Require(request->query().size() <= 200, "query must be shorter than or equal to 200 characters");
                query.text = request->query();
                break;
            case store::ListQuery::Kind::kHashtag: {
                auto tags = tt::ParseHashtags("#" + request->hashtag());
                // The whole text must be one tag: "a-b" is not the tag "a".
                Require(tags.size() == 1 && tags.front().size() == request->hashtag().size(),
                        "hashtag must be letters, digits and _");
                query.text = tags.front();
                break;
            }
            case store::ListQuery::Kind::kUsers:
                Require(request->userids_size() <= 5000, "at most 5000 userIds");
                for (const auto& id : request->userids()) {
                    if (tt::IsUuid(id)) query.user_ids.push_back(id);
                }
                break;
            case store::ListQuery::Kind::kFeed:
                break;
        }
        auto load = [this, &query, page, limit](FeedResponse* out) {
            auto result = videos_.List(query);  // an empty kUsers list still validates the cursor
            for (const auto& v : result.items) ToProto(v, out->add_videos());
            out->set_total(static_cast<std::int32_t>(result.total));
            out->set_page(page);
            out->set_limit(limit);
            out->set_hasmore(!result.next_cursor.empty());
            out->set_nextcursor(result.next_cursor);
        };
        // The public feed is the same for everyone: cached per page. Other lists depend on the viewer.
        if (kind == store::ListQuery::Kind::kFeed) {
            cache_.Feed(std::to_string(page) + ":" + std::to_string(limit) + ":" + query.cursor, response, load);
        } else {
            load(response);
        }
    });
}

grpc::Status VideoRpc::GetFeed(grpc::ServerContext* context, const ListVideosRequest* request, FeedResponse* response) {
    return List(context, "GetFeed", request, store::ListQuery::Kind::kFeed, response);
}

grpc::Status VideoRpc::GetUserVideos(grpc::ServerContext* context, const ListVideosRequest* request,
                                     FeedResponse* response) {
    return List(context, "GetUserVideos", request, store::ListQuery::Kind::kUser, response);
}

grpc::Status VideoRpc::SearchVideos(grpc::ServerContext* context, const ListVideosRequest* request,
                                    FeedResponse* response) {
    return List(context, "SearchVideos", request, store::ListQuery::Kind::kSearch, response);
}

grpc::Status VideoRpc::GetVideosByHashtag(grpc::ServerContext* context, const ListVideosRequest* request,
                                          FeedResponse* response) {
    return List(context, "GetVideosByHashtag", request, store::ListQuery::Kind::kHashtag, response);
}

grpc::Status VideoRpc::GetVideosByUsers(grpc::ServerContext* context, const ListVideosRequest* request,
                                        FeedResponse* response) {
    return List(context, "GetVideosByUsers", request, store::ListQuery::Kind::kUsers, response);
}

grpc::Status VideoRpc::DeleteVideo(grpc::ServerContext* context, const DeleteVideoRequest* request,
                                   DeleteVideoResponse* response) {
    return tt::rpc::Handle(context, "DeleteVideo", [&] {
        if (!tt::IsUuid(request->videoid())) throw tt::Error(tt::ErrorCode::kNotFound, "Video not found");
        // The event commits with the delete: no deletion without its event.
        auto deleted = videos_.Delete(request->videoid(), request->userid(),
                                      [](tt::pg::Connection& conn, const store::Video& row) {
                                          app::EnqueueVideoDeleted(conn, row.id, row.user_id);
                                      });
        app::RemoveMediaFiles(storage_, deleted);
        tt::log::Info("video deleted", {{"videoId", request->videoid()}});
        response->set_success(true);
    });
}

grpc::Status VideoRpc::FinishUpload(grpc::ServerContext* context, const FinishUploadRequest* request,
                                    VideoResponse* response) {
    return tt::rpc::Handle(context, "FinishUpload", [&] {
        if (!tt::IsUuid(request->videoid())) throw tt::Error(tt::ErrorCode::kNotFound, "Video not found");
        RequireTexts(request->title(), request->description());
        store::UploadOutcome outcome;
        outcome.title = request->title();
        outcome.description = request->description();
        if (request->has_ispublic()) outcome.is_public = request->ispublic();
        outcome.size_bytes = request->sizebytes();
        outcome.error = request->error();
        auto video = videos_.FinishUpload(
            request->videoid(), request->userid(), outcome,
            [](tt::pg::Connection& conn, const store::Video& row) { app::EnqueueVideoUploaded(conn, row); });
        if (video.status == "failed") app::RemoveMediaFiles(storage_, video);
        tt::log::Info("upload finished", {{"videoId", video.id}, {"status", video.status}});
        ToProto(video, response);
    });
}

}  // namespace video::api
