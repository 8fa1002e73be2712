// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <vector>

#include "core/build_options.hpp"
#include "core/builder_info.hpp"
#include "core/inputs.hpp"
#include "core/labels.hpp"

// The docker CLI command lines berth runs, built as argv arrays (never a
// shell string). Secrets never appear in them: the password goes on stdin.
namespace berth::core {

// What the docker CLI on this machine can do, probed before any work.
struct DockerCapabilities {
  bool buildx = false;  // `docker buildx` works: BuildKit, platforms, cache export
  BuilderInfo builder;  // buildx: the builder a build uses (`builder`, else the current one)
  ImageStore store = ImageStore::k_unknown;  // the daemon's (probed for the docker driver)
  bool gha_cache_service = false;  // ACTIONS_CACHE_URL or ACTIONS_RESULTS_URL is set
};

// One image build.
struct BuildSpec {
  std::string docker = "docker";   // CLI path
  std::string config_dir;          // --config DIR; "" = the CLI's default
  std::string context;
  std::string dockerfile;          // "" = CONTEXT/Dockerfile
  std::string target;
  std::vector<std::string> build_args;
  Labels labels;
  std::vector<std::string> platforms;
  std::vector<std::string> cache_from;
  std::vector<std::string> cache_to;
  std::vector<std::string> tags;   // full references
  bool push = false;               // buildx: --push (the build pushes its tags)
  bool load = false;               // buildx: --load (into the daemon)
  std::string builder;             // buildx: --builder NAME; "" = the current builder
  std::string metadata_file;       // buildx: --metadata-file PATH
  BuildOptions options;            // the BuildKit inputs; the classic builder takes a few
  std::string iidfile;             // where docker writes the image ID
};

// Checks that the classic builder (no buildx) can honour the inputs: several
// platforms, cache export, typed cache sources, `builder` and the inputs of
// buildkit_only_inputs need buildx. Throws Errors naming the inputs.
void check_builder(const Inputs& in, const DockerCapabilities& caps);

// Returns the argv of `docker [buildx] build ...`: with buildx, labels,
// annotations and tags are flags of the one build, then the BuildKit flags of
// `spec.options`; with the classic builder, only its flags of them.
std::vector<std::string> build_argv(const BuildSpec& spec, const DockerCapabilities& caps);

// The classic builder turns each --label into a step of its own, and each
// step commits an image: eight labels cost eight commits. With it, berth
// builds without labels under a temporary local tag, then adds every label
// and the real tags in one step: a second build of a two-line Dockerfile on
// stdin, FROM the first image. Both builders resolve that FROM locally.
//
// Returns whether `labels` can be written in a Dockerfile (no line breaks).
bool labels_fit_dockerfile(const Labels& labels);
// Returns that Dockerfile: FROM `base_ref`, then one LABEL instruction with
// every label, quoted so that nothing in it is expanded.
std::string label_dockerfile(const std::string& base_ref, const Labels& labels);
// Returns the argv of the labelling build: `docker build --tag ... -`, the
// Dockerfile on stdin and no context.
std::vector<std::string> label_argv(const BuildSpec& spec);
// Returns the argv of `docker image rm REF` (drops the temporary tag).
std::vector<std::string> untag_argv(const std::string& docker, const std::string& ref);

// Returns the argv of `docker login --password-stdin`.
std::vector<std::string> login_argv(const std::string& docker, const std::string& config_dir,
                                    const std::string& registry, const std::string& username);

// Returns the argv of `docker buildx create --name NAME --driver
// docker-container --bootstrap`: a private builder, in `config_dir`.
std::vector<std::string> builder_create_argv(const std::string& docker,
                                             const std::string& config_dir,
                                             const std::string& name);
// Returns the argv of `docker buildx rm NAME`.
std::vector<std::string> builder_remove_argv(const std::string& docker,
                                             const std::string& config_dir,
                                             const std::string& name);

// Returns the argv of `docker push REF`.
std::vector<std::string> push_argv(const std::string& docker, const std::string& config_dir,
                                   const std::string& ref);

// Returns `argv` as one line for the log, each argument quoted where needed.
std::string format_argv(const std::vector<std::string>& argv);

}  // namespace berth::core
