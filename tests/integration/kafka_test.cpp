// libs/kafka against the real broker started by scripts/test.
#include <sys/wait.h>
#include <algorithm>
#include <csignal>
#include <map>
#include <set>
#include <thread>

#include "kafka_env.hpp"
#include "tt/kafka/consumer.hpp"
#include "tt/kafka/producer.hpp"

namespace tt::it {
namespace {

using std::chrono::seconds;

TEST(KafkaRoundTrip, PublishedMessageIsConsumedWithKeyAndHeaders) {
    auto topic = FreshTopic("roundtrip");
    kafka::Producer producer(TestConfig(""));
    auto report = producer.Publish(topic, "video-1", R"({"hello":"world"})", {{"eventId", "e-1"}});
    EXPECT_EQ(report.topic, topic);
    EXPECT_GE(report.offset, 0);

    Waiter waiter;
    std::vector<kafka::Message> received;
    kafka::Consumer consumer(TestConfig(FreshGroup("roundtrip")));
    consumer.Subscribe({topic}, [&](const kafka::Message& m) {
        std::lock_guard lock(waiter.Mutex());
        received.push_back(m);
        waiter.Notify();
    });
    consumer.Start();
    ASSERT_TRUE(waiter.WaitFor(seconds(30), [&] { return !received.empty(); }));
    consumer.Stop();
    ASSERT_EQ(received.size(), 1u);
    EXPECT_EQ(received[0].key, "video-1");
    EXPECT_EQ(received[0].payload, R"({"hello":"world"})");
    ASSERT_EQ(received[0].headers.size(), 1u);
    EXPECT_EQ(received[0].headers[0].key, "eventId");
    EXPECT_EQ(received[0].headers[0].value, "e-1");
}

TEST(KafkaOrdering, MessagesOfOneKeyArriveInPublishOrderAcrossPartitions) {
    auto topic = FreshTopic("order");
    constexpr int kKeys = 24;
    constexpr int kPerKey = 25;
    kafka::Producer producer(TestConfig(""));
    for (int seq = 0; seq < kPerKey; ++seq) {
        for (int k = 0; k < kKeys; ++k) {
            producer.PublishAsync(topic, "key-" + std::to_string(k), std::to_string(seq), {},
                                  [](const kafka::DeliveryReport* r, const std::string& e) { ASSERT_TRUE(r) << e; });
        }
    }
    ASSERT_TRUE(producer.Flush(std::chrono::milliseconds(30000)));

    Waiter waiter;
    std::map<std::string, std::vector<int>> seen;
    std::set<int> partitions;
    int total = 0;
    kafka::Consumer consumer(TestConfig(FreshGroup("order")));
    consumer.Subscribe({topic}, [&](const kafka::Message& m) {
        std::lock_guard lock(waiter.Mutex());
        seen[m.key].push_back(std::stoi(m.payload));
        partitions.insert(m.partition);
        ++total;
        waiter.Notify();
    });
    consumer.Start();
    ASSERT_TRUE(waiter.WaitFor(seconds(60), [&] { return total == kKeys * kPerKey; })) << total;
    consumer.Stop();
    EXPECT_GT(partitions.size(), 1u) << "keys should spread over partitions";
    for (const auto& [key, sequence] : seen) {
        ASSERT_EQ(sequence.size(), static_cast<std::size_t>(kPerKey)) << key;
        for (int i = 0; i < kPerKey; ++i) EXPECT_EQ(sequence[i], i) << key;
    }
}

// Counts how often each payload was handled, by which member.
struct Ledger {
    Waiter waiter;
    std::map<std::string, int> handled;
    std::map<std::string, int> by_member;

