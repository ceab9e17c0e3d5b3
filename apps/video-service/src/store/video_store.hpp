#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "tt/pg/pool.hpp"

namespace video::store {

struct Video {
    std::string id;
    std::string user_id;
    std::string title;
    std::string description;
    std::string video_url;
    std::string thumbnail_url;
    int duration = 0;
    std::string created_at;  // ISO-8601, microseconds
    std::vector<std::string> hashtags;
    std::vector<std::string> mentions;
    std::string status = "ready";  // uploading -> processing -> ready | failed
    bool is_public = true;
    std::string storage_key;  // uploaded media ("videos/<id>.mp4"); empty for external URLs
    std::string thumbnail_key;
    int width = 0;
    int height = 0;
    std::int64_t size_bytes = 0;
    std::string failure_reason;
};

// What the processing worker learned about a file.
struct ProbeResult {
    int duration = 0;  // seconds, rounded
    int width = 0;
    int height = 0;
    std::string thumbnail_key;
    std::string thumbnail_url;
};

struct UploadOutcome {
    std::string title;
    std::string description;
    std::optional<bool> is_public;
    std::int64_t size_bytes = 0;
    std::string error;  // empty: the file arrived
};

// Which videos a list shows; all lists are newest first.
struct ListQuery {
    enum class Kind { kFeed, kUser, kSearch, kHashtag, kUsers };
    Kind kind = Kind::kFeed;
    std::string user_id;                // kUser
    std::string viewer_id;              // kUser: the owner also sees private and unfinished videos
    std::string text;                   // kSearch: the query; kHashtag: the tag
    std::vector<std::string> user_ids;  // kUsers
    int limit = 10;
    std::int64_t offset = 0;
    std::string cursor;  // wins over offset
};

struct VideoPage {
    std::vector<Video> items;
    std::int64_t total = 0;
    std::string next_cursor;
};

// The videos table. Blocking; call from gRPC handler threads.
class VideoStore {
public:
    explicit VideoStore(tt::pg::Pool& pool) : pool_(pool) {}
    // Called after every committed change of a video: (id, whether the public feed may have changed).
    using ChangeListener = std::function<void(const std::string& video_id, bool feed)>;
    void OnChange(ChangeListener listener) { on_change_ = std::move(listener); }
    // Runs inside a change's transaction with the row as stored, to enqueue its event in the outbox.
    using Publish = std::function<void(tt::pg::Connection& conn, const Video& row)>;
    // Inserts and runs `publish` with the stored row in the same transaction (committed only if it
    // returns).
    Video Insert(const Video& video, const Publish& publish);
    std::optional<Video> FindById(const std::string& id);
    // Runs `publish` after deleting the owner's video and commits only if it returns: kNotFound for an
    // unknown video, kPermissionDenied when `user_id` is not the owner. Returns the deleted row.
    Video Delete(const std::string& id, const std::string& user_id, const Publish& publish);
    // uploading -> processing (publish runs in the transaction) or -> failed. Owner only; a video in
    // any other state is returned unchanged.
    Video FinishUpload(const std::string& id, const std::string& user_id, const UploadOutcome& outcome,
                       const Publish& publish);
    // processing -> ready with what the probe found; `publish` runs in the transaction. nullopt when
    // the video is gone or no longer processing (a redelivered job).
    std::optional<Video> MarkReady(const std::string& id, const ProbeResult& probe, const Publish& publish);
    // `from` -> failed with the reason; false when the video was not in state `from`.
    bool MarkFailed(const std::string& id, const std::string& from, const std::string& reason);
    // Uploads older than `upload_timeout` and processing jobs older than `processing_timeout` become
    // failed; returns them so their files can be removed.
    std::vector<Video> FailStuck(std::chrono::seconds upload_timeout, std::chrono::seconds processing_timeout);
    // Throws tt::Error(kInvalidArgument) for a malformed cursor.
    VideoPage List(const ListQuery& query);

private:
    void Changed(const std::string& id, bool feed) const {
        if (on_change_) on_change_(id, feed);
    }

    tt::pg::Pool& pool_;
    ChangeListener on_change_;
};

}  // namespace video::store
