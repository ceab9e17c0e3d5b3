#include "options.hpp"

#include <charconv>
#include <cmath>
#include <functional>
#include <map>

namespace tt::bench {
namespace {

double ParseDouble(const std::string& name, const std::string& value, double min, double max) {
    double v = 0;
    std::size_t used = 0;
    try {
        v = std::stod(value, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used != value.size() || value.empty() || !std::isfinite(v) || v < min || v > max) {
        throw UsageError("--" + name + ": expected a number in [" + std::to_string(min) + ", " + std::to_string(max) +
                         "], got \"" + value + "\"");
    }
    return v;
}

std::uint64_t ParseUnsigned(const std::string& name, const std::string& value, std::uint64_t min, std::uint64_t max) {
    std::uint64_t v = 0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
    if (ec != std::errc() || end != value.data() + value.size() || value.empty() || v < min || v > max) {
        throw UsageError("--" + name + ": expected an integer in [" + std::to_string(min) + ", " + std::to_string(max) +
                         "], got \"" + value + "\"");
    }
    return v;
}

void ParseUrl(const std::string& url, Options& o) {
    const std::string scheme = "http://";
    if (url.rfind(scheme, 0) != 0) {
        throw UsageError("--url: only http://host[:port] is supported, got \"" + url + "\"");
    }
    std::string rest = url.substr(scheme.size());
    if (const auto slash = rest.find('/'); slash != std::string::npos) {
        if (rest.substr(slash) != "/") {
            throw UsageError("--url: give the server root without a path, got \"" + url + "\"");
        }
        rest.resize(slash);
    }
    std::string host = rest;
    std::string port = "80";
    if (const auto colon = rest.rfind(':'); colon != std::string::npos && rest.find(']', colon) == std::string::npos) {
        host = rest.substr(0, colon);
        port = std::to_string(ParseUnsigned("url port", rest.substr(colon + 1), 1, 65535));
    }
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
        host = host.substr(1, host.size() - 2);
    }
    if (host.empty()) {
        throw UsageError("--url: no host in \"" + url + "\"");
    }
    o.url = url;
    o.host = host;
    o.port = port;
}

}  // namespace

std::string HelpText() {
    std::string mix;
    for (const auto& w : kMixWeights) {
        mix += (mix.empty() ? "" : ", ") + std::string(OpName(w.op)) + " " + std::to_string(w.weight);
    }
    return "tt-loadgen: open-loop HTTP/1.1 load generator (latency from the intended send time)\n"
           "\n"
           "usage: tt-loadgen --url http://127.0.0.1:PORT --scenario NAME --rate R --duration S [--warmup S]\n"
           "                  [--connections C] [--threads T] [--setup setup.json] [--out result.json] [--seed N]\n"
           "                  [--zipf 1.1] [--timeout-ms 10000] [--label TEXT] [--pair-offset N]\n"
           "\n"
           "  --url          server root, http://host[:port]\n"
           "  --scenario     health | like | unlike | view | comment | feed | video | login | mixed\n"
           "  --rate         requests per second, on a fixed timeline (t_i = start + i/rate)\n"
           "  --duration     measured seconds\n"
           "  --warmup       seconds sent first at the same rate, not recorded (default 0)\n"
           "  --connections  keep-alive connections (default 64), spread over the threads\n"
           "  --threads      io threads (default 1)\n"
           "  --setup        setup.json: {\"password\",\"users\":[{id,username,token}],\"videos\":[{id,owner}]}\n"
           "                 (needed by every scenario except health and feed)\n"
           "  --out          write the JSON result here (default: stdout)\n"
           "  --seed         random seed (default 1)\n"
           "  --zipf         Zipf exponent of video popularity over the setup's video order (default 1.1)\n"
           "  --timeout-ms   per-request I/O timeout and end-of-run drain limit (default 10000)\n"
           "  --label        free text copied into the result\n"
           "  --pair-offset  like/unlike: skip the first N (user, video) pairs of the seed's sequence\n"
           "\n"
           "scenarios:\n"
           "  health   GET /health\n"
           "  like     POST /api/interactions/like, a new (user, video) pair per request (Zipf video, next\n"
           "           unused user of that video); stops with \"exhausted\" when every pair is used\n"
           "  unlike   POST /api/interactions/unlike, the same pair sequence as like (same seed/offset)\n"
           "  view     POST /api/interactions/view, anonymous, Zipf video\n"
           "  comment  POST /api/interactions/comment, random user, Zipf video\n"
           "  feed     GET /api/videos/feed?page=1&limit=20\n"
           "  video    GET /api/videos/<id>, Zipf video\n"
           "  login    POST /api/auth/login, users round-robin\n"
           "  mixed    per request, weights: " +
           mix +
           "\n"
           "           (like = toggle: random user x Zipf video; unlike when the generator has it liked)\n"
           "\n"
           "exit codes: 0 ran (even with HTTP errors), 1 could not connect at all, 2 usage error\n";
}

Options ParseOptions(const std::vector<std::string>& args) {
    Options o;
    bool have_url = false, have_scenario = false, have_rate = false, have_duration = false;
    const std::map<std::string, std::function<void(const std::string&)>> handlers{
        {"url", [&](const std::string& v) { ParseUrl(v, o), have_url = true; }},
        {"scenario", [&](const std::string& v) { o.scenario = ParseScenario(v), have_scenario = true; }},
        {"rate", [&](const std::string& v) { o.rate = ParseDouble("rate", v, 0.001, 1e7), have_rate = true; }},
        {"duration",
         [&](const std::string& v) { o.duration = ParseDouble("duration", v, 0.001, 1e6), have_duration = true; }},
        {"warmup", [&](const std::string& v) { o.warmup = ParseDouble("warmup", v, 0, 1e6); }},
        {"connections",
         [&](const std::string& v) { o.connections = static_cast<int>(ParseUnsigned("connections", v, 1, 100000)); }},
        {"threads", [&](const std::string& v) { o.threads = static_cast<int>(ParseUnsigned("threads", v, 1, 256)); }},
        {"setup", [&](const std::string& v) { o.setup_path = v; }},
        {"out", [&](const std::string& v) { o.out_path = v; }},
        {"seed", [&](const std::string& v) { o.seed = ParseUnsigned("seed", v, 0, UINT64_MAX); }},
        {"zipf", [&](const std::string& v) { o.zipf = ParseDouble("zipf", v, 0, 10); }},
        {"timeout-ms",
         [&](const std::string& v) { o.timeout_ms = static_cast<int>(ParseUnsigned("timeout-ms", v, 1, 3600000)); }},
        {"label", [&](const std::string& v) { o.label = v; }},
        {"pair-offset", [&](const std::string& v) { o.pair_offset = ParseUnsigned("pair-offset", v, 0, UINT64_MAX); }},
    };
    for (std::size_t i = 1; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg == "--help" || arg == "-h") {
            o.help = true;
            return o;
        }
        if (arg.rfind("--", 0) != 0) {
            throw UsageError("unexpected argument \"" + arg + "\" (options are --name value; see --help)");
        }
        std::string name = arg.substr(2);
        std::string value;
        if (const auto eq = name.find('='); eq != std::string::npos) {
            value = name.substr(eq + 1);
            name.resize(eq);
        } else {
            if (i + 1 >= args.size()) {
                throw UsageError("--" + name + " needs a value");
            }
            value = args[++i];
        }
        const auto it = handlers.find(name);
        if (it == handlers.end()) {
            throw UsageError("unknown option --" + name + " (see --help)");
        }
        it->second(value);
    }
    if (!have_url || !have_scenario || !have_rate || !have_duration) {
        throw UsageError("--url, --scenario, --rate and --duration are required (see --help)");
    }
    if (o.threads > o.connections) {
        throw UsageError("--threads (" + std::to_string(o.threads) + ") must not exceed --connections (" +
                         std::to_string(o.connections) + ")");
    }
    return o;
}

}  // namespace tt::bench
