// libs/delivery (outbox, relay, exactly-once inbox), libs/pg's group commit and the consumer's
// dead-letter path against the
// real PostgreSQL and Kafka started by scripts/test. Each test uses fresh topics; the outbox tests a
// fresh database (the services' databases have relays of their own).
#include <algorithm>
#include <cctype>
#include <atomic>
#include <map>
#include <set>
#include <thread>

#include "kafka_env.hpp"
#include "tt/core/error.hpp"
#include "tt/delivery/inbox.hpp"
#include "tt/delivery/outbox.hpp"
#include "tt/delivery/relay.hpp"
#include "tt/kafka/consumer.hpp"
#include "tt/kafka/dead_letter.hpp"
#include "tt/kafka/producer.hpp"
#include "tt/pg/group_commit.hpp"

namespace tt::it {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

// A database created for this test binary and dropped at exit.
class ScratchDatabase {
public:
    ScratchDatabase() {
        config_.host = Env("DB_HOST");
        config_.port = Env("DB_PORT").empty() ? 5432 : std::stoi(Env("DB_PORT"));
        config_.user = Env("DB_USERNAME");
        config_.password = Env("DB_PASSWORD");
        EXPECT_FALSE(config_.host.empty()) << "DB_HOST is not set: run the integration tests through scripts/test";
        config_.name = "postgres";
        admin_ = std::make_unique<pg::Connection>(config_.ConnInfo());
        config_.name = "tt_it_" + NewUuid().substr(24);
        admin_->Exec("CREATE DATABASE " + config_.name);
        config_.pool_size = 4;
    }
    ~ScratchDatabase() {
        try {
            admin_->Exec("DROP DATABASE IF EXISTS " + config_.name + " WITH (FORCE)");
        } catch (const std::exception&) {
        }
    }
    const pg::DbConfig& Config() const { return config_; }

private:
    pg::DbConfig config_;
    std::unique_ptr<pg::Connection> admin_;
};

ScratchDatabase& Db() {
    static ScratchDatabase db;
    return db;
}

// A pool on the scratch database with the delivery tables, emptied for each test.
std::unique_ptr<pg::Pool> FreshPool() {
    auto pool = std::make_unique<pg::Pool>(Db().Config());
    delivery::EnsureSchema(*pool);
    pool->InTransaction([](pg::Connection& conn) { conn.Exec("TRUNCATE outbox, processed_events"); });
    return pool;
}

delivery::RelayOptions FastRelay() {
    delivery::RelayOptions options;
    options.poll_interval = milliseconds(5);
    options.delivery_timeout = milliseconds(30000);
    return options;
}

// Collects what a consumer of `topics` receives.
struct Collector {
    Waiter waiter;
    std::vector<kafka::Message> messages;
    std::size_t Size() {
        std::lock_guard lock(waiter.Mutex());
        return messages.size();
    }
};

std::unique_ptr<kafka::Consumer> Collect(const std::vector<std::string>& topics, Collector& into) {
    auto consumer = std::make_unique<kafka::Consumer>(TestConfig(FreshGroup("collect")));
    consumer->Subscribe(topics, [&into](const kafka::Message& m) {
        std::lock_guard lock(into.waiter.Mutex());
        into.messages.push_back(m);
        into.waiter.Notify();
    });
    consumer->Start();
    return consumer;
}

std::string HeaderOf(const kafka::Message& m, std::string_view key) {
    for (const auto& h : m.headers) {
        if (h.key == key) return h.value;
    }
    return "";
}

// A table of counters and an append-only log, like video_stats + likes.
std::unique_ptr<pg::Pool> CounterPool() {
    auto pool = std::make_unique<pg::Pool>(Db().Config());
    pool->InTransaction([](pg::Connection& conn) {
        conn.Exec("CREATE TABLE IF NOT EXISTS gc_counters (id text PRIMARY KEY, n bigint NOT NULL)");
        conn.Exec("CREATE TABLE IF NOT EXISTS gc_log (seq bigserial PRIMARY KEY, id text NOT NULL, v bigint NOT NULL)");
        conn.Exec("TRUNCATE gc_counters, gc_log");
        conn.Exec("INSERT INTO gc_counters VALUES ('hot', 0), ('cold', 0)");
    });
    return pool;
}

TEST(GroupCommit, ConcurrentWritesOnAHotRowAreExactOrderedPerKeyAndShareTransactions) {
    auto pool = CounterPool();
    pg::GroupCommitOptions options;
    options.workers = 2;
    options.max_batch = 64;
    pg::GroupCommitter committer(*pool, options);
    constexpr int kThreads = 8;
    constexpr int kPerThread = 160;  // a multiple of 4: every 4th write is "cold"
    std::vector<std::thread> threads;
    std::vector<std::vector<std::int64_t>> seen(kThreads);
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < kPerThread; ++i) {
                std::string key = i % 4 == 0 ? "cold" : "hot";
                auto n = committer.Run(key, [&key](pg::Connection& conn) {
                    auto r = conn.Exec("UPDATE gc_counters SET n = n + 1 WHERE id = $1 RETURNING n", {key});
                    conn.Exec("INSERT INTO gc_log (id, v) VALUES ($1, $2)", {key, r.Text(0, 0)});
                    return r.Int(0, 0);
                });
                if (key == "hot") seen[t].push_back(n);
            }
        });
    }
    for (auto& thread : threads) thread.join();

    auto conn = pool->Acquire();
    auto counts = conn->Exec("SELECT id, n FROM gc_counters ORDER BY id");
    EXPECT_EQ(counts.Int(0, 1), kThreads * kPerThread / 4);      // cold
    EXPECT_EQ(counts.Int(1, 1), kThreads * kPerThread * 3 / 4);  // hot
    // Every returned value is distinct and each caller saw its own writes in increasing order.
    std::set<std::int64_t> all;
    for (const auto& values : seen) {
        EXPECT_TRUE(std::is_sorted(values.begin(), values.end()));
        all.insert(values.begin(), values.end());
    }
    EXPECT_EQ(all.size(), static_cast<std::size_t>(kThreads * kPerThread * 3 / 4));
    // The log of each key is in commit order: values 1, 2, 3, ... by seq.
    auto log = conn->Exec("SELECT v FROM gc_log WHERE id = 'hot' ORDER BY seq");
    for (int i = 0; i < log.Rows(); ++i) ASSERT_EQ(log.Int(i, 0), i + 1);
    // Writes really were batched.
    MetricsText metrics;
    committer.WriteMetrics(metrics, "test");
    auto text = metrics.Text();
    const std::string marker = "tt_group_commit_batches_total{name=\"test\"} ";
    auto at = text.find(marker);
    ASSERT_NE(at, std::string::npos) << text;
    EXPECT_LT(std::stod(text.substr(at + marker.size())), kThreads * kPerThread);
}

