#include <cmath>
#include <map>
#include <set>
#include <thread>

#include <gtest/gtest.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>

#include "histogram.hpp"
#include "options.hpp"
#include "runner.hpp"
#include "workload.hpp"

namespace tt::bench {
namespace {

Setup MakeSetup(std::size_t users, std::size_t videos) {
    Setup s;
    s.password = "pw";
    for (std::size_t u = 0; u < users; ++u) {
        s.users.push_back({"user-" + std::to_string(u), "u" + std::to_string(u), "tok" + std::to_string(u)});
    }
    for (std::size_t v = 0; v < videos; ++v) {
        s.videos.push_back({"video-" + std::to_string(v), "user-0"});
    }
    return s;
}

TEST(Histogram, UniformPercentilesWithinOnePercent) {
    Histogram h;
    for (int v = 1; v <= 10000; ++v) {
        h.Record(v);
    }
    for (double q : {50.0, 90.0, 99.0, 99.9, 99.99}) {
        const double expected = q / 100.0 * 10000;
        EXPECT_NEAR(static_cast<double>(h.Percentile(q)), expected, expected * 0.01) << "q=" << q;
    }
    EXPECT_EQ(h.Max(), 10000);
    EXPECT_EQ(h.Percentile(100), 10000);
    EXPECT_NEAR(h.Mean(), 5000.5, 1e-6);
    EXPECT_EQ(h.Count(), 10000u);
}

TEST(Histogram, SmallValuesAreExactAndHugeOnesClamp) {
    Histogram h;
    h.Record(3);
    h.Record(3);
    h.Record(127);
    h.Record(500'000'000);  // 500 s: beyond the range
    EXPECT_EQ(h.Percentile(50), 3);
    EXPECT_EQ(h.Percentile(75), 127);
    EXPECT_EQ(h.Max(), 500'000'000);
    EXPECT_EQ(h.NonEmptyBuckets().size(), 3u);
}

TEST(Histogram, BucketBoundsAreContiguous) {
    for (std::size_t i = 1; i <= Histogram::BucketIndex(Histogram::kMaxValueUs); ++i) {
        const auto lower = Histogram::BucketUpperBound(i - 1) + 1;
        ASSERT_EQ(Histogram::BucketIndex(lower), i);
        ASSERT_EQ(Histogram::BucketIndex(Histogram::BucketUpperBound(i)), i);
    }
}

TEST(Histogram, MergeEqualsRecordingEverythingInOne) {
    Histogram all, a, b;
    for (int v = 1; v <= 20000; ++v) {
        all.Record(v * 7);
        (v % 3 == 0 ? a : b).Record(v * 7);
    }
    a.Merge(b);
    EXPECT_EQ(a.Count(), all.Count());
    EXPECT_EQ(a.Max(), all.Max());
    EXPECT_DOUBLE_EQ(a.Mean(), all.Mean());
    EXPECT_EQ(a.NonEmptyBuckets(), all.NonEmptyBuckets());
    EXPECT_EQ(a.Percentile(99.9), all.Percentile(99.9));
}

TEST(LikePairSequence, EveryPairOnceThenExhausted) {
    LikePairSequence seq(7, 5, 1.1, 42);
    std::set<std::pair<std::size_t, std::size_t>> seen;
    while (auto p = seq.Next()) {
        EXPECT_TRUE(seen.insert({p->user, p->video}).second) << "duplicate pair";
    }
    EXPECT_EQ(seen.size(), 35u);
    EXPECT_FALSE(seq.Next());
    EXPECT_EQ(seq.Remaining(), 0u);
}

TEST(LikePairSequence, SameSeedSameSequenceAndOffsetSkipsAPrefix) {
    LikePairSequence a(50, 20, 1.1, 9), b(50, 20, 1.1, 9), c(50, 20, 1.1, 9), other(50, 20, 1.1, 10);
    std::vector<std::pair<std::size_t, std::size_t>> first, second, other_seq;
    for (int i = 0; i < 300; ++i) {
        auto p = a.Next();
        auto q = b.Next();
        auto o = other.Next();
        ASSERT_TRUE(p && q && o);
        first.emplace_back(p->user, p->video);
        second.emplace_back(q->user, q->video);
        other_seq.emplace_back(o->user, o->video);
    }
    EXPECT_EQ(first, second);
    EXPECT_NE(first, other_seq);
    EXPECT_EQ(c.Skip(100), 100u);
    for (int i = 100; i < 300; ++i) {
        auto p = c.Next();
        ASSERT_TRUE(p);
        EXPECT_EQ(std::make_pair(p->user, p->video), first[static_cast<std::size_t>(i)]);
    }
}

TEST(LikePairSequence, UsersOfAVideoComeInListOrder) {
    LikePairSequence seq(4, 3, 1.1, 1);
    std::map<std::size_t, std::size_t> next_user;
    while (auto p = seq.Next()) {
        EXPECT_EQ(p->user, next_user[p->video]++);
    }
}

TEST(ZipfSampler, RankZeroMostOftenWithTheExponentsRatio) {
    for (double s : {0.8, 1.1, 1.5}) {
        ZipfSampler zipf(100, s);
        Rng rng(3);
        std::vector<int> counts(100, 0);
        const int n = 200000;
        for (int i = 0; i < n; ++i) {
            ++counts[zipf.Sample(rng)];
        }
        EXPECT_EQ(std::max_element(counts.begin(), counts.end()) - counts.begin(), 0);
        // P(0) / P(1) = 2^s and P(0) / P(3) = 4^s
        EXPECT_NEAR(static_cast<double>(counts[0]) / counts[1], std::pow(2.0, s), std::pow(2.0, s) * 0.05);
        EXPECT_NEAR(static_cast<double>(counts[0]) / counts[3], std::pow(4.0, s), std::pow(4.0, s) * 0.08);
    }
}

TEST(Workload, MixedWeightsRoughlyRespected) {
    Workload w(Scenario::kMixed, MakeSetup(200, 50), {"h:1", 5, 1.1, 0});
    std::map<Op, int> counts;
    const int n = 50000;
    Request r;
    for (int i = 0; i < n; ++i) {
        ASSERT_TRUE(w.Next(r));
        ++counts[r.op == Op::kUnlike ? Op::kLike : r.op];
        w.Complete(r, true);
    }
    for (const auto& mw : kMixWeights) {
        EXPECT_NEAR(100.0 * counts[mw.op] / n, mw.weight, 1.0) << OpName(mw.op);
    }
}

TEST(Workload, MixedToggleUnlikesWhatItLiked) {
    Workload w(Scenario::kMixed, MakeSetup(1, 1), {"h:1", 5, 1.1, 0});  // a single pair
    std::vector<Op> toggles;
    Request r;
    while (toggles.size() < 4) {
        ASSERT_TRUE(w.Next(r));
        if (r.toggles) {
            toggles.push_back(r.op);
            w.Complete(r, true);
        }
    }
    EXPECT_EQ(toggles, (std::vector<Op>{Op::kLike, Op::kUnlike, Op::kLike, Op::kUnlike}));
}

TEST(Workload, LikeRequestsCarryTheUsersTokenAndStopWhenExhausted) {
    Workload w(Scenario::kLike, MakeSetup(2, 2), {"127.0.0.1:8080", 1, 1.1, 1});
    EXPECT_EQ(w.PairsSkipped(), 1u);
    Request r;
    int n = 0;
    while (w.Next(r)) {
        ++n;
        EXPECT_EQ(r.bytes.rfind("POST /api/interactions/like HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n", 0), 0u);
        EXPECT_NE(r.bytes.find("Authorization: Bearer tok"), std::string::npos);
        EXPECT_NE(r.bytes.find("\r\n\r\n{\"videoId\":\"video-"), std::string::npos);
    }
    EXPECT_EQ(n, 3);
}

TEST(Workload, ScenariosNeedingSetupRefuseToStartWithoutIt) {
    EXPECT_THROW(Workload(Scenario::kLike, std::nullopt, {}), UsageError);
    EXPECT_NO_THROW(Workload(Scenario::kHealth, std::nullopt, {}));
    EXPECT_THROW(ParseSetup("{\"users\":[{\"username\":\"x\"}]}", "s.json"), UsageError);
}

TEST(Options, ParsesTheDocumentedCommandLine) {
    const auto o = ParseOptions({"tt-loadgen", "--url", "http://127.0.0.1:9000", "--scenario", "mixed", "--rate=250",
                                 "--duration", "3", "--threads", "2", "--pair-offset", "17"});
    EXPECT_EQ(o.host, "127.0.0.1");
    EXPECT_EQ(o.port, "9000");
    EXPECT_EQ(o.scenario, Scenario::kMixed);
    EXPECT_DOUBLE_EQ(o.rate, 250);
    EXPECT_EQ(o.connections, 64);
    EXPECT_EQ(o.pair_offset, 17u);
    EXPECT_THROW(ParseOptions({"x", "--url", "http://h:1", "--scenario", "health", "--rate", "0", "--duration", "1"}),
                 UsageError);
    EXPECT_THROW(ParseOptions({"x", "--url", "https://h", "--scenario", "health", "--rate", "1", "--duration", "1"}),
                 UsageError);
    EXPECT_THROW(ParseOptions({"x", "--url", "http://h:1", "--scenario", "nope", "--rate", "1", "--duration", "1"}),
                 UsageError);
    EXPECT_THROW(ParseOptions({"x", "--bogus", "1"}), UsageError);
    EXPECT_THROW(ParseOptions({"x", "--url", "http://h:1"}), UsageError);
}

// A tiny keep-alive HTTP server on a kernel-chosen port; replies 200 "ok" to everything and closes
// the connection after every `close_every`-th response on it.
class FakeServer {
public:
    explicit FakeServer(int close_every) : close_every_(close_every) {
        acceptor_.open(boost::asio::ip::tcp::v4());
        acceptor_.bind({boost::asio::ip::make_address("127.0.0.1"), 0});
        acceptor_.listen();
        boost::asio::co_spawn(ioc_, Accept(), boost::asio::detached);
        thread_ = std::thread([this] { ioc_.run(); });
    }
    ~FakeServer() {
        ioc_.stop();
        thread_.join();
    }
    std::string Port() const { return std::to_string(acceptor_.local_endpoint().port()); }

private:
    boost::asio::awaitable<void> Accept() {
        for (;;) {
            auto [ec, socket] = co_await acceptor_.async_accept(boost::asio::as_tuple(boost::asio::use_awaitable));
            if (ec) {
                co_return;
            }
            boost::asio::co_spawn(ioc_, Serve(std::move(socket), close_every_), boost::asio::detached);
        }
    }
    static boost::asio::awaitable<void> Serve(boost::asio::ip::tcp::socket socket, int close_every) {
        namespace http = boost::beast::http;
        boost::beast::flat_buffer buffer;
        const std::string keep = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
        const std::string close = "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok";
        for (int served = 1;; ++served) {
            http::request<http::string_body> request;
            auto [ec, n] =
                co_await http::async_read(socket, buffer, request, boost::asio::as_tuple(boost::asio::use_awaitable));
            if (ec) {
                co_return;
            }
            const bool last = served % close_every == 0;
            const std::string& reply = last ? close : keep;
            auto [wec, w] = co_await boost::asio::async_write(socket, boost::asio::buffer(reply),
                                                              boost::asio::as_tuple(boost::asio::use_awaitable));
            if (wec || last) {
                co_return;
            }
        }
    }