    kafka::Handler For(const std::string& member) {
        return [this, member](const kafka::Message& m) {
            std::lock_guard lock(waiter.Mutex());
            ++handled[m.payload];
            ++by_member[member];
            waiter.Notify();
        };
    }
    kafka::RunHandler RunFor(const std::string& member) {
        return [this, member](const std::vector<kafka::Message>& run) {
            std::lock_guard lock(waiter.Mutex());
            for (const auto& m : run) {
                ++handled[m.payload];
                ++by_member[member];
            }
            waiter.Notify();
        };
    }
    // A member of `group` on `topic` that handles one by one, or in runs when `runs`.
    std::unique_ptr<kafka::Consumer> Member(const std::string& group, const std::string& topic,
                                            const std::string& name, bool runs) {
        auto member = std::make_unique<kafka::Consumer>(TestConfig(group));
        member->Subscribe({topic}, For(name));
        if (runs) member->SetRunHandler(RunFor(name));
        member->Start();
        return member;
    }
    bool WaitForDistinct(std::size_t n) {
        return waiter.WaitFor(seconds(90), [&] { return handled.size() >= n; });
    }
};

void PublishBatch(kafka::Producer& producer, const std::string& topic, int from, int count) {
    for (int i = from; i < from + count; ++i) {
        producer.PublishAsync(topic, "k" + std::to_string(i), "m" + std::to_string(i), {},
                              [](const kafka::DeliveryReport* r, const std::string& e) { ASSERT_TRUE(r) << e; });
    }
    ASSERT_TRUE(producer.Flush(std::chrono::milliseconds(30000)));
}

bool WaitAssigned(const std::vector<kafka::Consumer*>& members) {
    auto deadline = std::chrono::steady_clock::now() + seconds(60);
    while (std::chrono::steady_clock::now() < deadline) {
        int total = 0;
        bool all = true;
        for (auto* m : members) {
            total += m->AssignedCount();
            all = all && m->AssignedCount() > 0;
        }
        if (all && total == 6) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));  // poll interval while the group settles
    }
    return false;
}

// Members join and leave: every message is handled exactly once, one by one or in runs.
void GroupScenario(bool runs) {
    auto topic = FreshTopic("group");
    auto group = FreshGroup("group");
    kafka::Producer producer(TestConfig(""));
    Ledger ledger;

    auto a = ledger.Member(group, topic, "a", runs);
    auto b = ledger.Member(group, topic, "b", runs);
    ASSERT_TRUE(WaitAssigned({a.get(), b.get()})) << "two members should share the 6 partitions";
    PublishBatch(producer, topic, 0, 300);
    ASSERT_TRUE(ledger.WaitForDistinct(300));
    {
        std::lock_guard lock(ledger.waiter.Mutex());
        EXPECT_GT(ledger.by_member["a"], 0);
        EXPECT_GT(ledger.by_member["b"], 0);
    }

    // A third member joins: the group rebalances over three.
    auto c = ledger.Member(group, topic, "c", runs);
    ASSERT_TRUE(WaitAssigned({a.get(), b.get(), c.get()}));
    PublishBatch(producer, topic, 300, 300);
    ASSERT_TRUE(ledger.WaitForDistinct(600));

    // A leaves cleanly: B and C take over its partitions from its committed offsets.
    a->Stop();
    ASSERT_TRUE(WaitAssigned({b.get(), c.get()}));
    PublishBatch(producer, topic, 600, 300);
    ASSERT_TRUE(ledger.WaitForDistinct(900));
    b->Stop();
    c->Stop();

    std::lock_guard lock(ledger.waiter.Mutex());
    EXPECT_EQ(ledger.handled.size(), 900u);
    for (const auto& [payload, times] : ledger.handled) EXPECT_EQ(times, 1) << payload << " handled " << times << "x";
}

TEST(KafkaGroup, MembersSplitPartitionsAndRebalancesNeitherLoseNorReapplyCommittedMessages) {
    GroupScenario(/*runs=*/false);
}

TEST(KafkaRuns, MembersHandlingRunsSplitPartitionsAndRebalancesNeitherLoseNorReapplyMessages) {
    GroupScenario(/*runs=*/true);
}

