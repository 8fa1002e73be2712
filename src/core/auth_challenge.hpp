// SPDX-License-Identifier: MIT
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace berth::core {

// One challenge of a WWW-Authenticate header (RFC 9110 §11.6.1).
struct Challenge {
  std::string scheme;                         // lowercased: "bearer", "basic"
  std::map<std::string, std::string> params;  // keys lowercased: realm, service, scope
};

// Parses every challenge in `header` (several may share one header, and
// quoted values may hold commas: scope="repository:a/b:pull,push"). Returns
// the challenges it could read; malformed trailing text is ignored.
std::vector<Challenge> parse_www_authenticate(std::string_view header);

// Returns the scope string for `repository` and `actions` ("pull,push"):
// "repository:owner/app:pull,push".
std::string repository_scope(std::string_view repository, std::string_view actions);

}  // namespace berth::core