    int close_every_;
    boost::asio::io_context ioc_{1};
    boost::asio::ip::tcp::acceptor acceptor_{ioc_};
    std::thread thread_;
};

TEST(RunLoad, SendsTheTimelineAndRecordsOnlyTheMeasuredWindow) {
    FakeServer server(50);
    Workload workload(Scenario::kHealth, std::nullopt, {"127.0.0.1", 1, 1.1, 0});
    RunConfig config{"127.0.0.1", server.Port(), 1000, 0.5, 0.2, 8, 2, 2000};
    const RunStats stats = RunLoad(config, workload, nullptr);
    EXPECT_TRUE(stats.ever_connected);
    EXPECT_EQ(stats.scheduled, 500u);
    EXPECT_EQ(stats.sent, 500u);
    EXPECT_EQ(stats.completed, 500u);
    EXPECT_EQ(stats.status_codes[200], 500u);
    EXPECT_EQ(stats.latency.Count(), 500u);
    EXPECT_EQ(stats.errors_timeout + stats.errors_io + stats.errors_exhausted, 0u);
    EXPECT_GT(stats.reconnects, 0u);  // the server closes every 50th response
}

TEST(RunLoad, LikeStopsWhenPairsRunOut) {
    FakeServer server(1000);
    Workload workload(Scenario::kLike, MakeSetup(3, 4), {"127.0.0.1", 1, 1.1, 2});  // 12 pairs, 2 skipped
    RunConfig config{"127.0.0.1", server.Port(), 200, 0.1, 0, 4, 1, 2000};          // 20 due
    const RunStats stats = RunLoad(config, workload, nullptr);
    EXPECT_EQ(stats.completed, 10u);
    EXPECT_EQ(stats.errors_exhausted, 10u);
}

TEST(RunLoad, UnreachableTargetIsAConnectError) {
    std::string port;
    {
        boost::asio::io_context ioc;
        boost::asio::ip::tcp::acceptor a(ioc, {boost::asio::ip::make_address("127.0.0.1"), 0});
        port = std::to_string(a.local_endpoint().port());
    }  // closed: nothing listens there now
    Workload workload(Scenario::kHealth, std::nullopt, {"127.0.0.1", 1, 1.1, 0});
    RunConfig config{"127.0.0.1", port, 100, 0.1, 0, 1, 1, 500};
    EXPECT_THROW(RunLoad(config, workload, nullptr), ConnectError);
}

}  // namespace
}  // namespace tt::bench
