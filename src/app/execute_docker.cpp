// SPDX-License-Identifier: MIT
// The Executor's docker processes: their environment (secret variables, the
// private builder's BUILDX_CONFIG), the private DOCKER_CONFIG, the digest a
// pushing build reports, and the private builder's removal.
#include <algorithm>
#include <csignal>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "app/execute.hpp"
#include "core/build_progress.hpp"
#include "core/content_digest.hpp"
#include "core/error.hpp"
#include "core/text.hpp"

namespace berth::app {
namespace {

// Returns the private config.json that names `dirs` as cliPluginsExtraDirs.
std::string plugin_config(const std::vector<std::string>& dirs) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.StartObject();
  w.Key("cliPluginsExtraDirs");
  w.StartArray();
  for (const std::string& dir : dirs) {
    w.String(dir.c_str(), static_cast<rapidjson::SizeType>(dir.size()));
  }
  w.EndArray();
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize()) + "\n";
}

}  // namespace

std::string Executor::pushed_digest(const core::Step& step) {
  const auto flag = std::find(step.argv.begin(), step.argv.end(), "--metadata-file");
  if (flag == step.argv.end() || flag + 1 == step.argv.end()) {
    return {};
  }
  // buildx writes {"containerimage.digest": "sha256:...", ...}: the manifest
  // (or index) it pushed.
  rapidjson::Document doc;
  doc.Parse(m_services.files.read_text(*(flag + 1)).c_str());
  if (doc.HasParseError() || !doc.IsObject() || !doc.HasMember("containerimage.digest") ||
      !doc["containerimage.digest"].IsString()) {
    return {};
  }
  const auto digest = core::parse_digest(doc["containerimage.digest"].GetString());
  return digest ? digest->to_string() : std::string();
}

void Executor::prepare_config() {
  const std::string dir = m_plan.private_dir + "/docker";
  if (m_config_ready) {
    return;
  }
  m_services.files.make_dirs(dir);
  if (!m_plan.cli_plugin_dirs.empty()) {
    // docker login keeps fields it does not set when it saves the file.
    m_services.files.write_private_file(dir + "/config.json",
                                        plugin_config(m_plan.cli_plugin_dirs));
  }
  m_config_ready = true;
}

void Executor::remove_builder(const core::Step& step, StepOutcome& outcome) {
  // The builder holds nothing the run needs; a failure costs a stray
  // container, so it only warns.
  io::ProcessSpec spec{step.argv, step_env(step), {}, 60'000, true};
  io::ProcessResult r;
  try {
    r = m_services.processes.run(spec, {});
  } catch (const Error& e) {
    r.exit_code = -1;
    r.output = e.what();
  }
  if (r.ok()) {
    m_services.console.info("removed the private builder " +
                            core::shown_argv(m_plan, step.argv).back());
  } else {
    outcome.note = "could not remove the private builder";
    m_services.console.warning(outcome.note + " " + core::shown_argv(m_plan, step.argv).back() +
                               ": " + m_masker.apply(std::string(core::trim(r.output))));
  }
}

std::vector<std::string> Executor::step_env(const core::Step& step) const {
  std::vector<std::string> env = secret_env(step);
  if (!m_plan.buildx_config.empty() && core::uses_buildx_config(step)) {
    env.erase(std::remove_if(env.begin(), env.end(),
                             [](const std::string& e) { return core::starts_with(e, "BUILDX_CONFIG="); }),
              env.end());
    env.push_back("BUILDX_CONFIG=" + m_plan.buildx_config);
  }
  return env;
}

void Executor::run_docker(const core::Step& step, const std::string& stdin_data,
                          StepOutcome& outcome) {
  const std::string title = step_title(m_plan, step);
  io::ProcessSpec spec{step.argv, step_env(step), stdin_data, 0, false};
  // A BuildKit build's plain progress times its steps; the masked lines are
  // read, so a secret stays out of the steps' names too.
  const bool timed = step.kind == core::StepKind::k_build &&
                     std::find(step.argv.begin(), step.argv.end(), "--progress=plain") !=
                         step.argv.end();
  core::BuildProgress progress;
  m_services.console.group(title);
  const io::ProcessResult r = m_services.processes.run(spec, [&](const std::string& line) {
    const std::string shown = m_masker.apply(line);
    if (timed) {
      progress.add_line(shown, now_ns(m_services));
    }
    m_services.console.info(shown);
  });
  m_services.console.endgroup();
  if (timed) {
    outcome.build_steps = progress.steps();  // a failed build's too
  }
  if (r.interrupted) {
    const int signal = m_services.stop_requested();
    throw Cancelled(signal != 0 ? signal : SIGTERM, "while running " + title);
  }
  if (!r.ok()) {
    throw Error(title + " failed: " + r.describe() + " (its output is above)");
  }
}

bool Executor::run_test(const core::Step& step, StepOutcome& outcome) {
  const std::string title = step_title(m_plan, step);
  io::ProcessSpec spec{step.argv, step_env(step), {}, 0, false};
  std::vector<std::string> tail;
  m_services.console.group(title);
  const io::ProcessResult r = m_services.processes.run(spec, [&](const std::string& line) {
    const std::string shown = m_masker.apply(line);
    m_services.console.info(shown);
    tail.push_back(shown);
    if (tail.size() > k_test_tail_lines) {
      tail.erase(tail.begin());
    }
  });
  m_services.console.endgroup();
  if (r.interrupted) {
    const int signal = m_services.stop_requested();
    throw Cancelled(signal != 0 ? signal : SIGTERM, "while running " + title);
  }
  outcome.exit_code = r.signal != 0 ? -1 : r.exit_code;
  outcome.output_tail = std::move(tail);
  if (!r.ok()) {
    m_services.console.error(Error(title + " failed: " + r.describe() +
                                   " (the other tests still run; nothing is pushed)"));
    return false;
  }
  m_services.console.info(title + ": passed");
  return true;
}

std::vector<std::string> Executor::secret_env(const core::Step& step) const {
  std::vector<std::string> env = child_env(m_services.env);
  for (const core::SecretVar& var : step.secret_env) {
    const auto value = m_secrets.find(secret_key(var.input, var.key));
    if (value == m_secrets.end()) {
      throw Error(step_title(m_plan, step) + ": no value for secret \"" + var.key + "\" of " +
                  var.input);
    }
    // The step's value wins over one the environment already has.
    const std::string prefix = var.variable + "=";
    env.erase(std::remove_if(env.begin(), env.end(),
                             [&](const std::string& e) { return core::starts_with(e, prefix); }),
              env.end());
    env.push_back(prefix + value->second);
  }
  return env;
}

}  // namespace berth::app