TEST(GroupCommit, AFailingWriteFailsAloneAndAPassedDeadlineIsRefusedUnmade) {
    auto pool = CounterPool();
    pg::GroupCommitter committer(*pool, pg::GroupCommitOptions{1, 64, milliseconds(200)});
    std::atomic<int> ok{0};
    std::atomic<int> failed{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < 40; ++i) {
                bool bad = t == 3 && i % 10 == 0;
                try {
                    committer.Run("hot", [bad](pg::Connection& conn) {
                        conn.Exec("UPDATE gc_counters SET n = n + 1 WHERE id = 'hot'");
                        if (bad) conn.Exec("SELECT 1/0");
                    });
                    ++ok;
                } catch (const Error&) {
                    ++failed;
                }
            }
        });
    }
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(failed.load(), 4);
    EXPECT_EQ(ok.load(), 8 * 40 - 4);
    {
        auto conn = pool->Acquire();
        EXPECT_EQ(conn->Exec("SELECT n FROM gc_counters WHERE id = 'hot'").Int(0, 0), ok.load());
    }

    DeadlineScope almost_over(std::chrono::system_clock::now() + milliseconds(50));
    try {
        committer.Run("hot", [](pg::Connection& conn) { conn.Exec("UPDATE gc_counters SET n = n + 1000"); });
        ADD_FAILURE() << "a write with 50 ms left should be refused";
    } catch (const Error& e) {
        EXPECT_EQ(e.Code(), ErrorCode::kDeadlineExceeded);
    }
    auto conn = pool->Acquire();
    EXPECT_EQ(conn->Exec("SELECT n FROM gc_counters WHERE id = 'hot'").Int(0, 0), ok.load());
}

