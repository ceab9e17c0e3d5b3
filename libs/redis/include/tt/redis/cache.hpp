#pragma once

#include <atomic>
#include <chrono>
#include <optional>
#include <string>

#include "tt/redis/client.hpp"

namespace tt::redis {

// A read-through cache in Redis that never serves data older than the last invalidation, even when
// a reader races a writer. Each key has a generation counter (`<ns>:<key>:gen`); values live under
// `<ns>:<key>:gen:<generation>:<variant>` (the pages of one list share its generation). Readers fetch the generation
// and the value in one round trip (a Lua script) and store what they loaded under the generation they saw; writers bump
// the generation after their commit, so a racing reader's late store lands under a generation nobody reads. PostgreSQL
// stays the truth: every Redis failure is a miss (and Redis is skipped for a few seconds after one, so an outage costs
// no timeouts per request).
class GenerationalCache {
public:
    GenerationalCache(Client& client, std::string ns, std::chrono::seconds ttl);

    struct Lookup {
        std::optional<std::string> value;  // the cached bytes on a hit
        std::string generation;            // pass to Put after loading; empty = do not store
    };
    Lookup Get(const std::string& key, const std::string& variant = "");
    void Put(const std::string& key, const std::string& variant, const std::string& generation,
             const std::string& value);
    // Call after the change committed. Returns false when Redis is unreachable (the entry then ages
    // out with its TTL).
    bool Invalidate(const std::string& key);

    std::uint64_t Hits() const { return hits_; }
    std::uint64_t Misses() const { return misses_; }

private:
    bool Skipping() const;
    void Failed(const char* what, const std::exception& e);

    Client& client_;
    std::string ns_;
    std::chrono::seconds ttl_;
    std::atomic<std::int64_t> skip_until_ms_{0};
    std::atomic<std::uint64_t> hits_{0};
    std::atomic<std::uint64_t> misses_{0};
};

}  // namespace tt::redis
