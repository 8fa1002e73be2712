// SPDX-License-Identifier: MIT
#include "app/run.hpp"

#include <chrono>
#include <cstdio>

#include "app/build.hpp"
#include "app/merge.hpp"
#include "core/error.hpp"
#include "app/promote.hpp"
#include "app/report.hpp"
#include "app/stack.hpp"
#include "app/terminal.hpp"
#include "app/telemetry.hpp"
#include "core/text.hpp"
#include "io/git.hpp"
#include "io/github_context.hpp"
#include "io/process.hpp"
#include "io/random.hpp"
#include "io/timezones.hpp"

namespace berth::app {
namespace {

core::Clock read_clock(const io::Env& env) {
  core::Clock clock;
  clock.now = std::chrono::duration_cast<std::chrono::milliseconds>(
                  std::chrono::system_clock::now().time_since_epoch())
                  .count();
  if (const auto sde = env.find("SOURCE_DATE_EPOCH"); sde && !core::trim(*sde).empty()) {
    clock.source_date_epoch = core::parse_epoch_seconds(*sde);
    if (!clock.source_date_epoch) {
      throw Error::variable("SOURCE_DATE_EPOCH \"" + *sde + "\" is not a number of seconds",
                            "SOURCE_DATE_EPOCH");
    }
  }
  return clock;
}

void print_warnings(const core::Metadata& m, io::Console& console) {
  for (const std::string& w : m.tag_set.warnings) {
    console.warning(w);
  }
}

}  // namespace

RunContext read_run_context(const io::Env& env) { return read_run_context(env, real_git_opener()); }

RunContext read_run_context(const io::Env& env, const GitOpener& open_git) {
  RunContext rc;
  ErrorCollector errors;
  errors.guard([&] { rc.inputs = core::parse_inputs(io::read_inputs(env)); });
  errors.guard([&] {
    rc.context = read_context(env, open_git);
    rc.github = rc.context.github;
  });
  errors.guard([&] { rc.clock = read_clock(env); });
  errors.throw_if_any();
  rc.zones = std::make_shared<io::ZoneInfoTimeZones>(io::zoneinfo_directory(env.get("TZDIR")));
  rc.clock.zones = rc.zones.get();
  return rc;
}

core::Metadata plan_metadata(const io::Env& env) {
  const RunContext rc = read_run_context(env);
  return core::compute_metadata(rc.inputs, rc.github, rc.clock);
}

int run_tags(const io::Env& env, io::Console& console) {
  const RunContext rc = read_run_context(env);
  print_context(rc.context, console, colour_allowed(is_terminal(stderr), env));
  const core::Metadata m = core::compute_metadata(rc.inputs, rc.github, rc.clock);
  print_warnings(m, console);
  const std::string json = metadata_json(m) + "\n";
  std::fwrite(json.data(), 1, json.size(), stdout);
  std::fflush(stdout);
  return 0;
}

int run_build_action(const RunContext& rc, Services& s) {
  const core::Metadata m = core::compute_metadata(rc.inputs, rc.github, rc.clock);
  print_warnings(m, s.console);
  const BuildRun run = rc.inputs.split == core::SplitMode::k_merge  ? run_merge(rc.inputs, m, s)
                       : rc.inputs.split == core::SplitMode::k_part ? run_split_part(rc.inputs, m, s)
                                                                    : run_build(rc.inputs, m, s);
  const std::vector<std::string> tags = run_tags_of(m, run.plan);
  s.console.group(rc.inputs.dry_run ? "berth: tags (dry run)" : "berth: tags");
  for (const std::string& tag : tags) {
    s.console.info(tag);
  }
  s.console.endgroup();
  if (!run.execution.digest.empty()) {
    s.console.info("digest " + run.execution.digest);
  }
  // Outputs are written in a dry run too: they are the plan, and later steps
  // of a dry-run workflow read them. Registries and daemons are left alone.
  if (const std::string path = s.env.get("GITHUB_OUTPUT"); !path.empty()) {
    s.files.write_outputs(path, metadata_outputs(m, &run));
  }
  if (const std::string path = s.env.get("GITHUB_STEP_SUMMARY"); !path.empty()) {
    s.files.write_summary(path, metadata_summary(m, rc.inputs.dry_run, &run));
  }
  return 0;
}

int with_live_services(const io::Env& env, io::Console& console, const core::Inputs& in,
                       const std::function<int(Services&)>& command) {
  io::PosixProcessRunner processes;
  io::RealFiles files;
  const auto registries = live_registries(env, in, console);
  const Telemetry telemetry = start_telemetry(env, console, io::random_token);
  RunRecord record;
  record.traceparent = telemetry.traceparent();
  Services s{env, console, processes, files, *registries, io::stop_requested, io::random_token,
             {}, 0, &record};
  s.started_ns = now_ns(s);
  s.engine_api = [](const std::string& socket) {
    return io::make_engine_api(socket, io::stop_requested);
  };
  s.open_git = real_git_opener();
  // Timings and traces are shown and sent whatever the outcome; neither can
  // change it.
  const auto finish = [&](const std::string& error) {
    RunEnd end{s.started_ns, now_ns(s), error, registries->stats()};
    finish_run(env, console, telemetry, record, end);
  };
  int status = 0;
  try {
    status = command(s);
  } catch (const std::exception& e) {
    try {
      finish(e.what());
    } catch (...) {
      // The run's own error is the one to report.
    }
    throw;
  }
  finish({});
  return status;
}

int run_action(const io::Env& env, io::Console& console) {
  const RunContext rc = read_run_context(env);
  print_context(rc.context, console, colour_allowed(is_terminal(stdout), env));
  return with_live_services(env, console, rc.inputs, [&rc](Services& s) {
    if (!rc.inputs.promote.empty()) {
      return run_promote_action(rc, s);
    }
    return rc.inputs.stack.empty() ? run_build_action(rc, s)
                                   : run_stack_action(rc, s, stack_sources(s, rc));
  });
}

}  // namespace berth::app
