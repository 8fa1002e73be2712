// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <string_view>

namespace berth::io {

// Returns "sha256:<64 lowercase hex>" of `bytes`, the OCI digest of content.
// Throws Error when OpenSSL fails.
std::string sha256_digest(std::string_view bytes);

// Returns "<algorithm>:<lowercase hex>" of `bytes` for "sha256" or "sha512".
// Throws Error for any other algorithm.
std::string digest_of(std::string_view algorithm, std::string_view bytes);

}  // namespace berth::io
