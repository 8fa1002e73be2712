// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <vector>

#include "core/build_mode.hpp"
#include "core/docker_args.hpp"
#include "core/inputs.hpp"
#include "core/metadata.hpp"
#include "core/plan.hpp"

namespace berth::core {

// One registry berth logs docker in to, into the run's private config.
struct Login {
  std::string host;      // "ghcr.io"
  std::string username;  // goes into argv: not a secret
  // Where the password comes from, which the plan shows and the executor
  // looks up (never the value): "password", "registry-auth line 2",
  // "the docker config's docker.io entry".
  std::string secret;
};

// Returns the registries berth logs in to, in order, once each: the ones it
// pushes to (`push_hosts`, when it pushes) and the ones the build pulls from
// (`pull_hosts`, on every event: pulling is reading), each when
// `has_credentials` says berth holds credentials for it. A pull request's run
// pushes nothing, yet logs in where its base images need it. Throws nothing.
std::vector<std::string> login_hosts(bool push, const std::vector<std::string>& push_hosts,
                                     const std::vector<std::string>& pull_hosts,
                                     const std::vector<std::string>& credentialed_hosts);

// What berth learned about the machine and the registries before planning a
// build (app/probe.hpp finds it out; tests write it down).
struct BuildFacts {
  std::string docker = "docker";        // the docker CLI
  DockerCapabilities caps;              // what its builder can do
  bool buildkit_requested = false;      // DOCKER_BUILDKIT asks the CLI for BuildKit
  std::string private_dir;              // the run's private directory, or the placeholder
  std::string run_id;                   // random per run, or the placeholder
  std::vector<Login> logins;               // registries docker logs in to, in order
  std::vector<std::string> existing_tags;  // tags the target repositories hold
  // Where buildx was found outside the directories a private --config
  // searches (the user's cli-plugins): named in the private config.json.
  std::vector<std::string> cli_plugin_dirs;
};

// Plans a build and push: logins (password on stdin), the build, then every
// other tag as a manifest PUT, pinned tags before moving ones. How it builds
// is core::choose_build's answer: with buildx one build that pushes one
// pinned tag per image itself (`--push --metadata-file`), or one build per
// platform pushed under platform tags and an index per image (k_index), on
// a private docker-container builder (created first, removed last) when the
// daemon's cannot export the cache; with the classic builder a bare build,
// then every label and tag in one step, then one `docker push` per image. Monotonic latest is decided here: floating tags
// below a higher release in `facts.existing_tags` are left out of the plan.
// Throws Errors (from choose_build) naming the inputs the builder cannot serve.
Plan plan_build(const Inputs& in, const Metadata& m, const BuildFacts& facts);

// The tags a run writes after monotonic latest: a release does not move
// latest, X or X.Y below a higher release among `existing_tags` (pushing
// v1.9.1 after v2.0.1 keeps latest on 2.0.1). Builds and merges alike.
struct KeptTags {
  std::vector<HeldBack> held_back;  // the floating tags left where they are
  std::vector<std::string> names;   // the run's tags without them, in order
};
KeptTags keep_monotonic(const Inputs& in, const Metadata& m,
                        const std::vector<std::string>& existing_tags);

// Returns the tag `docker push` sends for an image: the first tag that pins
// the build, else the first tag.
std::string pushed_tag(const std::vector<std::string>& tag_names);

}  // namespace berth::core
