// SPDX-License-Identifier: MIT
#include "support/fake_services.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "core/media_types.hpp"
#include "core/text.hpp"
#include "io/digest.hpp"

namespace berth::testing {
namespace {

// Returns the docker subcommand of `argv`, past global options ("--config DIR").
std::string subcommand_of(const std::vector<std::string>& argv) {
  for (std::size_t i = 1; i < argv.size(); ++i) {
    if (argv[i] == "--config" || argv[i] == "--host" || argv[i] == "--context") {
      ++i;
    } else if (!core::starts_with(argv[i], "-")) {
      return argv[i] == "buildx" && i + 1 < argv.size() ? "buildx " + argv[i + 1] : argv[i];
    }
  }
  return {};
}

}  // namespace

io::ProcessResult FakeProcessRunner::run(const io::ProcessSpec& spec, const LineSink& on_line) {
  m_calls.push_back({spec.argv, spec.stdin_data, spec.env});
  io::ProcessResult result;
  result.exit_code = 0;
  const std::string subcommand = subcommand_of(spec.argv);
  const Answer* answer = nullptr;
  if (const auto last = spec.argv.empty() ? m_by_last.end() : m_by_last.find(spec.argv.back());
      last != m_by_last.end()) {
    answer = &last->second;
  } else if (const auto it = m_answers.find(subcommand); it != m_answers.end()) {
    answer = &it->second;
  }
  if (answer != nullptr) {
    result.exit_code = answer->exit_code;
    result.interrupted = answer->interrupted;
    for (const std::string& line : answer->lines) {
      if (spec.capture) {
        result.output += line + "\n";
      } else if (on_line) {
        on_line(line);
      }
    }
  }
  if (m_after) {
    m_after(m_calls.back());
  }
  return result;
}

std::vector<std::string> FakeProcessRunner::subcommands() const {
  std::vector<std::string> out;
  for (const Call& call : m_calls) {
    out.push_back(subcommand_of(call.argv));
  }
  return out;
}

void FakeRegistry::add_scope(const std::string&, const std::string&) {}

io::Manifest FakeRegistry::get_manifest(const std::string& repository,
                                        const std::string& reference) {
  m_events.push_back("GET " + repository + ":" + reference);
  const auto repo = m_repos.find(repository);
  if (repo != m_repos.end() && core::starts_with(reference, "sha256:")) {
    for (const auto& [tag, manifest] : repo->second) {
      if (manifest.digest == reference) {
        return manifest;
      }
    }
  }
  if (repo == m_repos.end() || repo->second.count(reference) == 0) {
    throw Error("manifest " + repository + ":" + reference + " not found");
  }
  return repo->second.at(reference);
}

std::optional<std::string> FakeRegistry::head_manifest(const std::string& repository,
                                                       const std::string& reference) {
  m_events.push_back("HEAD " + repository + ":" + reference);
  const auto repo = m_repos.find(repository);
  if (repo == m_repos.end() || repo->second.count(reference) == 0) {
    return std::nullopt;
  }
  return repo->second.at(reference).digest;
}

std::string FakeRegistry::put_manifest(const std::string& repository, const std::string& reference,
                                       const io::Manifest& manifest) {
  if (m_before_put) {
    m_before_put(reference);
  }
  if (m_fail_put.count(reference) > 0) {
    throw Error("PUT " + repository + ":" + reference + ": 500 internal error");
  }
  m_writes.push_back("PUT " + repository + ":" + reference);
  m_events.push_back(m_writes.back());
  m_repos[repository][reference] = manifest;
  return manifest.digest;
}

std::vector<std::string> FakeRegistry::list_tags(const std::string& repository) {
  m_events.push_back("LIST " + repository);
  std::vector<std::string> tags;
  for (const auto& [tag, manifest] : m_repos[repository]) {
    tags.push_back(tag);
  }
  return tags;
}

std::string FakeRegistry::upload_blob(const std::string& repository, const std::string& bytes) {
  const std::string digest = io::sha256_digest(bytes);
  m_events.push_back("BLOB " + repository + "@" + digest);
  m_blobs[repository + "@" + digest] = bytes;
  return digest;
}

std::string FakeRegistry::get_blob(const std::string& repository, const std::string& digest,
                                   std::size_t max_bytes) {
  m_events.push_back("GET " + repository + "@" + digest);
  const auto it = m_blobs.find(repository + "@" + digest);
  if (it == m_blobs.end() || it->second.size() > max_bytes) {
    throw Error("blob " + repository + "@" + digest + " not found or too large");
  }
  return it->second;
}

bool FakeRegistry::put_referrer(const std::string& repository, const io::Manifest& manifest) {
  put_manifest(repository, manifest.digest, manifest);
  return false;
}

io::Manifest FakeRegistry::seed(const std::string& repository, const std::string& tag) {
  io::Manifest m;
  m.media_type = std::string(core::k_oci_manifest);
  m.bytes = "{\"schemaVersion\":2,\"mediaType\":\"" + m.media_type + "\",\"annotations\":{\"of\":\"" +
            repository + ":" + tag + "\"}}";
  m.digest = io::sha256_digest(m.bytes);
  m_repos[repository][tag] = m;
  return m;
}

bool FakeFiles::has_entries(const std::string& path) {
  const std::string prefix = path + "/";
  const auto under = [&prefix](const std::string& p) { return p.rfind(prefix, 0) == 0; };
  return std::any_of(m_dirs.begin(), m_dirs.end(), under) ||
         std::any_of(m_files.begin(), m_files.end(),
                     [&under](const auto& file) { return under(file.first); }) ||
         std::any_of(m_executables.begin(), m_executables.end(), under);
}

std::string FakeFiles::make_private_dir(const std::string& base) {
  const std::string path = base + "/berth-fake" + std::to_string(++m_private_made);
  m_private.insert(path);
  m_dirs.insert(path);
  return path;
}

void FakeFiles::remove_all(const std::string& path) noexcept {
  m_private.erase(path);
  for (auto it = m_dirs.begin(); it != m_dirs.end();) {
    it = core::starts_with(*it, path) ? m_dirs.erase(it) : std::next(it);
  }
}

std::string FakeFiles::read_first_line(const std::string& path) {
  const auto it = m_files.find(path);
  return it == m_files.end() ? std::string() : it->second.substr(0, it->second.find('\n'));
}

void FakeFiles::write_outputs(const std::string&, const io::Outputs& outputs) {
  for (const auto& [name, value] : outputs) {
    m_outputs[name] = value;
  }
}

void FakeFiles::write_summary(const std::string&, const std::string& markdown) {
  m_summary += markdown;
}

FakeServices::FakeServices(io::Env environment)
    : env(std::move(environment)), console([this](const std::string& line) { log.push_back(line); }) {}

app::Services FakeServices::services() {
  return app::Services{env,
                       console,
                       processes,
                       files,
                       registries,
                       [this] { return stop_signal; },
                       [this] { return "id" + std::to_string(++ids) + "0123456789abcdef"; },
                       [this] {
                         const std::int64_t now = clock_ns;
                         clock_ns += tick_ns;
                         return now;
                       },
                       0,
                       record};
}

std::string FakeServices::log_text() const { return core::join(log, "\n"); }

}  // namespace berth::testing
