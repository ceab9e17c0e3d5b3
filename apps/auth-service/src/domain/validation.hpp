#pragma once

#include <optional>
#include <string>
#include <vector>

namespace auth::domain {

struct Registration {
    std::string email;
    std::string username;
    std::string password;
    std::string full_name;  // optional, may be empty
};

// The original's RegisterDto rules (class-validator), enforced fully: email shape; username 3-20 of
// [A-Za-z0-9_]; password 8-50 with lower, upper, digit and one of @$!%*?& and only those characters;
// fullName at most 100. Returns every violated rule's message, empty when valid.
std::vector<std::string> ValidateRegistration(const Registration& registration);

bool IsEmail(const std::string& text);

// Profile edits: fullName ≤100, bio ≤500, avatar an http(s) URL or a /path of at most 2048
// characters. Each is checked only when given; an empty value clears the field. Returns the
// problems joined with "; ", empty when valid.
std::string ValidateProfile(const std::optional<std::string>& full_name, const std::optional<std::string>& bio,
                            const std::optional<std::string>& avatar);

std::string Trim(const std::string& text);

}  // namespace auth::domain
