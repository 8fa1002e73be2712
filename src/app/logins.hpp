// SPDX-License-Identifier: MIT
#pragma once

#include <vector>

#include "app/services.hpp"
#include "core/build_plan.hpp"
#include "core/inputs.hpp"
#include "core/metadata.hpp"

namespace berth::app {

// Returns the registries the build pulls from: the Dockerfile's images
// (core::dockerfile_pull_sources, with the build-args), the registry caches
// of cache-from and the docker-image:// build contexts. Says which images it
// cannot place (an ARG without a value). Reads the Dockerfile; throws nothing
// when it cannot (check_paths has said so already).
std::vector<std::string> pull_hosts(const core::Inputs& in, Services& s);

// Returns the logins of a build, in order: every registry it pushes to (when
// it pushes) or pulls from (on every event, pull requests included) that
// berth holds credentials for (RegistryAccess::login_credentials). The
// password input serves only the run's own registries (`registry`/`images`)
// and, a GitHub token, GitHub's; a registry pulled from without credentials
// is named in the log. Throws nothing.
std::vector<core::Login> build_logins(const core::Inputs& in, const core::Metadata& m,
                                      Services& s);
// The same, for builds that pull from the registries `pulled` (pull_hosts of
// each build of a run, such as a stack's images).
std::vector<core::Login> build_logins(const core::Inputs& in, const core::Metadata& m,
                                      const std::vector<std::string>& pulled, Services& s);

}  // namespace berth::app
