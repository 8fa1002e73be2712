// SPDX-License-Identifier: MIT
#include "core/docker_args.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "core/text.hpp"

namespace berth::core {
namespace {

std::vector<std::string> base(const std::string& docker, const std::string& config_dir) {
  std::vector<std::string> argv = {docker};
  if (!config_dir.empty()) {
    argv.insert(argv.end(), {"--config", config_dir});
  }
  return argv;
}

}  // namespace

void check_builder(const Inputs& in, const DockerCapabilities& caps) {
  if (caps.buildx) {
    return;
  }
  std::vector<Error> errors;
  const std::string why = " needs docker buildx (BuildKit), which this docker CLI lacks";
  if (in.platforms.size() > 1) {
    errors.emplace_back("platforms: building for " + std::to_string(in.platforms.size()) +
                            " platforms" + why,
                        "platforms");
  }
  if (!in.cache_to.empty()) {
    errors.emplace_back("cache-to: exporting a build cache" + why, "cache-to");
  }
  for (const std::string& from : in.cache_from) {
    if (from.find("type=") != std::string::npos) {
      errors.emplace_back("cache-from: \"" + from + "\" is a BuildKit cache source;" + why +
                              " (the classic builder takes image references only)",
                          "cache-from");
    }
  }
  for (const std::string& input : buildkit_only_inputs(in.build)) {
    errors.emplace_back(input + ": this input" + why, input);
  }
  if (!errors.empty()) {
    throw Errors(std::move(errors));
  }
}

std::vector<std::string> build_argv(const BuildSpec& spec, const DockerCapabilities& caps) {
  std::vector<std::string> argv = base(spec.docker, spec.config_dir);
  if (caps.buildx) {
    argv.insert(argv.end(), {"buildx", "build", "--progress=plain"});
    if (!spec.builder.empty()) {
      argv.insert(argv.end(), {"--builder", spec.builder});
    }
  } else {
    argv.push_back("build");
  }
  if (!spec.dockerfile.empty()) {
    argv.insert(argv.end(), {"--file", spec.dockerfile});
  }
  if (!spec.target.empty()) {
    argv.insert(argv.end(), {"--target", spec.target});
  }
  for (const std::string& arg : spec.build_args) {
    argv.insert(argv.end(), {"--build-arg", arg});
  }
  for (const auto& [key, value] : spec.labels) {
    argv.insert(argv.end(), {"--label", key + "=" + value});
  }
  if (!spec.platforms.empty()) {
    argv.insert(argv.end(), {"--platform", join(spec.platforms, ",")});
  }
  for (const std::string& from : spec.cache_from) {
    argv.insert(argv.end(), {"--cache-from", from});
  }
  for (const std::string& to : spec.cache_to) {
    argv.insert(argv.end(), {"--cache-to", to});
  }
  for (const std::string& tag : spec.tags) {
    argv.insert(argv.end(), {"--tag", tag});
  }
  if (!spec.iidfile.empty()) {
    argv.insert(argv.end(), {"--iidfile", spec.iidfile});
  }
  if (caps.buildx) {
    if (!spec.metadata_file.empty()) {
      argv.insert(argv.end(), {"--metadata-file", spec.metadata_file});
    }
    // buildx keeps a build in its own store unless told: push it, or load
    // it into the daemon; with neither, only the build cache holds it.
    if (spec.push) {
      argv.push_back("--push");
    } else if (spec.load) {
      argv.push_back("--load");
    }
  }
  // The inputs berth shares with build-push-action, last before the context.
  const std::vector<std::string> flags =
      caps.buildx ? buildkit_flags(spec.options) : classic_flags(spec.options);
  argv.insert(argv.end(), flags.begin(), flags.end());
  argv.push_back(spec.context);
  return argv;
}

std::vector<std::string> builder_create_argv(const std::string& docker,
                                             const std::string& config_dir,
                                             const std::string& name) {
  std::vector<std::string> argv = base(docker, config_dir);
  // --bootstrap starts the BuildKit container here, so that pulling its
  // image fails this step, not the build.
  argv.insert(argv.end(), {"buildx", "create", "--name", name, "--driver", "docker-container",
                           "--bootstrap"});
  return argv;
}

std::vector<std::string> builder_remove_argv(const std::string& docker,
                                             const std::string& config_dir,
                                             const std::string& name) {
  std::vector<std::string> argv = base(docker, config_dir);
  argv.insert(argv.end(), {"buildx", "rm", name});
  return argv;
}

bool labels_fit_dockerfile(const Labels& labels) {
  for (const auto& [key, value] : labels) {
    if ((key + value).find_first_of("\r\n") != std::string::npos) {
      return false;
    }
  }
  return true;
}

std::string label_dockerfile(const std::string& base_ref, const Labels& labels) {
  // In a double-quoted Dockerfile word, a backslash escapes the next
  // character; escaping '"', '\\' and '$' leaves no quote to break out of
  // and no variable to expand.
  const auto quoted = [](const std::string& text) {
    std::string out = "\"";
    for (char c : text) {
      if (c == '"' || c == '\\' || c == '$') {
        out += '\\';
      }
      out += c;
    }
    return out + "\"";
  };
  std::string out = "FROM " + base_ref + "\nLABEL";
  for (const auto& [key, value] : labels) {
    out += " " + quoted(key) + "=" + quoted(value);
  }
  return out + "\n";
}

std::vector<std::string> label_argv(const BuildSpec& spec) {
  std::vector<std::string> argv = base(spec.docker, spec.config_dir);
  argv.push_back("build");
  for (const std::string& tag : spec.tags) {
    argv.insert(argv.end(), {"--tag", tag});
  }
  if (!spec.iidfile.empty()) {
    argv.insert(argv.end(), {"--iidfile", spec.iidfile});
  }
  argv.push_back("-");
  return argv;
}

std::vector<std::string> untag_argv(const std::string& docker, const std::string& ref) {
  return {docker, "image", "rm", ref};
}

std::vector<std::string> login_argv(const std::string& docker, const std::string& config_dir,
                                    const std::string& registry, const std::string& username) {
  std::vector<std::string> argv = base(docker, config_dir);
  argv.insert(argv.end(), {"login", "--username", username, "--password-stdin", registry});
  return argv;
}

std::vector<std::string> push_argv(const std::string& docker, const std::string& config_dir,
                                   const std::string& ref) {
  std::vector<std::string> argv = base(docker, config_dir);
  argv.insert(argv.end(), {"push", ref});
  return argv;
}

namespace {

bool is_control(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u < 0x20 || u == 0x7f;
}

// Returns `a` in bash's $'...' quoting, control characters as escapes, so
// that a line break inside an argument shows as \n, not as a new line.
std::string ansi_c_quoted(const std::string& a) {
  static const char* const k_hex = "0123456789abcdef";
  std::string out = "$'";
  for (char c : a) {
    const auto u = static_cast<unsigned char>(c);
    switch (c) {
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\'': out += "\\'"; break;
      case '\\': out += "\\\\"; break;
      default:
        if (is_control(c)) {
          out += std::string("\\x") + k_hex[u >> 4] + k_hex[u & 0xf];
        } else {
          out += c;
        }
    }
  }
  return out + "'";
}

}  // namespace

std::string format_argv(const std::vector<std::string>& argv) {
  std::string out;
  for (const std::string& a : argv) {
    std::string quoted = a;
    if (std::any_of(a.begin(), a.end(), is_control)) {
      quoted = ansi_c_quoted(a);
    } else if (a.empty() || a.find_first_of(" '\"\\$`*?;&|<>()") != std::string::npos) {
      quoted = "'";
      for (char c : a) {
        quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
      }
      quoted += "'";
    }
    out += (out.empty() ? "" : " ") + quoted;
  }
  return out;
}

}  // namespace berth::core
