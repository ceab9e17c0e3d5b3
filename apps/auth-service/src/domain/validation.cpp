#include "domain/validation.hpp"

#include "tt/core/text.hpp"

#include <algorithm>
#include <cctype>

namespace auth::domain {

bool IsEmail(const std::string& text) {
    if (text.size() > 254) return false;
    auto at = text.find('@');
    if (at == std::string::npos || at == 0 || text.find('@', at + 1) != std::string::npos) return false;
    std::string domain = text.substr(at + 1);
    auto dot = domain.rfind('.');
    if (dot == std::string::npos || dot == 0 || dot + 2 > domain.size()) return false;
    return std::none_of(text.begin(), text.end(), [](unsigned char c) { return std::isspace(c) || c < 32; });
}

std::vector<std::string> ValidateRegistration(const Registration& r) {
    std::vector<std::string> problems;
    if (r.email.empty())
        problems.push_back("email should not be empty");
    else if (!IsEmail(r.email))
        problems.push_back("email must be an email");

    if (r.username.size() < 3) problems.push_back("username must be longer than or equal to 3 characters");
    if (r.username.size() > 20) problems.push_back("username must be shorter than or equal to 20 characters");
    if (!std::all_of(r.username.begin(), r.username.end(),
                     [](unsigned char c) { return std::isalnum(c) || c == '_'; })) {
        problems.push_back("Username can only contain letters, numbers, and underscores");
    }

    const std::string specials = "@$!%*?&";
    if (r.password.size() < 8) problems.push_back("password must be longer than or equal to 8 characters");
    if (r.password.size() > 50) problems.push_back("password must be shorter than or equal to 50 characters");
    bool lower = false, upper = false, digit = false, special = false, other = false;
    for (unsigned char c : r.password) {
        if (std::islower(c))
            lower = true;
        else if (std::isupper(c))
            upper = true;
        else if (std::isdigit(c))
            digit = true;
        else if (specials.find(static_cast<char>(c)) != std::string::npos)
            special = true;
        else
            other = true;
    }
    if (!(lower && upper && digit && special) || other) {
        problems.push_back("Password must contain uppercase, lowercase, number and special character");
    }
    if (tt::Utf8Length(r.full_name) > 100)
        problems.push_back("fullName must be shorter than or equal to 100 characters");
    return problems;
}

std::string ValidateProfile(const std::optional<std::string>& full_name, const std::optional<std::string>& bio,
                            const std::optional<std::string>& avatar) {
    std::string problems;
    auto add = [&problems](const char* p) { problems += (problems.empty() ? "" : "; ") + std::string(p); };
    if (full_name && tt::Utf8Length(*full_name) > 100) add("fullName must be shorter than or equal to 100 characters");
    if (bio && tt::Utf8Length(*bio) > 500) add("bio must be shorter than or equal to 500 characters");
    if (avatar && !avatar->empty()) {
        // A site-relative /path, or an absolute http(s) URL; "//host" would be another site.
        bool path = avatar->rfind("/", 0) == 0 && avatar->rfind("//", 0) != 0;
        bool url = avatar->rfind("https://", 0) == 0 || avatar->rfind("http://", 0) == 0 || path;
        if (!url || avatar->size() > 2048) add("avatar must be an http(s) URL or a /path of at most 2048 characters");
    }
    return problems;
}

std::string Trim(const std::string& text) {
    auto begin = text.find_first_not_of(" \t\r\n");
    if (begin == std::string::npos) return "";
    auto end = text.find_last_not_of(" \t\r\n");
    return text.substr(begin, end - begin + 1);
}

}  // namespace auth::domain
