#include "tt/jwt/jwt.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <array>
#include <memory>
#include <vector>

#include <nlohmann/json.hpp>

#include "tt/core/error.hpp"

namespace tt::jwt {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

// HMAC-SHA256 with the key's context prepared once per thread: OpenSSL 3's one-shot HMAC() looks up
// the algorithms in the provider store (under a lock) and keys a fresh context on every call. Here a
// call copies a keyed context instead. Holds the last few keys (access and refresh secrets).
class KeyedHmac {
public:
    explicit KeyedHmac(std::string_view key) : key_(key) {
        static EVP_MAC* mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
        if (mac == nullptr) throw Error(ErrorCode::kInternal, "OpenSSL has no HMAC");
        keyed_.reset(EVP_MAC_CTX_new(mac));
        char digest[] = "SHA256";
        OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string("digest", digest, 0), OSSL_PARAM_construct_end()};
        if (!keyed_ || EVP_MAC_init(keyed_.get(), reinterpret_cast<const unsigned char*>(key.data()), key.size(),
                                    params) != 1) {
            throw Error(ErrorCode::kInternal, "cannot key an HMAC-SHA256 context");
        }
    }
    const std::string& Key() const { return key_; }

    std::string Sign(std::string_view data) const {
        std::unique_ptr<EVP_MAC_CTX, decltype(&EVP_MAC_CTX_free)> ctx(EVP_MAC_CTX_dup(keyed_.get()), &EVP_MAC_CTX_free);
        unsigned char out[EVP_MAX_MD_SIZE];
        std::size_t len = 0;
        if (!ctx || EVP_MAC_update(ctx.get(), reinterpret_cast<const unsigned char*>(data.data()), data.size()) != 1 ||
            EVP_MAC_final(ctx.get(), out, &len, sizeof out) != 1) {
            throw Error(ErrorCode::kInternal, "HMAC-SHA256 failed");
        }
        return std::string(reinterpret_cast<char*>(out), len);
    }

private:
    std::string key_;
    std::unique_ptr<EVP_MAC_CTX, decltype(&EVP_MAC_CTX_free)> keyed_{nullptr, &EVP_MAC_CTX_free};
};

std::string HmacSha256(std::string_view key, std::string_view data) {
    constexpr std::size_t kKeys = 4;
    thread_local std::vector<std::unique_ptr<KeyedHmac>> keys;
    for (const auto& k : keys) {
        if (k->Key() == key) return k->Sign(data);
    }
    if (keys.size() == kKeys) keys.erase(keys.begin());
    keys.push_back(std::make_unique<KeyedHmac>(key));
    return keys.back()->Sign(data);
}

Error Invalid() {
    return Error(ErrorCode::kUnauthenticated, "Invalid token");
}

}  // namespace

std::string Base64UrlEncode(std::string_view data) {
    std::string out;
    out.reserve((data.size() * 4 + 2) / 3);
    std::uint32_t buffer = 0;
    int bits = 0;
    for (unsigned char c : data) {
        buffer = (buffer << 8) | c;
        bits += 8;
        while (bits >= 6) {
            bits -= 6;
            out.push_back(kAlphabet[(buffer >> bits) & 0x3F]);
        }
    }
    if (bits > 0) out.push_back(kAlphabet[(buffer << (6 - bits)) & 0x3F]);
    return out;
}

namespace {

// Value of each base64url character, -1 outside the alphabet.
constexpr std::array<std::int8_t, 256> DecodeTable() {
    std::array<std::int8_t, 256> table{};
    for (auto& v : table) v = -1;
    for (int i = 0; i < 64; ++i) table[static_cast<unsigned char>(kAlphabet[i])] = static_cast<std::int8_t>(i);
    return table;
}
constexpr auto kDecode = DecodeTable();

}  // namespace

std::string Base64UrlDecode(std::string_view text) {
    std::string out;
    out.reserve(text.size() * 3 / 4 + 1);
    std::uint32_t buffer = 0;
    int bits = 0;
    for (char c : text) {
        int v = kDecode[static_cast<unsigned char>(c)];
        if (v < 0) throw Invalid();
        buffer = (buffer << 6) | static_cast<std::uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<char>((buffer >> bits) & 0xFF));
        }
    }
    return out;
}

namespace {

const std::string& StandardHeader() {
    static const std::string header = Base64UrlEncode(R"({"alg":"HS256","typ":"JWT"})");
    return header;
}

// HS256 only. Our own tokens carry the standard header: no decoding for them.
bool AcceptedHeader(std::string_view encoded) {
    if (encoded == StandardHeader()) return true;
    auto header = nlohmann::json::parse(Base64UrlDecode(encoded), nullptr, false);
    if (header.is_discarded() || !header.is_object()) return false;
    auto alg = header.find("alg");
    return alg != header.end() && alg->is_string() && alg->get<std::string>() == "HS256";
}

}  // namespace

std::string Sign(const Claims& claims, const std::string& secret) {
    const std::string& header = StandardHeader();
    nlohmann::json payload = {{"sub", claims.sub},   {"email", claims.email}, {"username", claims.username},
                              {"type", claims.type}, {"iat", claims.iat},     {"exp", claims.exp},
                              {"jti", claims.jti}};
    std::string signing_input = header + "." + Base64UrlEncode(payload.dump());
    return signing_input + "." + Base64UrlEncode(HmacSha256(secret, signing_input));
}

Claims Verify(const std::string& token, const std::string& secret, const std::string& expected_type, TimePoint now) {
    auto first = token.find('.');
    auto second = first == std::string::npos ? std::string::npos : token.find('.', first + 1);
    if (second == std::string::npos || token.find('.', second + 1) != std::string::npos) throw Invalid();
    std::string_view view(token);
    if (!AcceptedHeader(view.substr(0, first))) throw Invalid();

    std::string expected = HmacSha256(secret, view.substr(0, second));
    std::string actual = Base64UrlDecode(view.substr(second + 1));
    if (actual.size() != expected.size() || CRYPTO_memcmp(actual.data(), expected.data(), expected.size()) != 0) {
        throw Invalid();
    }
    auto payload = nlohmann::json::parse(Base64UrlDecode(view.substr(first + 1, second - first - 1)), nullptr, false);
    if (payload.is_discarded() || !payload.is_object()) throw Invalid();
    Claims claims;
    try {
        claims.sub = payload.at("sub").get<std::string>();
        claims.email = payload.value("email", "");
        claims.username = payload.value("username", "");
        claims.type = payload.value("type", "");
        claims.iat = payload.value("iat", std::int64_t{0});
        claims.exp = payload.at("exp").get<std::int64_t>();
        claims.jti = payload.value("jti", "");
    } catch (const nlohmann::json::exception&) {
        throw Invalid();
    }
    if (claims.type != expected_type || claims.sub.empty()) throw Invalid();
    auto now_s = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
    if (claims.exp <= now_s) throw Error(ErrorCode::kUnauthenticated, "Token expired");
    return claims;
}

}  // namespace tt::jwt