TEST(KafkaRetry, FailingHandlerIsRetriedAndNothingBehindItOvertakes) {
    auto topic = FreshTopic("retry", 1);
    kafka::Producer producer(TestConfig(""));
    producer.Publish(topic, "k", "first");
    producer.Publish(topic, "k", "second");

    Waiter waiter;
    std::vector<std::string> order;
    int first_attempts = 0;
    kafka::Consumer consumer(TestConfig(FreshGroup("retry")));
    consumer.Subscribe({topic}, [&](const kafka::Message& m) {
        std::lock_guard lock(waiter.Mutex());
        if (m.payload == "first" && ++first_attempts <= 2) throw std::runtime_error("database is down");
        order.push_back(m.payload);
        waiter.Notify();
    });
    consumer.Start();
    ASSERT_TRUE(waiter.WaitFor(seconds(30), [&] { return order.size() >= 2; }));
    consumer.Stop();
    EXPECT_EQ(first_attempts, 3);
    EXPECT_EQ(order, (std::vector<std::string>{"first", "second"}));
    EXPECT_EQ(consumer.RetryCount(), 2u);
}

TEST(KafkaRetry, PermanentErrorSkipsThePoisonMessage) {
    auto topic = FreshTopic("poison", 1);
    kafka::Producer producer(TestConfig(""));
    producer.Publish(topic, "k", "poison");
    producer.Publish(topic, "k", "good");
    Waiter waiter;
    std::vector<std::string> handled;
    kafka::Consumer consumer(TestConfig(FreshGroup("poison")));
    consumer.Subscribe({topic}, [&](const kafka::Message& m) {
        if (m.payload == "poison") throw kafka::PermanentError("cannot decode");
        std::lock_guard lock(waiter.Mutex());
        handled.push_back(m.payload);
        waiter.Notify();
    });
    consumer.Start();
    ASSERT_TRUE(waiter.WaitFor(seconds(30), [&] { return !handled.empty(); }));
    consumer.Stop();
    EXPECT_EQ(handled, std::vector<std::string>{"good"});
}

// A run handler takes what is already fetched together; a run that fails goes one by one under the
// usual rules (a retried message is not overtaken, a poison one is skipped), and nothing is handled
// twice or lost.
TEST(KafkaRuns, FetchedMessagesGoTogetherAndAFailedRunFallsBackToOneByOne) {
    auto topic = FreshTopic("runs", 1);
    constexpr int kCount = 300;
    kafka::Producer producer(TestConfig(""));
    for (int i = 0; i < kCount; ++i) {
        producer.PublishAsync(topic, "k", "m" + std::to_string(i), {},
                              [](const kafka::DeliveryReport* r, const std::string& e) { ASSERT_TRUE(r) << e; });
    }
    ASSERT_TRUE(producer.Flush(std::chrono::milliseconds(30000)));

    Waiter waiter;
    std::vector<std::string> applied;  // in the order effects became durable
    std::size_t largest_run = 0;
    int flaky_attempts = 0;
    auto config = TestConfig(FreshGroup("runs"));
    config.handle_run_max = 40;
    kafka::Consumer consumer(config);
    consumer.Subscribe({topic}, [&](const kafka::Message& m) {
        std::lock_guard lock(waiter.Mutex());
        if (m.payload == "m77") throw kafka::PermanentError("cannot decode");
        if (m.payload == "m20" && ++flaky_attempts <= 2) throw std::runtime_error("database is down");
        applied.push_back(m.payload);
        waiter.Notify();
    });
    consumer.SetRunHandler([&](const std::vector<kafka::Message>& run) {
        std::lock_guard lock(waiter.Mutex());
        for (const auto& m : run) {
            if (m.payload == "m77" || m.payload == "m20") throw std::runtime_error("one message of the run fails");
        }
        largest_run = std::max(largest_run, run.size());
        for (const auto& m : run) applied.push_back(m.payload);
        waiter.Notify();
    });
    consumer.Start();
    ASSERT_TRUE(waiter.WaitFor(seconds(60), [&] { return applied.size() >= kCount - 1; })) << applied.size();
    consumer.Stop();

    std::vector<std::string> expected;
    for (int i = 0; i < kCount; ++i) {
        if (i != 77) expected.push_back("m" + std::to_string(i));
    }
    EXPECT_EQ(applied, expected);  // in order, each once, the poison skipped
    EXPECT_EQ(flaky_attempts, 3);  // two failures, then applied alone
    EXPECT_GT(largest_run, 1u);
    EXPECT_LE(largest_run, 40u);
    EXPECT_GT(consumer.RunCount(), 0u);
    EXPECT_GE(consumer.FailedRunCount(), 2u);  // the runs holding m20 (at least once) and m77
}