TEST(Outbox, CommittedEventsArePublishedOnceInOrderPerKeyAndRolledBackOnesNever) {
    auto topic = FreshTopic("outbox");
    auto pool = FreshPool();
    std::map<std::string, std::string> ids;  // payload -> event id
    for (int i = 0; i < 60; ++i) {
        std::string payload = "k" + std::to_string(i % 3) + ":" + std::to_string(i);
        std::string id = NewUuid();
        ids[payload] = id;
        pool->InTransaction([&](pg::Connection& conn) {
            delivery::Enqueue(conn, {id, topic, "k" + std::to_string(i % 3), payload, {{"requestId", "r"}}});
        });
    }
    EXPECT_THROW(pool->InTransaction([&](pg::Connection& conn) {
        delivery::Enqueue(conn, {NewUuid(), topic, "k0", "rolled-back", {}});
        throw Error(ErrorCode::kInternal, "the change failed after the enqueue");
    }),
                 Error);
    {
        auto conn = pool->Acquire();
        EXPECT_EQ(delivery::ReadLag(*conn).unsent, 60);
    }

    Collector got;
    auto consumer = Collect({topic}, got);
    delivery::Relay relay(Db().Config(), TestConfig(""), FastRelay());
    relay.Start();
    ASSERT_TRUE(got.waiter.WaitFor(seconds(60), [&] { return got.messages.size() >= 60; }));
    std::this_thread::sleep_for(milliseconds(500));  // nothing more may arrive
    relay.Stop();
    consumer->Stop();

    ASSERT_EQ(got.messages.size(), 60u);
    std::map<std::string, int> last_of_key;
    for (const auto& m : got.messages) {
        ASSERT_TRUE(ids.count(m.payload)) << m.payload;
        EXPECT_EQ(HeaderOf(m, "eventId"), ids[m.payload]);
        EXPECT_EQ(HeaderOf(m, "requestId"), "r");
        int n = std::stoi(m.payload.substr(3));
        EXPECT_GT(n, last_of_key.count(m.key) ? last_of_key[m.key] : -1) << "reordered within key " << m.key;
        last_of_key[m.key] = n;
    }
    auto conn = pool->Acquire();
    auto lag = delivery::ReadLag(*conn);
    EXPECT_EQ(lag.unsent, 0);
    EXPECT_EQ(lag.oldest_unsent_seconds, 0);
    EXPECT_EQ(relay.PublishedCount(), 60u);
}

