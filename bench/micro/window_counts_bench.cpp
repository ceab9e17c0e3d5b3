// The gateway's rate-limit sync (WindowCounts::Sync, every RATE_LIMIT_SYNC_MS while there is
// traffic) with many callers counted in the window and only a few hit since the last sync.
//   build/bin/tt-microbench --benchmark_filter=WindowCounts
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "api/window_counts.hpp"

namespace {

using gateway::api::WindowCounts;

std::vector<std::int64_t> Totals(const std::vector<std::pair<std::string, std::int64_t>>& adds) {
    return std::vector<std::int64_t>(adds.size(), 1);
}

// state.range(0) callers already counted (and synced) in the window; each iteration is one sync
// after 10 of them hit again.
void BM_WindowCountsSyncAmongCallers(benchmark::State& state) {
    const auto callers = static_cast<int>(state.range(0));
    WindowCounts counts;
    std::vector<std::string> keys;
    for (int i = 0; i < callers; ++i) keys.push_back("rl:write:user:" + std::to_string(i));
    for (const auto& key : keys) counts.Hit(key, 1);
    counts.Sync(Totals, 1);
    int next = 0;
    for (auto _ : state) {
        for (int i = 0; i < 10; ++i) counts.Hit(keys[static_cast<std::size_t>(next++ % callers)], 1);
        benchmark::DoNotOptimize(counts.Sync(Totals, 1));
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_WindowCountsSyncAmongCallers)->Arg(1000)->Arg(10000)->Arg(100000);

}  // namespace
