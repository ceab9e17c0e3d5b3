#include "tt/core/fd_sink.hpp"

#include <poll.h>
#include <unistd.h>

#include <cerrno>

namespace tt::log {

FdSink::FdSink(int fd, bool line_buffered, std::size_t batch_bytes, std::chrono::milliseconds full_wait)
    : fd_(fd), line_buffered_(line_buffered), batch_bytes_(batch_bytes), full_wait_(full_wait) {
    pending_.reserve(batch_bytes_ + 1024);
}

FdSink::~FdSink() {
    std::lock_guard lock(mutex_);
    WritePending();
}

std::size_t FdSink::DroppedBytes() const {
    return dropped_bytes_.load(std::memory_order_relaxed);
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

std::size_t FdSink::WriteAll(const char* data, std::size_t size) {
    std::size_t done = 0;
    while (done < size) {
        auto n = ::write(fd_, data + done, size - done);
        if (n > 0) {
            done += static_cast<std::size_t>(n);
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            // A non-blocking descriptor that is full: wait a little for the reader, then give up.
            pollfd ready{fd_, POLLOUT, 0};
            if (::poll(&ready, 1, static_cast<int>(full_wait_.count())) > 0) continue;
        }
        break;  // closed pipe (EPIPE once SIGPIPE is ignored), full disk, bad descriptor
    }
    return done;
}

void FdSink::WritePending() {
    if (pending_.empty()) return;
    std::size_t written = 0;
    // The last batch stopped inside a line: end that line first, so this batch does not continue
    // it into one broken JSON line.
    if (!line_cut_ || WriteAll("\n", 1) == 1) {
        line_cut_ = false;
        written = WriteAll(pending_.data(), pending_.size());
        if (written > 0 && written < pending_.size()) line_cut_ = pending_[written - 1] != '\n';
    }
    // What could not be written is dropped, never retried forever.
    dropped_bytes_.fetch_add(pending_.size() - written, std::memory_order_relaxed);
    pending_.clear();
}

}  // namespace tt::log