TEST(Outbox, ATransactionsEventsAreWrittenAtItsCommitInOneStatementInEnqueueOrder) {
    auto pool = FreshPool();
    auto count = [&pool] { return pool->Acquire()->Exec("SELECT count(*) FROM outbox").Int(0, 0); };
    std::vector<std::string> ids;
    pool->InTransaction([&](pg::Connection& conn) {
        for (int i = 0; i < 5; ++i) {
            ids.push_back(NewUuid());
            delivery::Enqueue(conn, {ids.back(), "it.order", "k", "p\"" + std::to_string(i) + "\\", {}});
        }
        // Deferred: nothing is written before the commit.
        EXPECT_EQ(conn.Exec("SELECT count(*) FROM outbox").Int(0, 0), 0);
    });
    {
        auto conn = pool->Acquire();
        auto rows = conn->Exec("SELECT id::text, payload, headers::text FROM outbox ORDER BY seq");
        ASSERT_EQ(rows.Rows(), 5);
        for (int i = 0; i < 5; ++i) {
            EXPECT_EQ(rows.Text(i, 0), ids[static_cast<std::size_t>(i)]);
            EXPECT_EQ(rows.Text(i, 1), "p\"" + std::to_string(i) + "\\") << "payload bytes kept";
            EXPECT_NE(rows.Text(i, 2).find(ids[static_cast<std::size_t>(i)]), std::string::npos) << "eventId header";
        }
        // Outside a transaction the row is written at once.
        delivery::Enqueue(*conn, {NewUuid(), "it.order", "k", "alone", {}});
        EXPECT_FALSE(conn->InOpenTransaction());
    }
    EXPECT_EQ(count(), 6);

    // A plain COMMIT would drop the deferred rows: refused, and the transaction can still roll back.
    // A transaction ended any other way through Exec is reported, and Commit() then has nothing to
    // commit (it says so instead of answering success).
    {
        auto conn = pool->Acquire();
        conn->Begin();
        delivery::Enqueue(*conn, {NewUuid(), "it.order", "k", "refused", {}});
        EXPECT_THROW(conn->Exec("commit"), Error);
        conn->Rollback();
        conn->Begin();
        delivery::Enqueue(*conn, {NewUuid(), "it.order", "k", "ended by hand", {}});
        EXPECT_THROW(conn->Exec("ROLLBACK"), Error);
        EXPECT_THROW(conn->Commit(), Error);
        EXPECT_FALSE(conn->InOpenTransaction());
    }
    EXPECT_EQ(count(), 6);

    // A failing write at commit (here a duplicate id) rolls the whole transaction back.
    pool->InTransaction([](pg::Connection& conn) {
        conn.Exec("CREATE TABLE IF NOT EXISTS it_side (v text NOT NULL)");
        conn.Exec("TRUNCATE it_side");
    });
    EXPECT_THROW(pool->InTransaction([&](pg::Connection& conn) {
        conn.Exec("INSERT INTO it_side VALUES ('must not stay')");
        delivery::Enqueue(conn, {NewUuid(), "it.order", "k", "new", {}});
        delivery::Enqueue(conn, {ids[0], "it.order", "k", "duplicate id", {}});
    }),
                 Error);
    auto conn = pool->Acquire();
    EXPECT_FALSE(conn->InOpenTransaction());
    EXPECT_EQ(conn->Exec("SELECT count(*) FROM it_side").Int(0, 0), 0);
    EXPECT_EQ(conn->Exec("SELECT count(*) FROM outbox").Int(0, 0), 6);

    // In a group-committed batch, an operation whose outbox row fails at commit fails alone.
    pg::GroupCommitter committer(*pool, pg::GroupCommitOptions{1, 64, milliseconds(200)});
    std::atomic<int> ok{0}, failed{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 6; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < 10; ++i) {
                std::string id = t == 2 && i == 5 ? ids[1] : NewUuid();  // one duplicate id
                try {
                    committer.Run("k", [&](pg::Connection& c) {
                        c.Exec("INSERT INTO it_side VALUES ($1)", {id});
                        delivery::Enqueue(c, {id, "it.order", "k", "batched", {}});
                    });
                    ++ok;
                } catch (const Error&) {
                    ++failed;
                }
            }
        });
    }
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(failed.load(), 1);
    EXPECT_EQ(ok.load(), 59);
    EXPECT_EQ(conn->Exec("SELECT count(*) FROM it_side").Int(0, 0), 59);
    EXPECT_EQ(conn->Exec("SELECT count(*) FROM outbox").Int(0, 0), 6 + 59);
}

TEST(Outbox, GroupCommittedWritesShareOneOutboxStatementAndKeepTheirOrderPerKey) {
    auto pool = FreshPool();
    pool->InTransaction([](pg::Connection& conn) {
        conn.Exec("CREATE TABLE IF NOT EXISTS it_keys (k text PRIMARY KEY, n bigint NOT NULL)");
        conn.Exec("TRUNCATE it_keys");
        conn.Exec("INSERT INTO it_keys VALUES ('a', 0), ('b', 0)");
    });
    pg::GroupCommitter committer(*pool, pg::GroupCommitOptions{2, 64, milliseconds(200)});
    constexpr int kThreads = 8, kEach = 25;
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            std::string key = t % 2 ? "a" : "b";
            for (int i = 0; i < kEach; ++i) {
                committer.Run(key, [&](pg::Connection& conn) {
                    // The counter row lock orders the writes of a key, as video_stats does for likes.
                    auto n = conn.Exec("UPDATE it_keys SET n = n + 1 WHERE k = $1 RETURNING n", {key}).Int(0, 0);
                    delivery::Enqueue(conn, {NewUuid(), "it.gc", key, std::to_string(n), {}});
                });
            }
        });
    }
    for (auto& thread : threads) thread.join();
    auto conn = pool->Acquire();
    auto rows = conn->Exec("SELECT key, payload FROM outbox ORDER BY seq");
    ASSERT_EQ(rows.Rows(), kThreads * kEach);
    std::map<std::string, long> last;
    for (int i = 0; i < rows.Rows(); ++i) {
        long n = std::stol(rows.Text(i, 1));
        EXPECT_EQ(n, last[rows.Text(i, 0)] + 1) << "outbox order of key " << rows.Text(i, 0) << " differs from its commits";
        last[rows.Text(i, 0)] = n;
    }
}

