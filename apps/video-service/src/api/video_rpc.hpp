#pragma once

#include "app/video_cache.hpp"
#include "store/video_store.hpp"
#include "tt/storage/storage.hpp"
#include "video.grpc.pb.h"

namespace video::api {

// video.VideoService over the videos table.
class VideoRpc final : public ::video::VideoService::Service {
public:
    VideoRpc(store::VideoStore& videos, tt::storage::Storage& storage, app::VideoCache& cache)
        : videos_(videos), storage_(storage), cache_(cache) {}

    grpc::Status CreateVideo(grpc::ServerContext* context, const CreateVideoRequest* request,
                             VideoResponse* response) override;
    grpc::Status GetVideo(grpc::ServerContext* context, const GetVideoRequest* request,
                          VideoResponse* response) override;
    grpc::Status GetFeed(grpc::ServerContext* context, const ListVideosRequest* request,
                         FeedResponse* response) override;
    grpc::Status GetUserVideos(grpc::ServerContext* context, const ListVideosRequest* request,
                               FeedResponse* response) override;
    grpc::Status SearchVideos(grpc::ServerContext* context, const ListVideosRequest* request,
                              FeedResponse* response) override;
    grpc::Status GetVideosByHashtag(grpc::ServerContext* context, const ListVideosRequest* request,
                                    FeedResponse* response) override;
    grpc::Status DeleteVideo(grpc::ServerContext* context, const DeleteVideoRequest* request,
                             DeleteVideoResponse* response) override;
    grpc::Status FinishUpload(grpc::ServerContext* context, const FinishUploadRequest* request,
                              VideoResponse* response) override;
    grpc::Status GetVideosByUsers(grpc::ServerContext* context, const ListVideosRequest* request,
                                  FeedResponse* response) override;

private:
    grpc::Status List(grpc::ServerContext* context, const char* method, const ListVideosRequest* request,
                      store::ListQuery::Kind kind, FeedResponse* response);

    store::VideoStore& videos_;
    tt::storage::Storage& storage_;
    app::VideoCache& cache_;
};

}  // namespace video::api
