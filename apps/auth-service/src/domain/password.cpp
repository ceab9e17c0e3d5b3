#include "domain/password.hpp"

#include <sodium.h>

#include "tt/core/error.hpp"

namespace auth::domain {

std::string HashPassword(const std::string& password) {
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str_alg(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                              crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0) {
        throw tt::Error(tt::ErrorCode::kUnavailable, "password hashing ran out of memory, try again");
    }
    return out;
}

bool VerifyPassword(const std::string& password, const std::string& encoded_hash) {
    return crypto_pwhash_str_verify(encoded_hash.c_str(), password.data(), password.size()) == 0;
}

}  // namespace auth::domain
