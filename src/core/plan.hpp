// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <vector>

#include "core/floating.hpp"
#include "core/reference.hpp"

// A run of berth as data: an ordered list of typed steps, made before
// anything is written. A dry run shows the plan; a real run carries out the
// same object (app/execute.hpp). Nothing edits a plan once it is made.
namespace berth::core {

enum class StepKind {
  k_login,  // docker login --password-stdin into the private config
  k_build,  // docker [buildx] build
  k_label,  // classic builder: every label and tag in one step, Dockerfile on stdin
  k_untag,  // docker image rm of the temporary tag (a failure is only a warning)
  k_push,   // docker push of one tag
  k_tag,    // PUT the manifest of `source` under `target` (registry API, no layer moves)
  k_builder_create,  // docker buildx create: a private docker-container builder for the run
  k_builder_remove,  // docker buildx rm of that builder (runs even after a failure)
  k_index,  // PUT an image index of `parts` (one manifest per platform) under `target`
  k_test,   // stack: docker run --rm --entrypoint sh IMAGE:BUILDTAG -c RUN; every test runs,
            // a failure is recorded and gates the writes after the tests
  k_packages,        // stack: list a built image's packages (dpkg, pip, conda), compare with
                     // the previous build's stored manifest (`source`), write files into `dir`;
                     // runs after the tests whether they passed or not (core/stack_packages.hpp)
  k_packages_store,  // stack: store that manifest next to the pushed `target` (an OCI
                     // artifact with the image as subject); a write, gated on the tests
};

// A build secret's value, passed to one docker process in its environment
// (never in argv, the log or a file): `variable` = the value of `key` in the
// secret input `input` ("secrets").
struct SecretVar {
  std::string variable;  // BERTH_SECRET_0
  std::string input;     // "secrets"
  std::string key;       // the secret's id
};

// One step. Each holds everything it needs; a secret only by its input name.
struct Step {
  StepKind kind = StepKind::k_build;
  std::vector<std::string> argv;  // docker steps
  std::string secret_input;       // login: the input whose value goes to stdin
  std::string stdin_text;         // label: the Dockerfile on stdin (no secret)
  std::vector<SecretVar> secret_env;  // build: secret values in the process environment
  // index: the per-platform manifests, in platform order; build: the
  // references a pushing build (`--push`) writes, one per image
  std::vector<Reference> parts;
  // index: the platform of each part ("linux/arm64"), in the order of `parts`
  std::vector<std::string> part_platforms;
  Reference target;               // push, tag: the reference written
  Reference source;               // tag: the reference whose manifest is copied
  bool moving = false;            // push, tag: the tag moves between runs (latest, 1.2, -stable)
  // stack: the image's name in the stack file (build, test, push, tag steps
  // of a stack run), and a test step's test and where it comes from
  std::string stack_image;
  std::string test_name;          // test: "python"
  std::string test_origin;        // test: "common", "base" (an ancestor's), "own"
  std::string dir;                // packages: the packages-dir the files go into ("": none)
};

// What a run will do.
struct Plan {
  bool dry_run = false;
  // The private directory of the run (DOCKER_CONFIG, iidfile), or
  // k_private_dir_placeholder in a dry run, which creates nothing.
  std::string private_dir;
  // The temporary tag of the classic builder's bare build ("" when unused).
  std::string temp_tag;
  // The private docker-container builder of the run ("berth-" + run id; ""
  // when unused); plans show its run id as the placeholder.
  std::string builder_name;
  // Where that builder's state lives (BUILDX_CONFIG of the steps that use
  // it: the private directory, not the user's config, whose credentials the
  // build still uses); "" when unused.
  std::string buildx_config;
  // Plugin directories the private DOCKER_CONFIG's config.json names
  // (cliPluginsExtraDirs): with --config DIR the docker CLI looks for
  // plugins in DIR/cli-plugins and the system directories only.
  std::vector<std::string> cli_plugin_dirs;
  std::vector<Step> steps;
  std::vector<HeldBack> held_back;   // floating tags kept where they are
  std::vector<std::string> tag_names;  // the tags of the run, after holding back
};

// How plans show what a dry run cannot know: the private directory and the
// random part of the temporary tag. Real plans show the same placeholders.
inline constexpr const char* k_private_dir_placeholder = "$BERTH_PRIVATE_DIR";
inline constexpr const char* k_run_id_placeholder = "$BERTH_RUN_ID";

// Returns the step kind's name in the `json` output: "login", "build", ...
const char* step_kind_name(StepKind kind);

// Returns whether `step` runs buildx, and so gets the plan's BUILDX_CONFIG.
bool uses_buildx_config(const Step& step);

// Returns whether `tag` moves from run to run. The tags that pin one build
// stay: a full version ("1.2.3", "1.3.0-rc.1"), "sha-<hex>", a calendar build
// tag ("2023.2-a1239a5"). Everything else moves: "latest", "1", "1.2",
// branch names, "nightly", "pr-1", "2023.2-stable".
bool is_moving_tag(const std::string& tag);

// Returns `argv` as the plan shows it: the private directory and the run id
// replaced by their placeholders, so that a dry run and a real run print the
// same line.
std::vector<std::string> shown_argv(const Plan& plan, const std::vector<std::string>& argv);

// Returns the one log line that describes `step`.
std::string describe(const Plan& plan, const Step& step);

// Appends one tag step per name in `names` but `source_tag`: each a PUT of
// the manifest of image:source_tag under image:name.
void add_tag_copies(std::vector<Step>& steps, const ImageName& image, const std::string& source_tag,
                    const std::vector<std::string>& names);

// Puts the writes in the order a cancelled run can live with: every step
// before the first push as it is, then pushes, then the tag steps that pin a
// build, then the moving ones (each group keeps its order).
void order_writes(std::vector<Step>& steps);

}  // namespace berth::core
