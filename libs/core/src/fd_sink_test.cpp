#include "tt/core/fd_sink.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <spdlog/logger.h>
#include <unistd.h>

#include <memory>
#include <string>

namespace {

// A pipe whose read end never blocks: Drain() answers what has been written so far.
struct Pipe {
    int fds[2] = {-1, -1};
    Pipe() {
        EXPECT_EQ(::pipe(fds), 0);
        ::fcntl(fds[0], F_SETFL, O_NONBLOCK);
    }
    ~Pipe() {
        ::close(fds[0]);
        if (fds[1] >= 0) ::close(fds[1]);
    }
    std::string Drain() const {
        std::string out;
        char buffer[4096];
        ssize_t n = 0;
        while ((n = ::read(fds[0], buffer, sizeof buffer)) > 0) out.append(buffer, static_cast<std::size_t>(n));
        return out;
    }
};

std::shared_ptr<spdlog::logger> LoggerOn(std::shared_ptr<tt::log::FdSink> sink) {
    auto logger = std::make_shared<spdlog::logger>("test", std::move(sink));
    logger->set_pattern("%v");
    return logger;
}

TEST(FdSink, HoldsLinesUntilFlush) {
    Pipe pipe;
    auto logger = LoggerOn(std::make_shared<tt::log::FdSink>(pipe.fds[1], false, 1024));
    logger->info("one");
    logger->info("two");
    EXPECT_EQ(pipe.Drain(), "");
    logger->flush();
    EXPECT_EQ(pipe.Drain(), "one\ntwo\n");
    logger->flush();
    EXPECT_EQ(pipe.Drain(), "");
}

TEST(FdSink, WritesOnceTheBatchIsFull) {
    Pipe pipe;
    auto logger = LoggerOn(std::make_shared<tt::log::FdSink>(pipe.fds[1], false, 10));
    logger->info("12345");
    EXPECT_EQ(pipe.Drain(), "");
    logger->info("67890");  // 12 bytes pending: over the batch
    EXPECT_EQ(pipe.Drain(), "12345\n67890\n");
}

TEST(FdSink, LineBufferedWritesEveryLine) {
    Pipe pipe;
    auto logger = LoggerOn(std::make_shared<tt::log::FdSink>(pipe.fds[1], true, 1024));
    logger->warn("now");
    EXPECT_EQ(pipe.Drain(), "now\n");
}

TEST(FdSink, WritesWhatIsPendingWhenDestroyed) {
    Pipe pipe;
    {
        auto logger = LoggerOn(std::make_shared<tt::log::FdSink>(pipe.fds[1], false, 1024));
        logger->info("last words");
    }
    EXPECT_EQ(pipe.Drain(), "last words\n");
}

TEST(FdSink, DropsLinesItCannotWrite) {
    Pipe pipe;
    auto sink = std::make_shared<tt::log::FdSink>(pipe.fds[1], false, 1024);
    auto logger = LoggerOn(sink);
    ::close(pipe.fds[1]);  // write(2) now fails with EBADF
    pipe.fds[1] = -1;
    logger->info("nowhere");
    EXPECT_NO_THROW(sink->flush());  // returns: the batch is dropped, not retried
    EXPECT_NO_THROW(sink->flush());
}

}  // namespace