TEST(Outbox, ACommitWakesAnIdleRelayLongBeforeItsPollInterval) {
    auto topic = FreshTopic("outbox-wake");
    auto pool = FreshPool();
    Collector got;
    auto consumer = Collect({topic}, got);
    auto options = FastRelay();
    options.poll_interval = milliseconds(60000);  // would be a minute without the commit's NOTIFY
    delivery::Relay relay(Db().Config(), TestConfig(""), options);
    relay.Start();
    std::this_thread::sleep_for(milliseconds(1500));  // leader, listening, idle
    for (int i = 0; i < 3; ++i) {
        pool->InTransaction([&](pg::Connection& conn) {
            delivery::Enqueue(conn, {NewUuid(), topic, "k", "wake-" + std::to_string(i), {}});
        });
        ASSERT_TRUE(got.waiter.WaitFor(seconds(10), [&] { return got.messages.size() >= static_cast<std::size_t>(i + 1); }))
            << "event " << i << " was not published within 10 s of its commit";
    }
    relay.Stop();
    consumer->Stop();
    EXPECT_EQ(got.messages.size(), 3u);
}

TEST(Outbox, OneRelayPerDatabasePublishesTheOtherStandsBy) {
    auto pool = FreshPool();
    delivery::Relay first(Db().Config(), TestConfig(""), FastRelay());
    delivery::Relay second(Db().Config(), TestConfig(""), FastRelay());
    first.Start();
    second.Start();
    std::this_thread::sleep_for(seconds(2));
    EXPECT_EQ(first.IsLeader() + second.IsLeader(), 1);
    bool first_led = first.IsLeader();
    (first_led ? first : second).Stop();  // the leader goes away: the standby takes over
    auto& standby = first_led ? second : first;
    for (int i = 0; i < 40 && !standby.IsLeader(); ++i) std::this_thread::sleep_for(milliseconds(100));
    EXPECT_TRUE(standby.IsLeader());
}

kafka::Message EventMessage(const std::string& event_id) {
    kafka::Message m;
    m.topic = "it.inbox";
    m.headers = {{"eventId", event_id}};
    m.payload = "{}";
    return m;
}

TEST(Inbox, ARedeliveredEventChangesNothingAndAFailedOneIsNotRecorded) {
    auto pool = FreshPool();
    pool->InTransaction([](pg::Connection& conn) {
        conn.Exec("CREATE TABLE IF NOT EXISTS it_counter (n int NOT NULL)");
        conn.Exec("TRUNCATE it_counter");
        conn.Exec("INSERT INTO it_counter VALUES (0)");
    });
    auto increment = [](pg::Connection& conn) { conn.Exec("UPDATE it_counter SET n = n + 1"); };
    auto message = EventMessage(NewUuid());
    EXPECT_TRUE(delivery::ApplyOnce(*pool, "it", message, increment));
    EXPECT_FALSE(delivery::ApplyOnce(*pool, "it", message, increment));
    EXPECT_TRUE(delivery::ApplyOnce(*pool, "other-consumer", message, increment));  // names scope the ids

    auto failing = EventMessage(NewUuid());
    EXPECT_THROW(delivery::ApplyOnce(*pool, "it", failing,
                                     [&](pg::Connection& conn) {
                                         increment(conn);
                                         throw Error(ErrorCode::kUnavailable, "dependency down");
                                     }),
                 Error);
    EXPECT_TRUE(delivery::ApplyOnce(*pool, "it", failing, increment));  // the retry applies it

    auto conn = pool->Acquire();
    EXPECT_EQ(conn->Exec("SELECT n FROM it_counter").Int(0, 0), 3);
}

