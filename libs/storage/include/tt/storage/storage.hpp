#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace tt::storage {

// Keys look like "videos/0190....mp4": a folder (lowercase letters) and a file name of letters,
// digits, '.', '-' and '_' (no leading dot). Anything else is rejected before it reaches a backend.
bool IsValidKey(std::string_view key);

struct ObjectInfo {
    std::uint64_t size = 0;
    std::chrono::system_clock::time_point modified;
};

// An object being written. Nothing is visible under the key until Commit(); destroying an
// uncommitted writer discards what was written.
class Writer {
public:
    virtual ~Writer() = default;
    virtual void Write(std::string_view data) = 0;
    virtual void Commit() = 0;
    virtual std::uint64_t Written() const = 0;
};

class Reader {
public:
    virtual ~Reader() = default;
    // Up to `size` bytes at `offset`; 0 at the end.
    virtual std::size_t ReadAt(std::uint64_t offset, char* out, std::size_t size) = 0;
};

// Where media files live. DirectoryStorage keeps them in a local (or mounted) directory; an object
// store would implement the same interface. Errors are tt::Error: kInvalidArgument for a bad key,
// kUnavailable when the medium fails (full disk, permissions), kNotFound for a missing object.
class Storage {
public:
    virtual ~Storage() = default;
    virtual std::unique_ptr<Writer> Create(const std::string& key) = 0;
    virtual std::unique_ptr<Reader> Open(const std::string& key) const = 0;
    virtual std::optional<ObjectInfo> Stat(const std::string& key) const = 0;
    // Removes the object; absent objects are fine (idempotent).
    virtual void Remove(const std::string& key) = 0;
    // A local file with the object's bytes for tools that need a path (ffprobe, ffmpeg).
    virtual std::filesystem::path LocalPath(const std::string& key) const = 0;
    // Moves a finished local file in under `key` (the file is consumed).
    virtual void Import(const std::string& key, const std::filesystem::path& file) = 0;
};

class DirectoryStorage final : public Storage {
public:
    // Creates `root` if needed; throws kUnavailable when it cannot.
    explicit DirectoryStorage(std::filesystem::path root);
    std::unique_ptr<Writer> Create(const std::string& key) override;
    std::unique_ptr<Reader> Open(const std::string& key) const override;
    std::optional<ObjectInfo> Stat(const std::string& key) const override;
    void Remove(const std::string& key) override;
    std::filesystem::path LocalPath(const std::string& key) const override;
    void Import(const std::string& key, const std::filesystem::path& file) override;
    const std::filesystem::path& Root() const { return root_; }

private:
    std::filesystem::path PathOf(const std::string& key) const;
    std::filesystem::path root_;
};

}  // namespace tt::storage