TEST(KafkaCrash, MessageOfAConsumerKilledBeforeCommitGoesToTheNextMember) {
    auto topic = FreshTopic("crash", 1);
    auto group = FreshGroup("crash");
    kafka::Producer producer(TestConfig(""));
    producer.Publish(topic, "k", "only-once-handled-then-killed");

    // A separate process handles the message and dies by SIGKILL before any commit.
    std::string command = Env("TT_CRASH_CONSUMER") + " " + Env("KAFKA_BROKERS") + " " + topic + " " + group;
    int status = std::system(command.c_str());
    ASSERT_TRUE(WIFSIGNALED(status) || (WIFEXITED(status) && WEXITSTATUS(status) == 128 + SIGKILL))
        << "crash consumer should have died by SIGKILL, status " << status << " (" << command << ")";

    Waiter waiter;
    std::vector<std::string> received;
    kafka::Consumer next(TestConfig(group));
    next.Subscribe({topic}, [&](const kafka::Message& m) {
        std::lock_guard lock(waiter.Mutex());
        received.push_back(m.payload);
        waiter.Notify();
    });
    next.Start();
    // The dead member leaves the group when its session (6 s) expires.
    ASSERT_TRUE(waiter.WaitFor(seconds(60), [&] { return !received.empty(); }));
    next.Stop();
    EXPECT_EQ(received, std::vector<std::string>{"only-once-handled-then-killed"});
}

// Runs a function of scripts/lib (kafka_stop, kafka_start) against the test stack.
int ScriptsLib(const std::string& function) {
    std::string command =
        "bash -c 'set -euo pipefail; for f in common env postgres redis kafka services; do source \"" +
        Env("TT_SCRIPTS_DIR") + "/lib/$f.sh\"; done; " + function + "' >/dev/null 2>&1";
    return std::system(command.c_str());
}

TEST(KafkaOutage, ProducerDeliversEverythingOnceAcrossABrokerRestart) {
    ASSERT_FALSE(Env("TT_SCRIPTS_DIR").empty()) << "run through scripts/test";
    auto topic = FreshTopic("outage");
    auto config = TestConfig("");
    config.message_timeout = std::chrono::milliseconds(120000);  // outlives the restart
    kafka::Producer producer(config);

    std::mutex mutex;
    int delivered = 0;
    std::vector<std::string> failures;
    auto publish = [&](int from, int count) {
        for (int i = from; i < from + count; ++i) {
            producer.PublishAsync(topic, "k" + std::to_string(i % 17), "m" + std::to_string(i), {},
                                  [&](const kafka::DeliveryReport* r, const std::string& e) {
                                      std::lock_guard lock(mutex);
                                      if (r)
                                          ++delivered;
                                      else
                                          failures.push_back(e);
                                  });
        }
    };
    publish(0, 100);
    ASSERT_TRUE(producer.Flush(std::chrono::milliseconds(30000)));
    ASSERT_EQ(ScriptsLib("kafka_stop"), 0);
    publish(100, 100);  // queued while the broker is down
    int started = ScriptsLib("kafka_start");
    ASSERT_EQ(started, 0) << "kafka_start failed";
    ASSERT_TRUE(producer.Flush(std::chrono::milliseconds(120000)));
    {
        std::lock_guard lock(mutex);
        EXPECT_EQ(delivered, 200);
        EXPECT_TRUE(failures.empty()) << failures.front();
    }

    Waiter waiter;
    std::map<std::string, int> seen;
    kafka::Consumer consumer(TestConfig(FreshGroup("outage")));
    consumer.Subscribe({topic}, [&](const kafka::Message& m) {
        std::lock_guard lock(waiter.Mutex());
        ++seen[m.payload];
        waiter.Notify();
    });
    consumer.Start();
    ASSERT_TRUE(waiter.WaitFor(seconds(60), [&] { return seen.size() >= 200; }));
    consumer.Stop();
    EXPECT_EQ(seen.size(), 200u);
    for (const auto& [payload, times] : seen) EXPECT_EQ(times, 1) << payload << " stored " << times << " times";
}

}  // namespace
}  // namespace tt::it