TEST(Inbox, ARunAppliesEachNewEventOnceInOneTransactionOrNothing) {
    auto pool = FreshPool();
    pool->InTransaction([](pg::Connection& conn) {
        conn.Exec("CREATE TABLE IF NOT EXISTS it_log (seq bigserial, payload text NOT NULL, txid bigint NOT NULL)");
        conn.Exec("TRUNCATE it_log");
    });
    std::map<std::string, delivery::Apply> by_topic;
    by_topic["it.inbox"] = [](pg::Connection& conn, const kafka::Message& m) {
        if (m.payload == "fail") throw Error(ErrorCode::kUnavailable, "dependency down");
        conn.Exec("INSERT INTO it_log (payload, txid) VALUES ($1, txid_current())", {m.payload});
    };
    auto run = delivery::ExactlyOnceRun(*pool, "it-run", by_topic);
    auto with_payload = [](kafka::Message m, std::string payload) {
        m.payload = std::move(payload);
        return m;
    };
    auto seen = EventMessage(NewUuid());
    delivery::ApplyOnce(*pool, "it-run", with_payload(seen, "seen"), [](pg::Connection&) {});
    auto a = with_payload(EventMessage(NewUuid()), "a");
    auto b = with_payload(EventMessage(NewUuid()), "b");
    auto a_upper = a;  // the same eventId in upper case
    for (auto& h : a_upper.headers) std::transform(h.value.begin(), h.value.end(), h.value.begin(), ::toupper);
    run({a, with_payload(seen, "seen again"), b, a, with_payload(a_upper, "a in upper case")});
    // a twice in one run (once in upper case), `seen` processed before: a and b applied once each
    run({with_payload(a_upper, "a in upper case, alone")});  // recorded before: not applied again

    // A failing message undoes the whole run, including the events before it.
    auto c = with_payload(EventMessage(NewUuid()), "c");
    auto failing = with_payload(EventMessage(NewUuid()), "fail");
    EXPECT_THROW(run({c, failing}), Error);
    // An event without an id or of a topic without an entry fails the run before it starts.
    auto no_id = with_payload(EventMessage(NewUuid()), "no id");
    no_id.headers.clear();
    EXPECT_THROW(run({c, no_id}), kafka::PermanentError);
    auto other = c;
    other.topic = "it.elsewhere";
    EXPECT_THROW(run({c, other}), kafka::PermanentError);
    run({c});

    auto conn = pool->Acquire();
    auto rows = conn->Exec("SELECT payload, txid FROM it_log ORDER BY seq");
    ASSERT_EQ(rows.Rows(), 3);
    EXPECT_EQ(rows.Text(0, 0), "a");
    EXPECT_EQ(rows.Text(1, 0), "b");
    EXPECT_EQ(rows.Text(2, 0), "c");
    EXPECT_EQ(rows.Text(0, 1), rows.Text(1, 1)) << "a run is one transaction";
}

kafka::Config DeadLetterConfig(const std::string& group) {
    auto config = TestConfig(group);
    config.max_attempts = 3;
    return config;
}

