// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "app/services.hpp"
#include "core/build_progress.hpp"
#include "core/mask.hpp"
#include "core/plan.hpp"

namespace berth::app {

struct PackagesResult;  // app/packages.hpp

enum class StepStatus {
  k_planned,   // a dry run: shown, not run
  k_done,
  k_failed,
  k_not_run,   // a step before it failed, or the run was stopped
};

// Returns the status's name in the `json` output: "planned", "done", ...
const char* step_status_name(StepStatus status);

// What became of one step of a plan.
struct StepOutcome {
  StepStatus status = StepStatus::k_planned;
  std::string digest;     // push, tag, index: the manifest written
  std::string note;       // e.g. a dry run's "already points at ..."
  std::int64_t ms = 0;    // wall time of the step
  std::int64_t start_ns = 0;  // when it started, unix ns (0: it did not start)
  std::int64_t manifest_bytes = 0;  // push, tag: the size of the manifest written
  // A BuildKit build: its steps (vertexes) as its plain progress showed them,
  // times on the run's clock (unix ns).
  std::vector<core::BuildStep> build_steps;
  // A stack test: its exit status (-1 when a signal ended it) and the last
  // lines of its output, masked (k_test_tail_lines at most).
  int exit_code = 0;
  std::vector<std::string> output_tail;
  // A stack's packages step: what it found (nothing when it could not list
  // them: `note` says why); its registry requests (the previous manifest's
  // read), and a packages-store step's (the artifact's write).
  std::shared_ptr<const PackagesResult> packages;
  int registry_requests = 0;
};

// How many of a test's last output lines its outcome keeps.
inline constexpr std::size_t k_test_tail_lines = 20;

// A plan and what became of each of its steps (one outcome per step).
struct Execution {
  std::vector<StepOutcome> outcomes;
  std::string image_id;  // the built image, when a build ran
  std::string digest;    // the first index written, else the first manifest pushed or copied
  std::int64_t started_ns = 0;  // when the run began (its checks), unix ns; 0 in a dry run
  std::int64_t ended_ns = 0;    // when its last step ended
  std::string traceparent;      // berth's own trace context, when it has one
};

// Every plan a run carried out, with what became of it, for the run's
// timings and traces (app/telemetry.hpp). Filled by Executor::run.
struct RunRecord {
  std::string traceparent;  // berth's own, given to each execution
  std::vector<std::pair<core::Plan, Execution>> runs;
};

// Carries out a plan step by step through the adapters of `s`. The stop
// request is checked before every step (and the adapters check it while they
// wait), so a cancelled run ends before its next write. When a step fails or
// the run is stopped, the remaining steps are not run, the log says which
// writes landed and which did not, and the error is rethrown (Cancelled as
// it is; any other Error with that list appended). Test steps (a stack's)
// are the exception: every test runs even after one failed, and when any
// failed, the first write after them does not run (nor any step after it)
// and the error names every failed test; a plan with no write after its
// tests fails the same way at its end.
class Executor {
 public:
  // `secrets` maps a step's secret_input ("password") to its value, and the
  // secret_key() of each of its secret_env variables ("secrets/ID") to its
  // value. Every value is masked in child output.
  Executor(const core::Plan& plan, Services& s, std::map<std::string, std::string> secrets);

  // Records `manifest` as what `ref` points at, so that a tag step copying
  // it reads nothing (a promotion reads its sources before planning).
  void know_manifest(const core::Reference& ref, io::Manifest manifest);

  // Runs every step in order. Throws Error or Cancelled.
  const Execution& run();

  // Shows, without writing, where each tag step's target points now, and for
  // an index step which parts are missing or else the index it would write
  // (a dry run's preview; reads only). Throws Error when the parts exist but
  // do not make an index.
  const Execution& preview();

  const Execution& execution() const { return m_execution; }

 private:
  void run_step(std::size_t index);
  // Runs a test step; a failure is recorded in `outcome` (status, exit
  // status, output), never thrown. Returns whether the test passed.
  bool run_test(const core::Step& step, StepOutcome& outcome);
  // Runs a packages step (app/execute_packages.cpp): a listing that fails is
  // a warning and a note, never the run's failure.
  void run_packages(const core::Step& step, StepOutcome& outcome);
  // Runs a packages-store step with the manifest its image's packages step
  // found (none: a note). Throws Error.
  void store_packages(const core::Step& step, StepOutcome& outcome);
  // Returns "child: pip (exit status 1), ..." over the tests that failed so
  // far, or "" when none did.
  std::string failed_tests() const;
  // Previews an index step: which parts are missing, else the index's digest.
  void preview_index(const core::Step& step, StepOutcome& outcome);
  void record() const;
  // Runs a docker step with its output in a log group; a BuildKit build's own
  // steps (from its plain progress) go into `outcome`, a failed build's too.
  void run_docker(const core::Step& step, const std::string& stdin_data, StepOutcome& outcome);
  // Returns the digest a pushing build's --metadata-file reports, or "".
  std::string pushed_digest(const core::Step& step);
  // Makes the private DOCKER_CONFIG (once), with the plan's plugin dirs.
  void prepare_config();
  // Runs `docker buildx rm`; a failure is a warning in `outcome`.
  void remove_builder(const core::Step& step, StepOutcome& outcome);
  // After step `failed` failed: removes the private builder if it was made.
  void remove_builder_after(std::size_t failed);
  // The environment of a docker step: secret_env() and, for buildx, the
  // private builder's BUILDX_CONFIG.
  std::vector<std::string> step_env(const core::Step& step) const;
  // The environment of a docker process: berth's without INPUT_*, plus the
  // step's secret variables (for that process only). Throws Error when a
  // value is missing.
  std::vector<std::string> secret_env(const core::Step& step) const;
  const io::Manifest& manifest_of(const core::Reference& ref);

  const core::Plan& m_plan;
  Services& m_services;
  std::map<std::string, std::string> m_secrets;
  core::Masker m_masker;  // the secrets, out of child output
  std::map<std::string, io::Manifest> m_manifests;  // by reference text
  bool m_index_digest = false;  // the run's digest is an index's
  Execution m_execution;
  bool m_config_ready = false;
};

// Returns the key under which an Executor finds the value of `key` in the
// secret input `input`: "secrets/ID".
std::string secret_key(const std::string& input, const std::string& key);

// Returns the short name of `step` in logs, timings and traces: "docker
// build", "docker push ghcr.io/o/app:1.2", "tag ghcr.io/o/app:2023.2-stable".
std::string step_title(const core::Plan& plan, const core::Step& step);

// Returns "written: A, B; not written: C" over the writes of `plan` (by what
// became of them in `e`), or "" when the plan writes nothing.
std::string what_landed(const core::Plan& plan, const Execution& e);

// Returns the references a plan writes (push and tag targets) whose steps
// have `status`.
std::vector<std::string> written_refs(const core::Plan& plan, const Execution& e,
                                      StepStatus status);

}  // namespace berth::app
