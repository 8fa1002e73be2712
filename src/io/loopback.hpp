// SPDX-License-Identifier: MIT
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

// Where plain HTTP is allowed: loopback hosts, decided on addresses, never on
// how a name is spelled ("127.registry.example" is not loopback).
namespace berth::io {

// Returns the numeric addresses `host` resolves to ("127.0.0.1", "::1").
using Resolver = std::function<std::vector<std::string>(const std::string& host)>;

// Returns the addresses getaddrinfo gives for `host`; none when it does not
// resolve.
std::vector<std::string> resolve_addresses(const std::string& host);

// Returns whether `address` (numeric IPv4 or IPv6, no brackets) is in
// 127.0.0.0/8, is ::1, or is an IPv4-mapped 127.0.0.0/8 address.
bool is_loopback_address(std::string_view address);

// Returns whether `host` ("name", "name:port", "[v6]:port") is loopback: an
// address literal that is, "localhost", or a name every resolved address of
// which is. Anything that is not a plain host[:port] is not.
bool is_loopback_host(std::string_view host, const Resolver& resolve = resolve_addresses);

}  // namespace berth::io
