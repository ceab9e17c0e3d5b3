#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>

#include <spdlog/sinks/base_sink.h>

namespace tt::log {

// An spdlog sink that appends formatted lines to a file descriptor (stdout for the services) in
// batches: lines collect in memory and go out with one write(2) when `batch_bytes` are pending, on
// flush() (the logger flushes warnings at once and everything every second) and on destruction.
// spdlog's own stdout sink fflush()es every line: one write(2) per access-log line, about 5 % of the
// gateway's CPU on cached reads. With `line_buffered` (a terminal) every line goes out at once.
// What cannot be written (the reader went away, the disk is full, a non-blocking descriptor stays
// full for `full_wait`) is dropped, never retried forever, and counted in DroppedBytes(); a batch cut
// inside a line gets that line ended before the next batch. A writer whose reader went away gets
// EPIPE only if SIGPIPE is ignored, as tt::log::Init does.
class FdSink final : public spdlog::sinks::base_sink<std::mutex> {
public:
    FdSink(int fd, bool line_buffered, std::size_t batch_bytes = 64 * 1024,
           std::chrono::milliseconds full_wait = std::chrono::seconds(1));
    ~FdSink() override;
    FdSink(const FdSink&) = delete;
    FdSink& operator=(const FdSink&) = delete;

    // Bytes of log lines dropped because they could not be written.
    std::size_t DroppedBytes() const;

protected:
    void sink_it_(const spdlog::details::log_msg& msg) override;
    void flush_() override;

private:
    void WritePending();
    std::size_t WriteAll(const char* data, std::size_t size);  // bytes written

    int fd_;
    bool line_buffered_;
    std::size_t batch_bytes_;
    std::chrono::milliseconds full_wait_;
    std::string pending_;
    bool line_cut_ = false;  // the last write stopped inside a line
    std::atomic<std::size_t> dropped_bytes_{0};
};

}  // namespace tt::log
