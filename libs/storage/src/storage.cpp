#include "tt/storage/storage.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "tt/core/error.hpp"
#include "tt/core/ids.hpp"

namespace tt::storage {
namespace fs = std::filesystem;

namespace {

Error Unavailable(const std::string& what, const fs::path& path, int error) {
    return Error(ErrorCode::kUnavailable,
                 "media storage failed: " + what + " " + path.string() + ": " + std::strerror(error));
}

// Owns a file descriptor.
class Fd {
public:
    explicit Fd(int fd) : fd_(fd) {}
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    ~Fd() {
        if (fd_ >= 0) ::close(fd_);
    }
    int get() const { return fd_; }

private:
    int fd_;
};

class FileWriter final : public Writer {
public:
    FileWriter(fs::path target) : target_(std::move(target)) {
        temp_ = target_;
        temp_ += ".partial-" + NewUuid();
        std::error_code ec;
        fs::create_directories(target_.parent_path(), ec);
        fd_ = ::open(temp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
        if (fd_ < 0) throw Unavailable("cannot create", temp_, errno);
    }
    ~FileWriter() override {
        if (fd_ >= 0) ::close(fd_);
        if (!committed_) ::unlink(temp_.c_str());
    }
    void Write(std::string_view data) override {
        while (!data.empty()) {
            auto n = ::write(fd_, data.data(), data.size());
            if (n < 0) {
                if (errno == EINTR) continue;
                throw Unavailable("cannot write", temp_, errno);
            }
            data.remove_prefix(static_cast<std::size_t>(n));
            written_ += static_cast<std::uint64_t>(n);
        }
    }
    void Commit() override {
        if (::fsync(fd_) != 0) throw Unavailable("cannot flush", temp_, errno);
        ::close(fd_);
        fd_ = -1;
        if (::rename(temp_.c_str(), target_.c_str()) != 0) throw Unavailable("cannot rename into", target_, errno);
        committed_ = true;
    }
    std::uint64_t Written() const override { return written_; }

private:
    fs::path target_;
    fs::path temp_;
    int fd_ = -1;
    bool committed_ = false;
    std::uint64_t written_ = 0;
};

class FileReader final : public Reader {
public:
    explicit FileReader(int fd) : fd_(fd) {}
    std::size_t ReadAt(std::uint64_t offset, char* out, std::size_t size) override {
        for (;;) {
            auto n = ::pread(fd_.get(), out, size, static_cast<off_t>(offset));
            if (n >= 0) return static_cast<std::size_t>(n);
            if (errno != EINTR)
                throw Error(ErrorCode::kUnavailable, std::string("media read failed: ") + std::strerror(errno));
        }
    }

private:
    Fd fd_;
};

bool IsNameChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' ||
           c == '_';
}

}  // namespace

bool IsValidKey(std::string_view key) {
    auto slash = key.find('/');
    if (slash == std::string_view::npos || slash == 0 || slash + 1 >= key.size() || key.size() > 200) return false;
    for (char c : key.substr(0, slash)) {
        if (c < 'a' || c > 'z') return false;
    }
    auto name = key.substr(slash + 1);
    if (name.front() == '.') return false;
    for (char c : name) {
        if (!IsNameChar(c)) return false;
    }
    return true;
}

DirectoryStorage::DirectoryStorage(fs::path root) : root_(std::move(root)) {
    std::error_code ec;
    fs::create_directories(root_, ec);
    if (ec || !fs::is_directory(root_)) {
        throw Error(ErrorCode::kUnavailable, "cannot create the media directory " + root_.string() + ": " +
                                                 ec.message() + " (set VIDEO_STORAGE_DIR to a writable directory)");
    }
}

fs::path DirectoryStorage::PathOf(const std::string& key) const {
    if (!IsValidKey(key)) throw Error(ErrorCode::kInvalidArgument, "invalid media key: " + key);
    return root_ / key;
}

std::unique_ptr<Writer> DirectoryStorage::Create(const std::string& key) {
    return std::make_unique<FileWriter>(PathOf(key));
}

std::unique_ptr<Reader> DirectoryStorage::Open(const std::string& key) const {
    auto path = PathOf(key);
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT) throw Error(ErrorCode::kNotFound, "media not found: " + key);
        throw Unavailable("cannot open", path, errno);
    }
    return std::make_unique<FileReader>(fd);
}

std::optional<ObjectInfo> DirectoryStorage::Stat(const std::string& key) const {
    auto path = PathOf(key);
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        if (errno == ENOENT || errno == ENOTDIR) return std::nullopt;
        throw Unavailable("cannot stat", path, errno);
    }
    if (!S_ISREG(st.st_mode)) return std::nullopt;
    ObjectInfo info;
    info.size = static_cast<std::uint64_t>(st.st_size);
    info.modified =
        std::chrono::system_clock::time_point(std::chrono::duration_cast<std::chrono::system_clock::duration>(
            std::chrono::seconds(st.st_mtim.tv_sec) + std::chrono::nanoseconds(st.st_mtim.tv_nsec)));
    return info;
}

void DirectoryStorage::Remove(const std::string& key) {
    auto path = PathOf(key);
    if (::unlink(path.c_str()) != 0 && errno != ENOENT) throw Unavailable("cannot remove", path, errno);
}

fs::path DirectoryStorage::LocalPath(const std::string& key) const {
    return PathOf(key);
}

void DirectoryStorage::Import(const std::string& key, const fs::path& file) {
    auto path = PathOf(key);
    std::error_code ec;
    fs::create_directories(path.parent_path(), ec);
    if (::rename(file.c_str(), path.c_str()) == 0) return;
    if (errno != EXDEV) throw Unavailable("cannot move into", path, errno);
    // Another filesystem: copy through a writer so the object appears atomically.
    auto writer = Create(key);
    int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw Unavailable("cannot open", file, errno);
    Fd owned(fd);
    std::string buffer(64 * 1024, '\0');
    for (;;) {
        auto n = ::read(fd, buffer.data(), buffer.size());
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) throw Unavailable("cannot read", file, errno);
        if (n == 0) break;
        writer->Write(std::string_view(buffer.data(), static_cast<std::size_t>(n)));
    }
    writer->Commit();
    ::unlink(file.c_str());
}

}  // namespace tt::storage
