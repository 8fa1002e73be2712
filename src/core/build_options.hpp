// SPDX-License-Identifier: MIT
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/plan.hpp"

// The BuildKit inputs berth shares with docker/build-push-action (same names,
// same grammar), parsed once. Only `docker buildx build` serves them.
namespace berth::core {

// One build secret: its id and where its value comes from.
struct BuildSecret {
  enum class Source {
    k_value,  // `secrets`: id=value; the value stays in BuildOptions::secret_values
    k_file,   // `secret-files`: id=path
    k_env,    // `secret-envs`: id=VARIABLE of the step's environment
  };
  std::string id;
  Source source = Source::k_value;
  std::string from;  // the path or the variable's name; "" for k_value
  std::size_t line = 0;  // the line of its input that gives it (1-based)
};

struct BuildOptions {
  std::vector<BuildSecret> secrets;                  // secrets, secret-files, secret-envs
  std::map<std::string, std::string> secret_values;  // secret: `secrets` id -> value
  std::vector<std::string> ssh;                      // "default", "id=path[,path]"
  std::vector<std::string> build_contexts;           // name=value
  bool no_cache = false;
  std::vector<std::string> no_cache_filters;         // stage names
  bool pull = false;
  std::string network;                               // "" = the builder's default
  std::vector<std::string> add_hosts;                // host:ip (host=ip is stored so)
  std::string shm_size;                              // "2g"
  std::vector<std::string> ulimits;                  // type=soft[:hard]
  std::string provenance;                            // "" = off; "true", "false" or attrs
  std::string sbom;                                  // "" = off; "true", "false" or attrs
  std::vector<std::string> annotations;              // [manifest:|index:...]key=value
  std::string builder;                               // "" = the current builder
};

}  // namespace berth::core

namespace berth::core {

// Returns the `docker buildx build` flags of `options`, without --builder
// (the plan chooses the builder). A `secrets` value never appears: secret
// number i of `secret_vars` is read from its variable (--secret id=ID,env=VAR).
// Always holds --provenance: =false unless the `provenance` input says
// otherwise (so build_argv must not add its own).
std::vector<std::string> buildkit_flags(const BuildOptions& options);

// Returns the flags of `options` that the classic `docker build` takes too
// (network, add-hosts, shm-size, ulimit, no-cache, pull).
std::vector<std::string> classic_flags(const BuildOptions& options);

// Returns the variables that carry the `secrets` values, in flag order.
std::vector<SecretVar> secret_vars(const BuildOptions& options);

// Returns the name of the variable that carries `secrets` value number
// `index`: BERTH_SECRET_0, ...
std::string secret_variable(std::size_t index);

// Returns the inputs set in `options` that only BuildKit serves, by name
// (provenance and sbom count when set to anything but false).
std::vector<std::string> buildkit_only_inputs(const BuildOptions& options);

}  // namespace berth::core
