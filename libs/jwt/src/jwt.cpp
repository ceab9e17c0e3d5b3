#include "tt/jwt/jwt.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <nlohmann/json.hpp>

#include "tt/core/error.hpp"

namespace tt::jwt {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string HmacSha256(std::string_view key, std::string_view data) {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
         data.size(), out, &len);
    return std::string(reinterpret_cast<char*>(out), len);
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

std::string Base64UrlDecode(std::string_view text) {
    std::string out;
    std::uint32_t buffer = 0;
    int bits = 0;
    for (char c : text) {
        int v;
        if (c >= 'A' && c <= 'Z')
            v = c - 'A';
        else if (c >= 'a' && c <= 'z')
            v = c - 'a' + 26;
        else if (c >= '0' && c <= '9')
            v = c - '0' + 52;
        else if (c == '-')
            v = 62;
        else if (c == '_')
            v = 63;
        else
            throw Invalid();
        buffer = (buffer << 6) | static_cast<std::uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<char>((buffer >> bits) & 0xFF));
        }
    }
    return out;
}

std::string Sign(const Claims& claims, const std::string& secret) {
    static const std::string header = Base64UrlEncode(R"({"alg":"HS256","typ":"JWT"})");
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
    auto header = nlohmann::json::parse(Base64UrlDecode(view.substr(0, first)), nullptr, false);
    if (header.is_discarded() || !header.is_object() || header.value("alg", "") != "HS256") throw Invalid();

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
