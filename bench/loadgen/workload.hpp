#pragma once

// What tt-loadgen sends: the scenarios, the data they draw from (setup.json), the deterministic
// samplers (Zipf over video ranks, the like-pair sequence, the mixed-op weights) and the raw HTTP/1.1
// request bytes. No networking here, so all of it is unit-testable.

#include <array>
#include <cstdint>
#include <mutex>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace tt::bench {

// A bad command line, a missing or malformed setup file: reported to the user, exit code 2.
class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

enum class Op : std::uint8_t { kHealth, kLike, kUnlike, kView, kComment, kFeed, kVideo, kLogin };
inline constexpr std::size_t kOpCount = 8;
std::string_view OpName(Op op);

enum class Scenario : std::uint8_t { kHealth, kLike, kUnlike, kView, kComment, kFeed, kVideo, kLogin, kMixed };
// Throws UsageError naming the known scenarios.
Scenario ParseScenario(std::string_view name);
std::string_view ScenarioName(Scenario s);
bool ScenarioNeedsSetup(Scenario s);

// The `mixed` scenario: an op per request, drawn with these weights (percent). kLike stands for the
// like/unlike toggle.
struct MixWeight {
    Op op;
    int weight;
};
inline constexpr std::array<MixWeight, 6> kMixWeights{
    {{Op::kView, 55}, {Op::kVideo, 15}, {Op::kFeed, 10}, {Op::kLike, 10}, {Op::kComment, 5}, {Op::kHealth, 5}}};
// Maps u in [0, 1) onto an op of kMixWeights.
Op PickMixedOp(double u);

struct SetupUser {
    std::string id;
    std::string username;
    std::string token;
};
struct SetupVideo {
    std::string id;
    std::string owner;
};
// setup.json as the orchestrator writes it: {"password":..,"users":[{id,username,token}],"videos":[{id,owner}]}.
struct Setup {
    std::string password;
    std::vector<SetupUser> users;
    std::vector<SetupVideo> videos;
};
// Throws UsageError naming the file and what is wrong with it.
Setup LoadSetup(const std::string& path);
Setup ParseSetup(std::string_view json_text, const std::string& source_name);

// Deterministic 64-bit generator (std::mt19937_64 is specified exactly by the standard) with a
// portable [0, 1) draw, so a seed gives the same sequence everywhere.
class Rng {
public:
    explicit Rng(std::uint64_t seed) : engine_(seed) {}
    double Uniform01() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }
    std::uint64_t Below(std::uint64_t n) { return static_cast<std::uint64_t>(Uniform01() * static_cast<double>(n)); }

private:
    std::mt19937_64 engine_;
};

// Zipf over ranks 0..n-1: P(rank k) proportional to 1 / (k + 1)^exponent. Rank 0 is the most popular.
class ZipfSampler {
public:
    ZipfSampler(std::size_t n, double exponent);
    std::size_t Sample(Rng& rng) const;
    std::size_t Size() const { return cdf_.size(); }

private:
    std::vector<double> cdf_;
};

// The sequence of fresh (user, video) like pairs: the video by Zipf over the videos' list order, the
// user the next one not yet used for that video (a per-video cursor over the users list); a video
// with no users left falls to the next rank (wrapping). Deterministic from the seed.
class LikePairSequence {
public:
    struct Pair {
        std::size_t user;
        std::size_t video;
    };
    LikePairSequence(std::size_t users, std::size_t videos, double zipf_exponent, std::uint64_t seed);
    // nullopt once every pair has been handed out.
    std::optional<Pair> Next();
    // Drops the next n pairs; returns how many there were.
    std::uint64_t Skip(std::uint64_t n);
    std::uint64_t Remaining() const { return remaining_; }

private:
    std::size_t FindOpen(std::size_t rank);

    std::size_t users_;
    ZipfSampler zipf_;
    Rng rng_;
    std::vector<std::size_t> cursor_;     // next user per video
    std::vector<std::size_t> next_open_;  // union-find: the first video at or after this rank with users left
    std::uint64_t remaining_;
};

// One request as the connections send it.
struct Request {
    std::string bytes;  // a complete HTTP/1.1 request
    Op op = Op::kHealth;
    std::uint64_t pair_key = 0;  // mixed like/unlike: the toggled (user, video) pair
    bool toggles = false;        // mixed like/unlike: Complete() must be called
};

struct WorkloadOptions {
    std::string host;  // Host header value, e.g. "127.0.0.1:8080"
    std::uint64_t seed = 1;
    double zipf = 1.1;
    std::uint64_t pair_offset = 0;
};

// Produces the requests of a scenario. Thread-safe: the dispatchers of all io threads share one.
class Workload {
public:
    // Throws UsageError when the scenario needs setup data that is missing or too small.
    Workload(Scenario scenario, std::optional<Setup> setup, WorkloadOptions options);

    // Fills `out` with the next request; false when the scenario has none left (like/unlike: every
    // pair used).
    bool Next(Request& out);
    // Mixed like/unlike: the outcome of a request with `toggles` set. ok = a 2xx arrived, so the
    // server state flipped; otherwise the pair's state is unknown and the pair is never used again.
    void Complete(const Request& request, bool ok);

    Scenario GetScenario() const { return scenario_; }
    // Like/unlike: how many pairs --pair-offset actually skipped.
    std::uint64_t PairsSkipped() const { return pairs_skipped_; }

private:
    void Build(Op op, Request& out);
    void Get(std::string_view path, Request& out) const;
    void Post(std::string_view path, const std::string* token, std::string_view body, Request& out) const;
    bool NextMixedToggle(Request& out);

    Scenario scenario_;
    Setup setup_;
    WorkloadOptions options_;
    std::vector<std::string> video_json_;     // JSON string literals of the video ids
    std::vector<std::string> username_json_;  // and of the usernames
    std::string password_json_;

    std::mutex mutex_;
    Rng rng_;
    std::optional<ZipfSampler> zipf_;
    std::optional<LikePairSequence> pairs_;
    std::uint64_t pairs_skipped_ = 0;
    std::uint64_t counter_ = 0;
    std::unordered_set<std::uint64_t> liked_;      // mixed: pairs the generator believes liked
    std::unordered_set<std::uint64_t> in_flight_;  // mixed: toggles not completed yet
    std::unordered_set<std::uint64_t> unknown_;    // mixed: toggles that failed; state unknown
};

}  // namespace tt::bench
