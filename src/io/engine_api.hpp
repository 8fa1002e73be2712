// SPDX-License-Identifier: MIT
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/builder_info.hpp"

// The Docker Engine's API over its unix socket, for the two questions berth
// asks before a build (the daemon's version and its image store): one HTTP
// request each on one connection instead of a docker CLI process each. The
// answers' JSON is parsed here; the files of the docker CLI and of buildx
// that decide whether the socket is the one the CLI would reach are read as
// JSON here too, and judged in core/engine_endpoint.
namespace berth::io {

// GET /version: the Engine's "Version" (what `docker version --format
// {{.Server.Version}}` prints), "Os" and "Arch".
struct EngineVersion {
  std::string version;  // "26.1.5+dfsg1"
  std::string os;       // "linux"
  std::string arch;     // "amd64"
};

// GET /info: the storage driver and its DriverStatus entries (what `docker
// info --format core::k_driver_status_format` prints, as pairs).
struct EngineInfo {
  std::string driver;  // "overlay2", "overlayfs"
  core::DriverStatus driver_status;
};

// Parse the bodies of /version and /info. Throw Error (saying what is
// missing) when the text is not the Engine's answer.
EngineVersion parse_engine_version(std::string_view json);
EngineInfo parse_engine_info(std::string_view json);

// Returns the "currentContext" of a docker CLI config.json ("" when it has
// none); nullopt when the text is not a JSON object.
std::optional<std::string> parse_current_context(std::string_view json);

// Returns the builder that buildx's `current` file records (its "Name"; ""
// when it records none, as after buildx's own reset); nullopt when the text
// is not a JSON object.
std::optional<std::string> parse_buildx_current(std::string_view json);

// Asks one daemon. Each call throws Error when the daemon does not answer or
// answers with an error status, Cancelled when a stop is requested.
class EngineApi {
 public:
  virtual ~EngineApi() = default;
  virtual EngineVersion version() = 0;
  virtual EngineInfo info() = 0;
};

// Returns the API of the daemon listening on the unix socket `path` (libcurl).
// version() also sends GET /info on a second connection, whose answer info()
// then returns: the two requests overlap. `stop` as HttpOptions::stop (it is
// called from that request's thread too).
std::unique_ptr<EngineApi> make_engine_api(const std::string& path, std::function<int()> stop);

}  // namespace berth::io
