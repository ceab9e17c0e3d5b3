#include "media/upload_receiver.hpp"

#include <gtest/gtest.h>

#include "tt/core/error.hpp"
#include "tt/core/ids.hpp"

namespace gateway::media {
namespace {

namespace fs = std::filesystem;

const std::string kMp4Head(
    "\0\0\0\x18"
    "ftypisom\0\0\0\0",
    16);

std::string Part(const std::string& name, const std::string& value, const std::string& filename = "") {
    std::string out = "--B\r\nContent-Disposition: form-data; name=\"" + name + "\"";
    if (!filename.empty()) out += "; filename=\"" + filename + "\"\r\nContent-Type: application/octet-stream";
    return out + "\r\n\r\n" + value + "\r\n";
}

class UploadReceiverTest : public ::testing::Test {
protected:
    void SetUp() override { root_ = fs::temp_directory_path() / ("tt-upload-" + tt::NewUuid()); }
    void TearDown() override { fs::remove_all(root_); }
    UploadRules Rules(std::uint64_t max_size = 1 << 20) {
        return {tt::http::MediaKind::kVideo, "videos", max_size, {"file", "video"}, {"title", "description"}};
    }
    tt::ErrorCode CodeOf(const std::function<void()>& action) {
        try {
            action();
        } catch (const tt::Error& e) {
            return e.Code();
        }
        ADD_FAILURE() << "expected a tt::Error";
        return tt::ErrorCode::kInternal;
    }
    fs::path root_;
};

TEST_F(UploadReceiverTest, StreamsTheFileToStorageAndKeepsTextFields) {
    tt::storage::DirectoryStorage storage(root_);
    UploadReceiver receiver(storage, "B", Rules(), "v1");
    std::string file = kMp4Head + std::string(100000, 'x');
    std::string body =
        Part("title", "My clip") + Part("file", file, "clip.mp4") + Part("description", "#fun") + "--B--\r\n";
    for (std::size_t at = 0; at < body.size(); at += 777) {
        receiver.Feed(std::string_view(body).substr(at, 777));
        if (at > body.find("ftyp") + 1000) {
            EXPECT_TRUE(receiver.FileStarted());
        }
    }
    receiver.Finish();
    EXPECT_FALSE(storage.Stat("videos/v1.mp4")) << "visible before Commit";
    receiver.Commit();
    EXPECT_EQ(receiver.Key(), "videos/v1.mp4");
    EXPECT_EQ(receiver.Size(), file.size());
    EXPECT_EQ(receiver.Mime(), "video/mp4");
    EXPECT_EQ(receiver.OriginalName(), "clip.mp4");
    EXPECT_EQ(receiver.Field("title"), "My clip");
    EXPECT_EQ(receiver.Field("description"), "#fun");
    auto info = storage.Stat("videos/v1.mp4");
    ASSERT_TRUE(info);
    EXPECT_EQ(info->size, file.size());
}

TEST_F(UploadReceiverTest, ContentDecidesTheTypeNotTheFileName) {
    tt::storage::DirectoryStorage storage(root_);
    UploadReceiver receiver(storage, "B", Rules(), "v2");
    std::string body = Part("file", "<html><body>not a video at all</body></html>", "evil.mp4") + "--B--\r\n";
    EXPECT_EQ(CodeOf([&] { receiver.Feed(body); }), tt::ErrorCode::kUnsupportedMediaType);
}

TEST_F(UploadReceiverTest, TooLargeIs413AndLeavesNoFile) {
    tt::storage::DirectoryStorage storage(root_);
    {
        UploadReceiver receiver(storage, "B", Rules(5000), "v3");
        std::string body = Part("file", kMp4Head + std::string(6000, 'x'), "big.mp4") + "--B--\r\n";
        EXPECT_EQ(CodeOf([&] { receiver.Feed(body); }), tt::ErrorCode::kPayloadTooLarge);
    }
    EXPECT_TRUE(!fs::exists(root_ / "videos") || fs::is_empty(root_ / "videos"));
}

TEST_F(UploadReceiverTest, BadFormsAre400) {
    tt::storage::DirectoryStorage storage(root_);
    UploadReceiver no_file(storage, "B", Rules(), "v4");
    no_file.Feed(Part("title", "x") + "--B--\r\n");
    EXPECT_EQ(CodeOf([&] { no_file.Finish(); }), tt::ErrorCode::kInvalidArgument);
    UploadReceiver unknown(storage, "B", Rules(), "v5");
    EXPECT_EQ(CodeOf([&] { unknown.Feed(Part("admin", "true")); }), tt::ErrorCode::kInvalidArgument);
    UploadReceiver empty(storage, "B", Rules(), "v6");
    EXPECT_EQ(CodeOf([&] { empty.Feed(Part("file", "", "a.mp4") + "--B--\r\n"); }), tt::ErrorCode::kInvalidArgument);
    UploadReceiver cut(storage, "B", Rules(), "v7");
    cut.Feed("--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.mp4\"\r\n\r\n" + kMp4Head);
    EXPECT_EQ(CodeOf([&] { cut.Finish(); }), tt::ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace gateway::media
