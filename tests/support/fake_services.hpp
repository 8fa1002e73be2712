// SPDX-License-Identifier: MIT
// In-memory adapters for unit tests of the commands: a scripted process
// runner, registries, a file system and the step log, wired as app::Services.
#pragma once

#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "app/execute.hpp"
#include "app/services.hpp"
#include "io/console.hpp"
#include "io/env.hpp"

namespace berth::testing {

// Runs nothing: records every argv (and its stdin) and answers from a table
// keyed by the docker subcommand ("version", "build", "push", ...).
class FakeProcessRunner : public io::ProcessRunner {
 public:
  struct Call {
    std::vector<std::string> argv;
    std::string stdin_data;
    std::vector<std::string> env;  // the child's whole environment
  };
  struct Answer {
    int exit_code = 0;
    std::vector<std::string> lines;  // printed (or captured) output
    bool interrupted = false;
  };

  io::ProcessResult run(const io::ProcessSpec& spec, const LineSink& on_line) override;

  // Answers calls of the docker subcommand `subcommand` with `answer`; a
  // buildx call's subcommand is two words ("buildx build").
  void answer(const std::string& subcommand, Answer answer) { m_answers[subcommand] = answer; }
  // Answers calls whose last argument is `last` (a stack test's command)
  // with `answer`, before any answer by subcommand.
  void answer_last(const std::string& last, Answer answer) { m_by_last[last] = answer; }
  // Runs `hook` after each call (tests raise a stop request from here).
  void after_each(std::function<void(const Call&)> hook) { m_after = std::move(hook); }

  const std::vector<Call>& calls() const { return m_calls; }
  // Returns the subcommand of every call, in order ("version", "login", ...).
  std::vector<std::string> subcommands() const;

 private:
  std::map<std::string, Answer> m_answers;
  std::map<std::string, Answer> m_by_last;
  std::function<void(const Call&)> m_after;
  std::vector<Call> m_calls;
};

// One in-memory registry: manifests by repository and tag. Every write is
// recorded as "PUT repository:tag".
class FakeRegistry : public io::Registry {
 public:
  void add_scope(const std::string& repository, const std::string& actions) override;
  io::Manifest get_manifest(const std::string& repository, const std::string& reference) override;
  std::optional<std::string> head_manifest(const std::string& repository,
                                           const std::string& reference) override;
  std::string put_manifest(const std::string& repository, const std::string& reference,
                           const io::Manifest& manifest) override;
  std::vector<std::string> list_tags(const std::string& repository) override;
  // Blobs by digest ("BLOB repository@digest" events); a referrer is PUT
  // under its digest and not indexed (as a registry without the referrers
  // API: the caller keeps the referrers tag).
  std::string upload_blob(const std::string& repository, const std::string& bytes) override;
  std::string get_blob(const std::string& repository, const std::string& digest,
                       std::size_t max_bytes) override;
  bool put_referrer(const std::string& repository, const io::Manifest& manifest) override;

  // Stores a manifest with a made-up digest under repository:tag.
  io::Manifest seed(const std::string& repository, const std::string& tag);
  // Makes put_manifest of `tag` fail with an Error.
  void fail_put(const std::string& tag) { m_fail_put.insert(tag); }
  // Runs `hook` before each write (tests raise a stop request from here).
  void before_put(std::function<void(const std::string&)> hook) { m_before_put = std::move(hook); }

  const std::vector<std::string>& writes() const { return m_writes; }
  // Every request, reads ("GET", "HEAD", "LIST") and writes, in order.
  const std::vector<std::string>& events() const { return m_events; }

 private:
  std::map<std::string, std::map<std::string, io::Manifest>> m_repos;
  std::map<std::string, std::string> m_blobs;  // by repository@digest
  std::set<std::string> m_fail_put;
  std::function<void(const std::string&)> m_before_put;
  std::vector<std::string> m_writes;
  std::vector<std::string> m_events;
};

// Registries by host, all in memory.
class FakeRegistries : public app::RegistryAccess {
 public:
  io::Registry& registry(const std::string& host) override { return m_registries[host]; }
  bool sends_password(const std::string& host) const override {
    return m_no_password.count(host) == 0;
  }
  bool can_push(const std::string& host) override { return m_no_credentials.count(host) == 0; }
  app::HttpStats stats() const override { return {}; }

