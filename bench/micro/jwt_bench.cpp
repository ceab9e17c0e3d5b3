// Verifying an access token, which the gateway does on every signed-in request.
//   build/bin/tt-microbench --benchmark_filter=Jwt
#include <benchmark/benchmark.h>

#include <string>

#include "tt/jwt/jwt.hpp"

namespace {

const std::string kSecret = "a-secret-of-the-usual-length-0123456789abcdef";

tt::jwt::Claims SomeClaims() {
    tt::jwt::Claims claims;
    claims.sub = "0b6f1d2e-3c4a-4b5c-8d9e-0f1a2b3c4d5e";
    claims.email = "someone@example.com";
    claims.username = "someone";
    claims.type = "access";
    claims.iat = 1'900'000'000;
    claims.exp = 1'900'003'600;
    claims.jti = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
    return claims;
}

void BM_JwtVerify(benchmark::State& state) {
    auto token = tt::jwt::Sign(SomeClaims(), kSecret);
    auto now = tt::TimePoint(std::chrono::seconds(1'900'000'100));
    for (auto _ : state) benchmark::DoNotOptimize(tt::jwt::Verify(token, kSecret, "access", now));
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_JwtVerify);

void BM_JwtSign(benchmark::State& state) {
    auto claims = SomeClaims();
    for (auto _ : state) benchmark::DoNotOptimize(tt::jwt::Sign(claims, kSecret));
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_JwtSign);

}  // namespace
