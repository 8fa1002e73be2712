// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <string_view>

namespace berth::io {

// Returns "sha256:<64 lowercase hex>" of `bytes`, the OCI digest of content.
std::string sha256_digest(std::string_view bytes);

}  // namespace berth::io
