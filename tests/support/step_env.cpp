// SPDX-License-Identifier: MIT
#include "support/step_env.hpp"

#include "support/testenv.hpp"

namespace berth::testing {

io::Env push_step_env(const std::string& fixture, const std::string& image,
                      const std::string& home, const TempDir& temp, const std::string& context,
                      const std::string& password) {
  io::Env env = load_event(fixture);
  env.set("PATH", "/usr/local/bin:/usr/bin:/bin");
  env.set("HOME", home);
  env.set("RUNNER_TEMP", temp.path());
  env.set("DOCKER_HOST", need_env("DOCKER_HOST"));
  env.set("GITHUB_OUTPUT", temp.write("output", ""));
  env.set("GITHUB_STEP_SUMMARY", temp.write("summary", ""));
  env.set("BERTH_CA_FILE", need_env("BERTH_CA_CERT"));
  env.set("INPUT_IMAGES", image);
  env.set("INPUT_CONTEXT", context);
  env.set("INPUT_USERNAME", need_env("BERTH_USER"));
  env.set("INPUT_PASSWORD", password);
  return env;
}

}  // namespace berth::testing
