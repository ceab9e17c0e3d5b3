#include "api/video_rpc.hpp"

#include "tt/core/clock.hpp"
#include "tt/core/tags.hpp"
#include "tt/core/text.hpp"
#include "tt/events/video_deleted.hpp"

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
}

void Require(bool ok, const std::string& message) {
    if (!ok) throw tt::Error(tt::ErrorCode::kInvalidArgument, message);
}

}  // namespace

grpc::Status VideoRpc::CreateVideo(grpc::ServerContext* context, const CreateVideoRequest* request,
                                   VideoResponse* response) {
    return tt::rpc::Handle(context, "CreateVideo", [&] {
        Require(tt::IsUuid(request->userid()), "userId must be a user id");
        Require(request->title().find_first_not_of(" \t\r\n") != std::string::npos, "title should not be empty");
        Require(tt::Utf8Length(request->title()) >= 0 && tt::Utf8Length(request->description()) >= 0,
                "title and description must be valid UTF-8");
        Require(tt::Utf8Length(request->title()) <= 150, "title must be shorter than or equal to 150 characters");
        Require(tt::Utf8Length(request->description()) <= 2200,
                "description must be shorter than or equal to 2200 characters");
        Require(!request->videourl().empty(), "videoUrl should not be empty");
        Require(request->videourl().size() <= 2048, "videoUrl must be shorter than or equal to 2048 characters");
        Require(request->thumbnailurl().size() <= 2048,
                "thumbnailUrl must be shorter than or equal to 2048 characters");
        Require(request->duration() >= 0, "duration must not be negative");
        store::Video v;
        v.id = tt::NewUuid();
        v.user_id = request->userid();
        v.title = request->title();
        v.description = request->description();
        v.video_url = request->videourl();
        v.thumbnail_url = request->thumbnailurl();
        v.duration = request->duration();
        v.hashtags = tt::ParseHashtags(request->title() + " " + request->description());
        v.mentions = tt::ParseMentions(request->description());
        auto created = videos_.Insert(v);
        tt::log::Info("video created", {{"videoId", created.id}, {"userId", created.user_id}});
        ToProto(created, response);
    });
}

grpc::Status VideoRpc::GetVideo(grpc::ServerContext* context, const GetVideoRequest* request, VideoResponse* response) {
    return tt::rpc::Handle(context, "GetVideo", [&] {
        if (!tt::IsUuid(request->videoid())) throw tt::Error(tt::ErrorCode::kNotFound, "Video not found");
        auto v = videos_.FindById(request->videoid());
        if (!v) throw tt::Error(tt::ErrorCode::kNotFound, "Video not found");
        ToProto(*v, response);
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
        auto result = videos_.List(query);  // an empty kUsers list still validates the cursor
        for (const auto& v : result.items) ToProto(v, response->add_videos());
        response->set_total(static_cast<std::int32_t>(result.total));
        response->set_page(page);
        response->set_limit(limit);
        response->set_hasmore(!result.next_cursor.empty());
        response->set_nextcursor(result.next_cursor);
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
        videos_.Delete(request->videoid(), request->userid(), [&] {
            auto event = tt::events::NewVideoDeletedEvent("video-service", tt::SystemClock().Now());
            event.video_id = request->videoid();
            event.user_id = request->userid();
            // Acknowledged by Kafka before the delete commits: no deletion without its event.
            producer_.Publish(event.envelope.event_type, event.video_id, tt::events::ToJson(event),
                              {{"eventId", event.envelope.event_id}, {"requestId", tt::log::CurrentRequestId()}});
        });
        tt::log::Info("video deleted", {{"videoId", request->videoid()}});
        response->set_success(true);
    });
}

}  // namespace video::api
