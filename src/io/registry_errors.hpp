// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <string_view>

#include "io/http.hpp"

// How registry refusals become berth::Error messages.
namespace berth::io {

// Returns "CODE (message); ..." from a registry error body
// ({"errors":[{"code":...,"message":...}]}), or a short printable excerpt of
// a body that is not one.
std::string describe_body(const std::string& body);

// Returns untrusted `text` safe to print: at most `max` characters, anything
// but printable ASCII replaced with '?'.
std::string printable(std::string_view text, std::size_t max = 100);

// Throws Error "<what>: <host> answered <status> <detail>". A 401 blames
// the username input when `anonymous`, else the password; a 403 blames the
// password (with ghcr.io's permissions hint).
[[noreturn]] void fail_response(const std::string& what, const std::string& host,
                                bool anonymous, const HttpResponse& response);

}  // namespace berth::io
