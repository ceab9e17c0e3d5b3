#include "tt/core/ids.hpp"

#include <sodium.h>

#include <array>
#include <cstdint>
#include <cstring>

namespace tt {
namespace {

// Random bytes for ids from a per-thread pool that libsodium refills 4 KiB at a time (256 ids; it
// reads 256 bytes per getrandom(2), so one call per 16 ids instead of one per id, and every HTTP
// request gets an id). The bytes are the same quality; each byte is handed out once. Processes here
// never fork without exec (posix_spawn only), so no child can hand out a copy of the pool.
void RandomBytes(std::uint8_t* out, std::size_t n) {
    thread_local std::array<std::uint8_t, 4096> pool;
    thread_local std::size_t used = pool.size();
    if (n > pool.size()) {
        randombytes_buf(out, n);
        return;
    }
    if (pool.size() - used < n) {
        randombytes_buf(pool.data(), pool.size());  // libsodium: thread-safe, initialises itself
        used = 0;
    }
    std::memcpy(out, pool.data() + used, n);
    used += n;
}

}  // namespace

std::string NewUuidV7(TimePoint now) {
    std::array<std::uint8_t, 16> b{};
    RandomBytes(b.data(), b.size());
    auto ms = static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count());
    for (int i = 0; i < 6; ++i) b[i] = static_cast<std::uint8_t>(ms >> (40 - 8 * i));
    b[6] = static_cast<std::uint8_t>((b[6] & 0x0F) | 0x70);  // version 7
    b[8] = static_cast<std::uint8_t>((b[8] & 0x3F) | 0x80);  // RFC 4122 variant
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(36);
    for (std::size_t i = 0; i < b.size(); ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
        out.push_back(kHex[b[i] >> 4]);
        out.push_back(kHex[b[i] & 0x0F]);
    }
    return out;
}

std::string NewUuid() {
    return NewUuidV7(SystemClock().Now());
}

bool IsUuid(std::string_view text) {
    if (text.size() != 36) return false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (c != '-') return false;
        } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
            return false;
        }
    }
    return true;
}

}  // namespace tt
