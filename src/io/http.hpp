// SPDX-License-Identifier: MIT
#pragma once

#include <string>

// The HTTP layer over libcurl. http.cpp is the only file that includes curl.
namespace berth::io {

// Returns libcurl's version line ("libcurl/7.88.1 OpenSSL/3.0.11 zlib/1.2.13").
std::string http_library_version();

}  // namespace berth::io
