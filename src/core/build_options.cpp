// SPDX-License-Identifier: MIT
#include "core/build_options.hpp"

namespace berth::core {
namespace {

// Returns `field` as one CSV field of a buildx flag value: quoted (with ""
// for a quote) when it holds ',' or '"'.
std::string csv_field(const std::string& field) {
  if (field.find_first_of(",\"") == std::string::npos) {
    return field;
  }
  std::string out = "\"";
  for (const char c : field) {
    out += c;
    if (c == '"') {
      out += '"';
    }
  }
  return out + "\"";
}

void add_each(std::vector<std::string>& argv, const char* flag,
              const std::vector<std::string>& values) {
  for (const std::string& v : values) {
    argv.insert(argv.end(), {flag, v});
  }
}

// The flags both builders take, in buildx's order.
void add_common(std::vector<std::string>& argv, const BuildOptions& o) {
  if (o.no_cache) {
    argv.emplace_back("--no-cache");
  }
  if (o.pull) {
    argv.emplace_back("--pull");
  }
  if (!o.network.empty()) {
    argv.insert(argv.end(), {"--network", o.network});
  }
  add_each(argv, "--add-host", o.add_hosts);
  if (!o.shm_size.empty()) {
    argv.insert(argv.end(), {"--shm-size", o.shm_size});
  }
  add_each(argv, "--ulimit", o.ulimits);
}

bool attests(const std::string& value) { return !value.empty() && value != "false"; }

}  // namespace

std::string secret_variable(std::size_t index) {
  return "BERTH_SECRET_" + std::to_string(index);
}

std::vector<std::string> buildkit_flags(const BuildOptions& o) {
  std::vector<std::string> argv;
  std::size_t values = 0;
  for (const BuildSecret& secret : o.secrets) {
    std::string spec = "id=" + secret.id + ",";
    switch (secret.source) {
      case BuildSecret::Source::k_value: spec += "env=" + secret_variable(values++); break;
      case BuildSecret::Source::k_file: spec += csv_field("src=" + secret.from); break;
      case BuildSecret::Source::k_env: spec += "env=" + secret.from; break;
    }
    argv.insert(argv.end(), {"--secret", spec});
  }
  add_each(argv, "--ssh", o.ssh);
  add_each(argv, "--build-context", o.build_contexts);
  add_common(argv, o);
  add_each(argv, "--no-cache-filter", o.no_cache_filters);
  // Without attestations an image is one manifest, not an index with
  // unknown/unknown entries: berth's default, unlike buildx's.
  argv.push_back("--provenance=" + (o.provenance.empty() ? std::string("false") : o.provenance));
  if (!o.sbom.empty()) {
    argv.push_back("--sbom=" + o.sbom);
  }
  add_each(argv, "--annotation", o.annotations);
  return argv;
}

std::vector<std::string> classic_flags(const BuildOptions& o) {
  std::vector<std::string> argv;
  add_common(argv, o);
  return argv;
}

std::vector<SecretVar> secret_vars(const BuildOptions& o) {
  std::vector<SecretVar> vars;
  for (const BuildSecret& secret : o.secrets) {
    if (secret.source == BuildSecret::Source::k_value) {
      vars.push_back({secret_variable(vars.size()), "secrets", secret.id});
    }
  }
  return vars;
}

std::vector<std::string> buildkit_only_inputs(const BuildOptions& o) {
  std::vector<std::string> names;
  const auto has_source = [&](BuildSecret::Source source) {
    for (const BuildSecret& s : o.secrets) {
      if (s.source == source) {
        return true;
      }
    }
    return false;
  };
  const std::pair<const char*, bool> inputs[] = {
      {"builder", !o.builder.empty()},
      {"secrets", has_source(BuildSecret::Source::k_value)},
      {"secret-files", has_source(BuildSecret::Source::k_file)},
      {"secret-envs", has_source(BuildSecret::Source::k_env)},
      {"ssh", !o.ssh.empty()},
      {"build-contexts", !o.build_contexts.empty()},
      {"no-cache-filters", !o.no_cache_filters.empty()},
      {"provenance", attests(o.provenance)},
      {"sbom", attests(o.sbom)},
      {"annotations", !o.annotations.empty()},
  };
  for (const auto& [name, set] : inputs) {
    if (set) {
      names.emplace_back(name);
    }
  }
  return names;
}

}  // namespace berth::core