  // Returns the credentials give_login() set for `host`, else the password
  // input's where it is sent.
  std::optional<app::LoginCredentials> login_credentials(const std::string& host) override {
    if (const auto it = m_logins.find(host); it != m_logins.end()) {
      return it->second;
    }
    return app::RegistryAccess::login_credentials(host);
  }

  FakeRegistry& at(const std::string& host) { return m_registries[host]; }
  // Gives `host` these credentials (a registry-auth line, a docker config entry).
  void give_login(const std::string& host, app::LoginCredentials c) { m_logins[host] = std::move(c); }
  // Withholds the password from `host` (as a GitHub token is withheld).
  void withhold_password(const std::string& host) { m_no_password.insert(host); }
  // Makes `host` a registry berth has no credentials for.
  void without_credentials(const std::string& host) { m_no_credentials.insert(host); }

 private:
  std::map<std::string, FakeRegistry> m_registries;
  std::set<std::string> m_no_password;
  std::set<std::string> m_no_credentials;
  std::map<std::string, app::LoginCredentials> m_logins;
};

// A file system of named directories and files; records what is written.
class FakeFiles : public io::Files {
 public:
  bool is_directory(const std::string& path) override { return m_dirs.count(path) > 0; }
  bool is_regular_file(const std::string& path) override { return m_files.count(path) > 0; }
  bool is_executable(const std::string& path) override { return m_executables.count(path) > 0; }
  bool has_entries(const std::string& path) override;
  std::string make_private_dir(const std::string& base) override;
  void make_dirs(const std::string& path) override { m_dirs.insert(path); }
  void remove_all(const std::string& path) noexcept override;
  std::string read_first_line(const std::string& path) override;
  std::string read_text(const std::string& path) override { return content(path); }
  void write_outputs(const std::string& path, const io::Outputs& outputs) override;
  void write_summary(const std::string& path, const std::string& markdown) override;
  void write_private_file(const std::string& path, const std::string& content) override {
    m_files[path] = content;
  }
  // Returns the content of the file at `path` ("" when there is none).
  std::string content(const std::string& path) const {
    const auto it = m_files.find(path);
    return it == m_files.end() ? std::string() : it->second;
  }

  void add_dir(const std::string& path) { m_dirs.insert(path); }
  void add_file(const std::string& path, const std::string& content = {}) {
    m_files[path] = content;
  }
  void add_executable(const std::string& path) { m_executables.insert(path); }

  // The private directories made and not yet removed.
  const std::set<std::string>& live_private_dirs() const { return m_private; }
  int private_dirs_made() const { return m_private_made; }
  // Every output written, by name (the last value wins).
  const std::map<std::string, std::string>& outputs() const { return m_outputs; }
  const std::string& summary() const { return m_summary; }

 private:
  std::set<std::string> m_dirs;
  std::map<std::string, std::string> m_files;
  std::set<std::string> m_executables;
  std::set<std::string> m_private;
  int m_private_made = 0;
  std::map<std::string, std::string> m_outputs;
  std::string m_summary;
};

// Every fake, wired as app::Services over `env`, with the log in `log`.
struct FakeServices {
  explicit FakeServices(io::Env environment);

  app::Services services();
  // Returns the log as one string, a line each.
  std::string log_text() const;

  io::Env env;
  std::vector<std::string> log;
  io::Console console;
  FakeProcessRunner processes;
  FakeFiles files;
  FakeRegistries registries;
  int stop_signal = 0;  // what stop_requested() returns
  int ids = 0;
  // The clock: starts at clock_ns and moves tick_ns at every reading.
  std::int64_t clock_ns = 1'700'000'000'000'000'000;
  std::int64_t tick_ns = 250'000'000;
  app::RunRecord* record = nullptr;  // handed to the executor when set
};

}  // namespace berth::testing
