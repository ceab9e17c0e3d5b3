#include "media/upload_receiver.hpp"

#include "tt/core/error.hpp"

namespace gateway::media {
namespace {

constexpr std::size_t kMaxFieldBytes = 4096;
constexpr std::size_t kMaxFields = 20;

std::string Human(std::uint64_t bytes) {
    if (bytes % (1 << 20) == 0) return std::to_string(bytes >> 20) + " MiB";
    return std::to_string(bytes) + " bytes";
}

}  // namespace

UploadReceiver::UploadReceiver(tt::storage::Storage& storage, std::string boundary, UploadRules rules,
                               std::string object_id)
    : storage_(storage),
      rules_(std::move(rules)),
      object_id_(std::move(object_id)),
      parser_(std::move(boundary), {[this](const tt::http::PartHeaders& h) { OnPartBegin(h); },
                                    [this](std::string_view data) { OnPartData(data); }, [this] { OnPartEnd(); }}) {}

void UploadReceiver::Feed(std::string_view chunk) {
    parser_.Feed(chunk);
}

void UploadReceiver::Finish() {
    parser_.Finish();
    if (!file_done_) {
        throw tt::Error(tt::ErrorCode::kInvalidArgument,
                        "No file uploaded: send the file in the multipart field '" + *rules_.file_fields.begin() + "'");
    }
}

void UploadReceiver::Commit() {
    writer_->Commit();
    writer_.reset();
    committed_ = true;
}

std::string UploadReceiver::Field(const std::string& name) const {
    auto it = fields_.find(name);
    return it == fields_.end() ? std::string() : it->second;
}

void UploadReceiver::OnPartBegin(const tt::http::PartHeaders& headers) {
    if (headers.filename || rules_.file_fields.count(headers.name)) {
        if (!rules_.file_fields.count(headers.name)) {
            throw tt::Error(
                tt::ErrorCode::kInvalidArgument,
                "Unexpected file field '" + headers.name + "': send the file as '" + *rules_.file_fields.begin() + "'");
        }
        if (in_file_ || file_done_) throw tt::Error(tt::ErrorCode::kInvalidArgument, "Only one file per upload");
        in_file_ = true;
        original_name_ = headers.filename.value_or("").substr(0, 255);
        return;
    }
    if (!rules_.text_fields.count(headers.name)) {
        throw tt::Error(tt::ErrorCode::kInvalidArgument, "property " + headers.name + " should not exist");
    }
    if (fields_.size() >= kMaxFields) throw tt::Error(tt::ErrorCode::kInvalidArgument, "Too many form fields");
    current_field_ = headers.name;
    fields_[current_field_].clear();
}

void UploadReceiver::OnPartData(std::string_view data) {
    if (!in_file_) {
        auto& value = fields_[current_field_];
        if (value.size() + data.size() > kMaxFieldBytes) {
            throw tt::Error(tt::ErrorCode::kInvalidArgument, "Form field " + current_field_ + " is too long");
        }
        value.append(data);
        return;
    }
    size_ += data.size();
    if (size_ > rules_.max_size) {
        throw tt::Error(tt::ErrorCode::kPayloadTooLarge, "File too large: the limit is " + Human(rules_.max_size));
    }
    if (writer_) {
        writer_->Write(data);
        return;
    }
    head_.append(data);
    if (head_.size() >= tt::http::kSniffBytes) StartFile();
}

void UploadReceiver::OnPartEnd() {
    if (!in_file_) return;
    in_file_ = false;
    if (size_ == 0) throw tt::Error(tt::ErrorCode::kInvalidArgument, "The uploaded file is empty");
    if (!writer_) StartFile();  // shorter than the sniffing window
    file_done_ = true;
}

void UploadReceiver::StartFile() {
    type_ = tt::http::SniffMediaType(head_);
    if (!type_ || type_->kind != rules_.kind) {
        throw tt::Error(
            tt::ErrorCode::kUnsupportedMediaType,
            rules_.kind == tt::http::MediaKind::kVideo
                ? "Invalid file type. Only MP4, WebM and MOV videos are allowed (checked by content)."
                : "Invalid file type. Only JPEG, PNG, WebP and GIF images are allowed (checked by content).");
    }
    key_ = rules_.folder + "/" + object_id_ + "." + std::string(type_->extension);
    writer_ = storage_.Create(key_);
    writer_->Write(head_);
    head_.clear();
    head_.shrink_to_fit();
}

}  // namespace gateway::media
