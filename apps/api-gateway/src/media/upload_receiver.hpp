#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "tt/http/media_type.hpp"
#include "tt/http/multipart.hpp"
#include "tt/storage/storage.hpp"

namespace gateway::media {

// What an upload route accepts in its file part.
struct UploadRules {
    tt::http::MediaKind kind = tt::http::MediaKind::kVideo;
    std::string folder;                  // storage folder: "videos", "images", "thumbnails"
    std::uint64_t max_size = 100 << 20;  // bytes of the file itself
    std::set<std::string> file_fields;   // accepted names of the file part
    std::set<std::string> text_fields;   // accepted text parts (others: 400)
};

// Takes a multipart/form-data body chunk by chunk as it arrives: text fields are kept (small), the
// file part is checked by its first bytes (415 unless the allowed kind), written to storage as it
// arrives (413 past max_size) and committed by Commit(). Nothing stays behind unless committed.
// Errors are tt::Error (kInvalidArgument, kPayloadTooLarge, kUnsupportedMediaType, kUnavailable).
class UploadReceiver {
public:
    UploadReceiver(tt::storage::Storage& storage, std::string boundary, UploadRules rules, std::string object_id);

    void Feed(std::string_view chunk);
    // The body ended: throws unless the multipart body and a non-empty file are complete.
    void Finish();
    // Makes the stored file visible under Key().
    void Commit();

    // The file part's type is known and its storage object exists (the video row can be created).
    bool FileStarted() const { return writer_ != nullptr || committed_; }
    const std::map<std::string, std::string>& Fields() const { return fields_; }
    std::string Field(const std::string& name) const;
    const std::string& Key() const { return key_; }
    std::uint64_t Size() const { return size_; }
    std::string_view Mime() const { return type_ ? type_->mime : std::string_view(); }
    const std::string& OriginalName() const { return original_name_; }

private:
    void OnPartBegin(const tt::http::PartHeaders& headers);
    void OnPartData(std::string_view data);
    void OnPartEnd();
    void StartFile();

    tt::storage::Storage& storage_;
    UploadRules rules_;
    std::string object_id_;
    tt::http::MultipartParser parser_;
    std::map<std::string, std::string> fields_;
    std::string current_field_;  // text part being read
    bool in_file_ = false;
    bool file_done_ = false;
    std::string head_;  // the first bytes, until the type is known
    std::optional<tt::http::MediaType> type_;
    std::unique_ptr<tt::storage::Writer> writer_;
    std::string key_;
    std::string original_name_;
    std::uint64_t size_ = 0;
    bool committed_ = false;
};

}  // namespace gateway::media
