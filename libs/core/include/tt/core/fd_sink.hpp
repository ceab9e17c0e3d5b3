#pragma once

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
// Lines that cannot be written (the reader went away) are dropped, never retried forever.
class FdSink final : public spdlog::sinks::base_sink<std::mutex> {
public:
    FdSink(int fd, bool line_buffered, std::size_t batch_bytes = 64 * 1024);
    ~FdSink() override;
    FdSink(const FdSink&) = delete;
    FdSink& operator=(const FdSink&) = delete;

protected:
    void sink_it_(const spdlog::details::log_msg& msg) override;
    void flush_() override;

private:
    void WritePending();

    int fd_;
    bool line_buffered_;
    std::size_t batch_bytes_;
    std::string pending_;
};

}  // namespace tt::log
