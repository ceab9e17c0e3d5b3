#include "tt/core/fd_sink.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <spdlog/logger.h>
#include <unistd.h>

#include <csignal>
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

TEST(FdSink, DropsAndCountsWhatAGoneReaderCannotTake) {
    std::signal(SIGPIPE, SIG_IGN);  // as tt::log::Init does: EPIPE instead of death
    Pipe pipe;
    auto sink = std::make_shared<tt::log::FdSink>(pipe.fds[1], false, 1024);
    auto logger = LoggerOn(sink);
    ::close(pipe.fds[0]);  // the reader went away
    pipe.fds[0] = ::open("/dev/null", O_RDONLY);
    logger->info("nowhere");
    logger->flush();
    EXPECT_EQ(sink->DroppedBytes(), 8u);  // "nowhere\n"
}

TEST(FdSink, NeverRetriesADroppedBatch) {
    Pipe first;
    Pipe second;  // made first: a pipe made after the close below could take the closed number
    int fd = first.fds[1];
    auto sink = std::make_shared<tt::log::FdSink>(fd, false, 1024);
    auto logger = LoggerOn(sink);
    ::close(fd);  // write(2) fails with EBADF
    first.fds[1] = -1;
    logger->info("nowhere");
    logger->flush();
    EXPECT_EQ(sink->DroppedBytes(), 8u);
    ASSERT_EQ(::dup2(second.fds[1], fd), fd);  // the same descriptor number now leads to a new pipe
    logger->info("next");
    logger->flush();
    EXPECT_EQ(second.Drain(), "next\n");  // not "nowhere" again
    ::close(fd);
}

TEST(FdSink, EndsALineCutByAFullDescriptorBeforeTheNextBatch) {
    Pipe pipe;
    ::fcntl(pipe.fds[1], F_SETFL, O_NONBLOCK);
    int capacity = ::fcntl(pipe.fds[1], F_SETPIPE_SZ, 4096);
    ASSERT_GT(capacity, 0);
    auto sink = std::make_shared<tt::log::FdSink>(pipe.fds[1], false, 1024, std::chrono::milliseconds(10));
    auto logger = LoggerOn(sink);
    std::string line(static_cast<std::size_t>(capacity) + 1000, 'x');
    logger->info(line);  // over the batch size: written at once, until the pipe is full
    EXPECT_EQ(sink->DroppedBytes(), 1001u);  // the 1,000 bytes past the capacity and the newline
    auto cut = pipe.Drain();
    EXPECT_EQ(cut, std::string(static_cast<std::size_t>(capacity), 'x'));
    logger->info("after");
    logger->flush();
    EXPECT_EQ(pipe.Drain(), "\nafter\n");  // the cut line ended, then the next one whole
}

}  // namespace
