#include "tt/storage/storage.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "tt/core/error.hpp"
#include "tt/core/ids.hpp"

namespace tt::storage {
namespace {

namespace fs = std::filesystem;

class DirectoryStorageTest : public ::testing::Test {
protected:
    void SetUp() override { root_ = fs::temp_directory_path() / ("tt-storage-" + NewUuid()); }
    void TearDown() override { fs::remove_all(root_); }
    std::string ReadAll(Storage& storage, const std::string& key) {
        auto reader = storage.Open(key);
        std::string out;
        std::string chunk(5, '\0');
        for (std::uint64_t offset = 0;;) {
            auto n = reader->ReadAt(offset, chunk.data(), chunk.size());
            if (n == 0) break;
            out.append(chunk.data(), n);
            offset += n;
        }
        return out;
    }
    fs::path root_;
};

TEST(StorageKeys, AcceptOnlyFolderSlashPlainName) {
    EXPECT_TRUE(IsValidKey("videos/0190abcd-1234.mp4"));
    EXPECT_TRUE(IsValidKey("thumbnails/x_y.jpg"));
    EXPECT_FALSE(IsValidKey("videos/../etc/passwd"));
    EXPECT_FALSE(IsValidKey("../x.mp4"));
    EXPECT_FALSE(IsValidKey("videos/.hidden"));
    EXPECT_FALSE(IsValidKey("/videos/a.mp4"));
    EXPECT_FALSE(IsValidKey("videos/"));
    EXPECT_FALSE(IsValidKey("Videos/a.mp4"));
    EXPECT_FALSE(IsValidKey("videos/a b.mp4"));
    EXPECT_FALSE(IsValidKey("videos/a/b.mp4"));
}

TEST_F(DirectoryStorageTest, NothingIsVisibleBeforeCommitAndAbandonedWritesLeaveNoFile) {
    DirectoryStorage storage(root_);
    {
        auto writer = storage.Create("videos/a.mp4");
        writer->Write("hello ");
        EXPECT_FALSE(storage.Stat("videos/a.mp4"));
    }
    EXPECT_FALSE(storage.Stat("videos/a.mp4"));
    EXPECT_TRUE(fs::is_empty(root_ / "videos"));

    auto writer = storage.Create("videos/a.mp4");
    writer->Write("hello ");
    writer->Write("world");
    EXPECT_EQ(writer->Written(), 11u);
    writer->Commit();
    auto info = storage.Stat("videos/a.mp4");
    ASSERT_TRUE(info);
    EXPECT_EQ(info->size, 11u);
    EXPECT_EQ(ReadAll(storage, "videos/a.mp4"), "hello world");
}

TEST_F(DirectoryStorageTest, RemoveIsIdempotentAndMissingObjectsAreNotFound) {
    DirectoryStorage storage(root_);
    auto writer = storage.Create("images/b.png");
    writer->Write("x");
    writer->Commit();
    storage.Remove("images/b.png");
    storage.Remove("images/b.png");
    EXPECT_FALSE(storage.Stat("images/b.png"));
    try {
        storage.Open("images/b.png");
        FAIL() << "expected kNotFound";
    } catch (const Error& e) {
        EXPECT_EQ(e.Code(), ErrorCode::kNotFound);
    }
    EXPECT_THROW(storage.Create("../escape"), Error);
}

TEST_F(DirectoryStorageTest, ImportMovesALocalFileIn) {
    DirectoryStorage storage(root_);
    auto temp = root_ / "tmp-file";
    std::ofstream(temp) << "thumbnail bytes";
    storage.Import("thumbnails/c.jpg", temp);
    EXPECT_FALSE(fs::exists(temp));
    EXPECT_EQ(ReadAll(storage, "thumbnails/c.jpg"), "thumbnail bytes");
    EXPECT_EQ(storage.LocalPath("thumbnails/c.jpg"), root_ / "thumbnails/c.jpg");
}

}  // namespace
}  // namespace tt::storage
