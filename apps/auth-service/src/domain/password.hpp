#pragma once

#include <string>

namespace auth::domain {

// argon2id via libsodium's crypto_pwhash_str (salt and parameters inside the encoded string).
// Cost: libsodium's "interactive" limits (about 64 MiB and tens of milliseconds per hash).
std::string HashPassword(const std::string& password);
bool VerifyPassword(const std::string& password, const std::string& encoded_hash);

}  // namespace auth::domain
