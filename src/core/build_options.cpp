// SPDX-License-Identifier: MIT
#include "core/build_options.hpp"

// The inputs are not parsed yet: every option is at its default, and
// defaults add no flag.
namespace berth::core {

std::vector<std::string> buildkit_flags(const BuildOptions& /*options*/) { return {}; }

std::vector<std::string> classic_flags(const BuildOptions& /*options*/) { return {}; }

std::vector<SecretVar> secret_vars(const BuildOptions& /*options*/) { return {}; }

std::vector<std::string> buildkit_only_inputs(const BuildOptions& /*options*/) { return {}; }

}  // namespace berth::core