TEST(DeadLetters, PoisonAndExhaustedMessagesGoToTheDlqAndThePartitionMovesOn) {
    auto topic = FreshTopic("dlq", 1);
    kafka::EnsureTopics(TestConfig("admin"), {kafka::DeadLetterTopic(topic)}, 1, 1, milliseconds(30000));
    kafka::Producer producer(TestConfig(""));
    producer.Publish(topic, "k", "poison", {{"eventId", "e-poison"}});
    producer.Publish(topic, "k", "flaky", {{"eventId", "e-flaky"}});
    producer.Publish(topic, "k", "outage");
    producer.Publish(topic, "k", "good");

    Waiter waiter;
    std::vector<std::string> handled;
    std::map<std::string, int> attempts;
    kafka::Consumer consumer(DeadLetterConfig(FreshGroup("dlq")));
    consumer.SetDeadLetterProducer(producer);
    consumer.Subscribe({topic}, [&](const kafka::Message& m) {
        std::lock_guard lock(waiter.Mutex());
        int attempt = ++attempts[m.payload];
        if (m.payload == "poison") throw kafka::PermanentError("cannot decode");
        if (m.payload == "flaky") throw std::runtime_error("handler bug");
        // An outage is retried past max_attempts and never dead-lettered.
        if (m.payload == "outage" && attempt <= 5) throw Error(ErrorCode::kUnavailable, "database down");
        handled.push_back(m.payload);
        waiter.Notify();
    });
    consumer.Start();
    ASSERT_TRUE(waiter.WaitFor(seconds(60), [&] { return handled.size() >= 2; }));
    consumer.Stop();
    EXPECT_EQ(handled, (std::vector<std::string>{"outage", "good"}));
    EXPECT_EQ(attempts["poison"], 1);
    EXPECT_EQ(attempts["flaky"], 3);
    EXPECT_EQ(attempts["outage"], 6);
    EXPECT_EQ(consumer.DeadLetterCount(), 2u);

    kafka::DeadLetterQueue queue(TestConfig(""), kafka::DeadLetterTopic(topic));
    auto letters = queue.ReadAll(milliseconds(30000));
    ASSERT_EQ(letters.size(), 2u);
    EXPECT_EQ(letters[0].payload, "poison");
    EXPECT_EQ(HeaderOf(letters[0], "eventId"), "e-poison");
    EXPECT_EQ(HeaderOf(letters[0], kafka::kDlqError), "cannot decode");
    EXPECT_EQ(HeaderOf(letters[0], kafka::kDlqTopic), topic);
    EXPECT_EQ(HeaderOf(letters[0], kafka::kDlqOffset), "0");
    EXPECT_EQ(letters[1].payload, "flaky");
    EXPECT_EQ(HeaderOf(letters[1], kafka::kDlqAttempts), "3");
    EXPECT_EQ(HeaderOf(letters[1], kafka::kDlqError), "handler bug");
    EXPECT_FALSE(queue.IsRedriven(letters[0]));
}

TEST(DeadLetters, RedriveRepublishesEachLetterOnceToItsOriginalTopic) {
    auto topic = FreshTopic("redrive", 1);
    auto dlq = kafka::DeadLetterTopic(topic);
    kafka::EnsureTopics(TestConfig("admin"), {dlq}, 1, 1, milliseconds(30000));
    kafka::Producer producer(TestConfig(""));
    kafka::Message original;
    original.topic = topic;
    original.key = "video-1";
    original.payload = "fixed-later";
    original.headers = {{"eventId", "e-1"}};
    producer.Publish(dlq, original.key, original.payload,
                     kafka::DeadLetterHeaders(original, "bug", "g", 3, "2026-01-01T00:00:00Z"));

    kafka::DeadLetterQueue queue(TestConfig(""), dlq);
    EXPECT_EQ(queue.Redrive(producer, milliseconds(30000)), 1);
    EXPECT_EQ(queue.Redrive(producer, milliseconds(30000)), 0);  // remembered
    auto letters = queue.ReadAll(milliseconds(30000));
    ASSERT_EQ(letters.size(), 1u);
    EXPECT_TRUE(queue.IsRedriven(letters[0]));

    Collector got;
    auto consumer = Collect({topic}, got);
    ASSERT_TRUE(got.waiter.WaitFor(seconds(30), [&] { return !got.messages.empty(); }));
    std::this_thread::sleep_for(milliseconds(500));
    consumer->Stop();
    ASSERT_EQ(got.Size(), 1u);
    EXPECT_EQ(got.messages[0].key, "video-1");
    EXPECT_EQ(got.messages[0].payload, "fixed-later");
    EXPECT_EQ(HeaderOf(got.messages[0], "eventId"), "e-1");
    EXPECT_EQ(HeaderOf(got.messages[0], kafka::kDlqError), "");
}

}  // namespace
}  // namespace tt::it
