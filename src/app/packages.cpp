// SPDX-License-Identifier: MIT
#include "app/packages.hpp"

#include "core/error.hpp"
#include "core/reference.hpp"
#include "io/package_json.hpp"

namespace berth::app {
namespace {

// docker's own statuses for a command it could not start in the container
// (126: not executable, 127: not found), as `docker run` returns them.
bool is_no_shell(const io::ProcessResult& r, const std::string& output) {
  return (r.exit_code == 127 || r.exit_code == 126) &&
         output.find("#berth-packages 1") == std::string::npos;
}

}  // namespace

std::optional<core::PackageManifest> read_packages(Services& s,
                                                   const std::string& reference,
                                                   std::string* absent) {
  const core::Reference ref = core::parse_reference(reference, "");
  io::Registry& registry = s.registries.registry(ref.name.registry);
  registry.add_scope(ref.name.repository, "pull");
  const io::FoundPackages found = io::find_package_artifact(
      registry, ref.name.repository, ref.digest.empty() ? ref.tag : ref.digest);
  if (!found.json) {
    if (absent != nullptr) {
      *absent = found.absent;
    }
    return std::nullopt;
  }
  return io::parse_package_manifest_json("the package manifest of " + reference,
                                         *found.json);
}

PackagesResult collect_packages(Services& s, const PackagesRequest& r,
                                const std::vector<std::string>& argv) {
  PackagesResult out;
  io::ProcessSpec spec{argv.empty() ? core::package_collector_argv("docker", r.image) : argv,
                       child_env(s.env),
                       {},
                       10 * 60'000,
                       true};
  std::string errors;
  const io::ProcessResult run = s.processes.run(spec, [&errors](const std::string& line) {
    if (errors.size() < 4096) {
      errors += line + "\n";
    }
  });
  if (run.interrupted) {
    throw Cancelled(s.stop_requested ? s.stop_requested() : 15,
                    "while listing the packages of " + r.image);
  }
  if (is_no_shell(run, run.output)) {
    out.no_shell = true;
    out.notes.push_back(r.image + " has no shell (sh): no package manifest");
    out.markdown = "#### Packages of " + r.name +
                   "\n\nThe image has no shell: no package manifest.\n\n";
    return out;
  }
  if (!run.ok()) {
    throw Error(
        "listing the packages of " + r.image + ": docker " + run.describe() +
        (errors.empty() ? std::string() : ": " + errors.substr(0, errors.find('\n'))));
  }
  io::CollectedPackages collected = io::read_collector_output(run.output);
  if (!collected.manifest) {
    throw Error("listing the packages of " + r.image + ": the collector printed nothing");
  }
  out.notes = std::move(collected.warnings);
  out.manifest = std::move(collected.manifest);
  out.json = core::package_manifest_json(*out.manifest);
  if (!r.previous.empty()) {
    try {
      std::string absent;
      out.previous = read_packages(s, r.previous, &absent);
      if (!out.previous) {
        out.notes.push_back("no package manifest of the previous build: " + absent);
      }
    } catch (const Cancelled&) {
      throw;
    } catch (const Error& e) {
      out.notes.push_back("the previous build's package manifest could not be read: " +
                          std::string(e.what()));
    }
  }
  if (out.previous) {
    out.diff = core::diff_package_manifests(*out.previous, *out.manifest);
  }
  out.markdown = core::package_summary_markdown(r.name, *out.manifest, out.previous);
  if (!r.dir.empty()) {
    s.files.make_dirs(r.dir);
    const std::string stem = r.dir + "/" + core::package_file_stem(r.name);
    const std::string diff_md =
        out.markdown + (out.previous
                            ? "```\n" + core::package_diff_text(out.diff) + "```\n"
                            : std::string());
    for (const auto& [path, content] :
         {std::pair<std::string, std::string>{stem + ".packages.json", out.json},
          {stem + ".packages.txt", core::package_manifest_text(*out.manifest)},
          {stem + ".packages-diff.md", diff_md}}) {
      s.files.write_private_file(path, content);
      out.files.push_back(path);
    }
  }
  return out;
}

io::StoredPackages store_packages(Services& s, const std::string& pushed,
                                  const std::string& json) {
  const core::Reference ref = core::parse_reference(pushed, "");
  io::Registry& registry = s.registries.registry(ref.name.registry);
  registry.add_scope(ref.name.repository, "pull,push");
  return io::store_package_artifact(registry, ref.name.repository,
                                    ref.digest.empty() ? ref.tag : ref.digest, json);
}

}  // namespace berth::app
