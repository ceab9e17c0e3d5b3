#include "tt/core/fd_sink.hpp"

#include <unistd.h>

#include <cerrno>

namespace tt::log {

FdSink::FdSink(int fd, bool line_buffered, std::size_t batch_bytes)
    : fd_(fd), line_buffered_(line_buffered), batch_bytes_(batch_bytes) {
    pending_.reserve(batch_bytes_ + 1024);
}

FdSink::~FdSink() {
    std::lock_guard lock(mutex_);
    WritePending();
}

void FdSink::sink_it_(const spdlog::details::log_msg& msg) {
    spdlog::memory_buf_t formatted;
    formatter_->format(msg, formatted);
    pending_.append(formatted.data(), formatted.size());
    if (line_buffered_ || pending_.size() >= batch_bytes_) WritePending();
}

void FdSink::flush_() {
    WritePending();
}

void FdSink::WritePending() {
    std::size_t done = 0;
    while (done < pending_.size()) {
        auto n = ::write(fd_, pending_.data() + done, pending_.size() - done);
        if (n > 0) {
            done += static_cast<std::size_t>(n);
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else {
            break;  // closed pipe, full disk, non-blocking descriptor that is full: drop the batch
        }
    }
    pending_.clear();
}

}  // namespace tt::log
