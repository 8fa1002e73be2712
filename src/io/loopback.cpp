// SPDX-License-Identifier: MIT
#include "io/loopback.hpp"

#include <arpa/inet.h>
#include <netdb.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstring>

#include "core/url.hpp"

namespace berth::io {

std::vector<std::string> resolve_addresses(const std::string& host) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* list = nullptr;
  std::vector<std::string> out;
  if (getaddrinfo(host.c_str(), nullptr, &hints, &list) != 0) {
    return out;
  }
  for (const addrinfo* a = list; a != nullptr; a = a->ai_next) {
    char text[INET6_ADDRSTRLEN] = {};
    const void* raw = a->ai_family == AF_INET
                          ? static_cast<const void*>(
                                &reinterpret_cast<const sockaddr_in*>(a->ai_addr)->sin_addr)
                          : static_cast<const void*>(
                                &reinterpret_cast<const sockaddr_in6*>(a->ai_addr)->sin6_addr);
    if ((a->ai_family == AF_INET || a->ai_family == AF_INET6) &&
        inet_ntop(a->ai_family, raw, text, sizeof text) != nullptr) {
      out.emplace_back(text);
    }
  }
  freeaddrinfo(list);
  return out;
}

bool is_loopback_address(std::string_view address) {
  const std::string text(address);
  in_addr v4{};
  if (inet_pton(AF_INET, text.c_str(), &v4) == 1) {
    return (ntohl(v4.s_addr) >> 24) == 127;
  }
  in6_addr v6{};
  if (inet_pton(AF_INET6, text.c_str(), &v6) != 1) {
    return false;
  }
  static const unsigned char k_mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  if (std::memcmp(v6.s6_addr, k_mapped, 12) == 0) {
    return v6.s6_addr[12] == 127;
  }
  return std::all_of(v6.s6_addr, v6.s6_addr + 15, [](unsigned char b) { return b == 0; }) &&
         v6.s6_addr[15] == 1;
}

bool is_loopback_host(std::string_view host, const Resolver& resolve) {
  const auto url = core::parse_authority(host);
  if (!url) {
    return false;
  }
  std::string name = url->host;
  if (name.front() == '[') {
    return is_loopback_address(name.substr(1, name.size() - 2));
  }
  if (name == "localhost") {
    return true;
  }
  in_addr v4{};
  if (inet_pton(AF_INET, name.c_str(), &v4) == 1) {
    return is_loopback_address(name);
  }
  const std::vector<std::string> addresses = resolve(name);
  return !addresses.empty() &&
         std::all_of(addresses.begin(), addresses.end(),
                     [](const std::string& a) { return is_loopback_address(a); });
}

}  // namespace berth::io
