// SPDX-License-Identifier: MIT
#include "app/execute_index.hpp"

#include "core/error.hpp"
#include "io/digest.hpp"
#include "io/index_json.hpp"

namespace berth::app {

std::vector<core::Platform> part_platforms(const core::Step& step) {
  const std::string what = "index " + step.target.str();
  std::vector<core::Platform> platforms;
  for (std::size_t i = 0; i < step.parts.size(); ++i) {
    const core::Reference& part = step.parts[i];
    if (part.name.registry != step.target.name.registry ||
        part.name.repository != step.target.name.repository) {
      throw Error(what + ": part " + part.str() +
                  " is in another repository; an index can only name manifests of its own "
                  "repository (berth copies no blobs): push every part to " +
                  step.target.name.full());
    }
    const std::optional<core::Platform> platform =
        i < step.part_platforms.size() ? core::parse_platform(step.part_platforms[i])
                                       : std::nullopt;
    if (!platform) {
      throw Error(what + ": cannot tell the platform of part " + part.str());
    }
    platforms.push_back(*platform);
  }
  return platforms;
}

io::Manifest assemble_index(const core::Step& step, const ManifestReader& read) {
  const std::vector<core::Platform> platforms = part_platforms(step);
  std::vector<core::IndexPart> parts;
  for (std::size_t i = 0; i < step.parts.size(); ++i) {
    const core::Reference& ref = step.parts[i];
    parts.push_back(io::read_index_part(ref.str(), platforms[i], read(ref)));
  }
  try {
    core::ComposedIndex index = core::compose_index(parts);
    io::Manifest manifest;
    manifest.media_type = std::move(index.media_type);
    manifest.bytes = std::move(index.bytes);
    manifest.digest = io::sha256_digest(manifest.bytes);
    return manifest;
  } catch (const Cancelled&) {
    throw;
  } catch (const Error& e) {
    throw e.with_message("index " + step.target.str() + ": " + e.what());
  }
}

}  // namespace berth::app
