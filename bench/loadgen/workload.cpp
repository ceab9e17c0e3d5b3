#include "workload.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

namespace tt::bench {
namespace {

constexpr std::array<std::string_view, kOpCount> kOpNames{"health",  "like", "unlike", "view",
                                                          "comment", "feed", "video",  "login"};
constexpr std::array<std::string_view, 9> kScenarioNames{"health", "like",  "unlike", "view", "comment",
                                                         "feed",   "video", "login",  "mixed"};

// How often the mixed toggle re-draws a pair that is in flight or unknown before sending a view.
constexpr int kToggleDraws = 16;

std::string JsonString(const std::string& s) {
    return nlohmann::json(s).dump();
}

std::string RequireString(const nlohmann::json& obj, const char* key, const std::string& where) {
    const auto it = obj.find(key);
    if (it == obj.end() || !it->is_string()) {
        throw UsageError(where + ": missing string field \"" + key + "\"");
    }
    return it->get<std::string>();
}

}  // namespace

std::string_view OpName(Op op) {
    return kOpNames[static_cast<std::size_t>(op)];
}

Scenario ParseScenario(std::string_view name) {
    for (std::size_t i = 0; i < kScenarioNames.size(); ++i) {
        if (kScenarioNames[i] == name) {
            return static_cast<Scenario>(i);
        }
    }
    std::string known;
    for (auto n : kScenarioNames) {
        known += known.empty() ? "" : ", ";
        known += n;
    }
    throw UsageError("unknown scenario \"" + std::string(name) + "\" (known: " + known + ")");
}

std::string_view ScenarioName(Scenario s) {
    return kScenarioNames[static_cast<std::size_t>(s)];
}

bool ScenarioNeedsSetup(Scenario s) {
    return s == Scenario::kLike || s == Scenario::kUnlike || s == Scenario::kView || s == Scenario::kComment ||
           s == Scenario::kVideo || s == Scenario::kLogin || s == Scenario::kMixed;
}

Op PickMixedOp(double u) {
    int total = 0;
    for (const auto& w : kMixWeights) {
        total += w.weight;
    }
    double acc = 0;
    for (const auto& w : kMixWeights) {
        acc += static_cast<double>(w.weight) / total;
        if (u < acc) {
            return w.op;
        }
    }
    return kMixWeights.back().op;
}

Setup ParseSetup(std::string_view json_text, const std::string& source_name) {
    nlohmann::json doc;
    try {
        doc = nlohmann::json::parse(json_text);
    } catch (const nlohmann::json::exception& e) {
        throw UsageError(source_name + ": not valid JSON (" + e.what() + ")");
    }
    if (!doc.is_object()) {
        throw UsageError(source_name + ": expected a JSON object with password, users and videos");
    }
    Setup setup;
    if (doc.contains("password") && doc["password"].is_string()) {
        setup.password = doc["password"].get<std::string>();
    }
    if (doc.contains("users") && doc["users"].is_array()) {
        for (const auto& u : doc["users"]) {
            const std::string where = source_name + ": users[" + std::to_string(setup.users.size()) + "]";
            setup.users.push_back(
                {RequireString(u, "id", where), RequireString(u, "username", where),
                 u.contains("token") && u["token"].is_string() ? u["token"].get<std::string>() : std::string()});
        }
    }
    if (doc.contains("videos") && doc["videos"].is_array()) {
        for (const auto& v : doc["videos"]) {
            const std::string where = source_name + ": videos[" + std::to_string(setup.videos.size()) + "]";
            setup.videos.push_back({RequireString(v, "id", where), v.contains("owner") && v["owner"].is_string()
                                                                       ? v["owner"].get<std::string>()
                                                                       : std::string()});
        }
    }
    return setup;
}

Setup LoadSetup(const std::string& path) {
    std::ifstream in(path);
    if (!in) {
        throw UsageError("cannot read setup file " + path + " (--setup; the orchestrator writes it)");
    }
    std::ostringstream text;
    text << in.rdbuf();
    return ParseSetup(text.str(), path);
}

ZipfSampler::ZipfSampler(std::size_t n, double exponent) : cdf_(n) {
    double sum = 0;
    for (std::size_t k = 0; k < n; ++k) {
        sum += 1.0 / std::pow(static_cast<double>(k + 1), exponent);
        cdf_[k] = sum;
    }
    for (auto& c : cdf_) {
        c /= sum;
    }
}

std::size_t ZipfSampler::Sample(Rng& rng) const {
    const double u = rng.Uniform01();
    const auto it = std::upper_bound(cdf_.begin(), cdf_.end(), u);
    return it == cdf_.end() ? cdf_.size() - 1 : static_cast<std::size_t>(it - cdf_.begin());
}

LikePairSequence::LikePairSequence(std::size_t users, std::size_t videos, double zipf_exponent, std::uint64_t seed)
    : users_(users),
      zipf_(videos, zipf_exponent),
      rng_(seed),
      cursor_(videos, 0),
      next_open_(videos + 1),
      remaining_(static_cast<std::uint64_t>(users) * videos) {
    for (std::size_t i = 0; i <= videos; ++i) {
        next_open_[i] = i;  // next_open_[videos] is the "past the end" sentinel
    }
}

std::size_t LikePairSequence::FindOpen(std::size_t rank) {
    std::size_t root = rank;
    while (next_open_[root] != root) {
        root = next_open_[root];
    }
    while (next_open_[rank] != root) {  // path compression
        const std::size_t up = next_open_[rank];
        next_open_[rank] = root;
        rank = up;
    }
    return root;
}

std::optional<LikePairSequence::Pair> LikePairSequence::Next() {
    if (remaining_ == 0) {
        return std::nullopt;
    }
    std::size_t video = FindOpen(zipf_.Sample(rng_));
    if (video == cursor_.size()) {
        video = FindOpen(0);  // wrap around to the most popular video with users left
    }
    const Pair pair{cursor_[video]++, video};
    if (cursor_[video] == users_) {
        next_open_[video] = video + 1;
    }
    --remaining_;
    return pair;
}

std::uint64_t LikePairSequence::Skip(std::uint64_t n) {
    std::uint64_t skipped = 0;
    while (skipped < n && Next()) {
        ++skipped;
    }
    return skipped;
}

Workload::Workload(Scenario scenario, std::optional<Setup> setup, WorkloadOptions options)
    : scenario_(scenario), options_(std::move(options)), rng_(options_.seed) {
    if (ScenarioNeedsSetup(scenario)) {
        if (!setup) {
            throw UsageError("scenario " + std::string(ScenarioName(scenario)) +
                             " needs --setup setup.json (users with tokens and videos)");
        }
        setup_ = std::move(*setup);
        const bool needs_videos = scenario != Scenario::kLogin;
        const bool needs_users = scenario != Scenario::kView && scenario != Scenario::kVideo;
        if (needs_videos && setup_.videos.empty()) {
            throw UsageError("scenario " + std::string(ScenarioName(scenario)) + ": the setup file has no videos");
        }
        if (needs_users && setup_.users.empty()) {
            throw UsageError("scenario " + std::string(ScenarioName(scenario)) + ": the setup file has no users");
        }
        const bool needs_tokens = scenario == Scenario::kLike || scenario == Scenario::kUnlike ||
                                  scenario == Scenario::kComment || scenario == Scenario::kMixed;
        if (needs_tokens) {
            for (const auto& u : setup_.users) {
                if (u.token.empty()) {
                    throw UsageError("scenario " + std::string(ScenarioName(scenario)) + ": user " + u.username +
                                     " has no token in the setup file");
                }
            }
        }
        if (scenario == Scenario::kLogin && setup_.password.empty()) {
            throw UsageError("scenario login: the setup file has no password");
        }
    }
    for (const auto& v : setup_.videos) {
        video_json_.push_back(JsonString(v.id));
    }
    for (const auto& u : setup_.users) {
        username_json_.push_back(JsonString(u.username));
    }
    password_json_ = JsonString(setup_.password);
    if (!setup_.videos.empty()) {
        zipf_.emplace(setup_.videos.size(), options_.zipf);
    }
    if (scenario == Scenario::kLike || scenario == Scenario::kUnlike) {
        pairs_.emplace(setup_.users.size(), setup_.videos.size(), options_.zipf, options_.seed);
        pairs_skipped_ = pairs_->Skip(options_.pair_offset);
    }
}

void Workload::Get(std::string_view path, Request& out) const {
    out.bytes.clear();
    out.bytes.append("GET ").append(path).append(" HTTP/1.1\r\nHost: ").append(options_.host).append("\r\n\r\n");
}

void Workload::Post(std::string_view path, const std::string* token, std::string_view body, Request& out) const {
    out.bytes.clear();
    out.bytes.append("POST ").append(path).append(" HTTP/1.1\r\nHost: ").append(options_.host).append("\r\n");
    if (token != nullptr) {
        out.bytes.append("Authorization: Bearer ").append(*token).append("\r\n");
    }
    out.bytes.append("Content-Type: application/json\r\nContent-Length: ")
        .append(std::to_string(body.size()))
        .append("\r\n\r\n")
        .append(body);
}

void Workload::Build(Op op, Request& out) {
    out.op = op;
    out.toggles = false;
    switch (op) {
        case Op::kHealth:
            Get("/health", out);
            return;
        case Op::kFeed:
            Get("/api/videos/feed?page=1&limit=20", out);
            return;
        case Op::kVideo:
            Get("/api/videos/" + setup_.videos[zipf_->Sample(rng_)].id, out);
            return;
        case Op::kView:
            Post("/api/interactions/view", nullptr, "{\"videoId\":" + video_json_[zipf_->Sample(rng_)] + "}", out);
            return;
        case Op::kComment: {
            const auto user = rng_.Below(setup_.users.size());
            const auto video = zipf_->Sample(rng_);
            Post("/api/interactions/comment", &setup_.users[user].token,
                 "{\"videoId\":" + video_json_[video] + ",\"content\":\"bench comment " + std::to_string(counter_++) +
                     "\"}",
                 out);
            return;
        }
        case Op::kLogin: {
            const auto user = counter_++ % setup_.users.size();
            Post("/api/auth/login", nullptr,
                 "{\"username\":" + username_json_[user] + ",\"password\":" + password_json_ + "}", out);
            return;
        }
        case Op::kLike:
        case Op::kUnlike:
            break;  // built by the callers, which choose the pair
    }
}

bool Workload::NextMixedToggle(Request& out) {
    const std::size_t videos = setup_.videos.size();
    for (int draw = 0; draw < kToggleDraws; ++draw) {
        const auto user = rng_.Below(setup_.users.size());
        const auto video = zipf_->Sample(rng_);
        const std::uint64_t key = user * videos + video;
        if (in_flight_.contains(key) || unknown_.contains(key)) {
            continue;
        }
        in_flight_.insert(key);
        out.op = liked_.contains(key) ? Op::kUnlike : Op::kLike;
        out.pair_key = key;
        out.toggles = true;
        Post(out.op == Op::kLike ? "/api/interactions/like" : "/api/interactions/unlike", &setup_.users[user].token,
             "{\"videoId\":" + video_json_[video] + "}", out);
        return true;
    }
    return false;
}

bool Workload::Next(Request& out) {
    const std::lock_guard lock(mutex_);
    switch (scenario_) {
        case Scenario::kLike:
        case Scenario::kUnlike: {
            const auto pair = pairs_->Next();
            if (!pair) {
                return false;
            }
            out.op = scenario_ == Scenario::kLike ? Op::kLike : Op::kUnlike;
            out.toggles = false;
            Post(scenario_ == Scenario::kLike ? "/api/interactions/like" : "/api/interactions/unlike",
                 &setup_.users[pair->user].token, "{\"videoId\":" + video_json_[pair->video] + "}", out);
            return true;
        }
        case Scenario::kMixed: {
            const Op op = PickMixedOp(rng_.Uniform01());
            if (op == Op::kLike && NextMixedToggle(out)) {
                return true;
            }
            Build(op == Op::kLike ? Op::kView : op, out);
            return true;
        }
        case Scenario::kHealth:
            Build(Op::kHealth, out);
            return true;
        case Scenario::kView:
            Build(Op::kView, out);
            return true;
        case Scenario::kComment:
            Build(Op::kComment, out);
            return true;
        case Scenario::kFeed:
            Build(Op::kFeed, out);
            return true;
        case Scenario::kVideo:
            Build(Op::kVideo, out);
            return true;
        case Scenario::kLogin:
            Build(Op::kLogin, out);
            return true;
    }
    return false;
}

void Workload::Complete(const Request& request, bool ok) {
    if (!request.toggles) {
        return;
    }
    const std::lock_guard lock(mutex_);
    in_flight_.erase(request.pair_key);
    if (!ok) {
        unknown_.insert(request.pair_key);
    } else if (request.op == Op::kLike) {
        liked_.insert(request.pair_key);
    } else {
        liked_.erase(request.pair_key);
    }
}

}  // namespace tt::bench
