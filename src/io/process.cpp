// SPDX-License-Identifier: MIT
#include "io/process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>

#include "core/error.hpp"

namespace berth::io {
namespace {

std::atomic<int> g_stop_signal{0};

extern "C" void on_stop_signal(int sig) { g_stop_signal.store(sig); }

long now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// Splits complete lines off `buffer` into `sink`.
void drain_lines(std::string& buffer, const ProcessRunner::LineSink& sink) {
  std::size_t start = 0;
  std::size_t nl;
  while ((nl = buffer.find('\n', start)) != std::string::npos) {
    std::string line = buffer.substr(start, nl - start);
    if (!line.empty() && line.back() == '\r') {
      line.pop_back();
    }
    sink(line);
    start = nl + 1;
  }
  buffer.erase(0, start);
}

class Pipe {
 public:
  Pipe() {
    if (pipe2(m_fd, O_CLOEXEC) != 0) {
      throw Error(std::string("pipe failed: ") + std::strerror(errno));
    }
  }
  ~Pipe() {
    close_read();
    close_write();
  }
  Pipe(const Pipe&) = delete;
  Pipe& operator=(const Pipe&) = delete;
  int read_end() const { return m_fd[0]; }
  int write_end() const { return m_fd[1]; }
  void close_read() { close_fd(m_fd[0]); }
  void close_write() { close_fd(m_fd[1]); }

 private:
  static void close_fd(int& fd) {
    if (fd >= 0) {
      ::close(fd);
      fd = -1;
    }
  }
  int m_fd[2] = {-1, -1};
};

}  // namespace

std::string ProcessResult::describe() const {
  if (interrupted) {
    return "was stopped because berth was asked to stop";
  }
  if (timed_out) {
    return "was stopped after its time limit";
  }
  if (signal != 0) {
    return "was killed by signal " + std::to_string(signal);
  }
  return "exited with status " + std::to_string(exit_code);
}

void install_stop_handlers() {
  struct sigaction sa {};
  sa.sa_handler = on_stop_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGTERM, &sa, nullptr);
  sigaction(SIGINT, &sa, nullptr);
  // A child that closes its stdin early must not kill berth with SIGPIPE.
  signal(SIGPIPE, SIG_IGN);
}

int stop_requested() { return g_stop_signal.load(); }

ProcessResult PosixProcessRunner::run(const ProcessSpec& spec, const LineSink& on_line) {
  Pipe in, out, err;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in.read_end(), 0);
  posix_spawn_file_actions_adddup2(&actions, out.write_end(), 1);
  posix_spawn_file_actions_adddup2(&actions, err.write_end(), 2);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setpgroup(&attr, 0);  // its own group: stop it and its children together
  sigset_t defaults;
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGTERM);
  sigaddset(&defaults, SIGINT);
  sigaddset(&defaults, SIGPIPE);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF);

  std::vector<char*> argv;
  for (const std::string& a : spec.argv) {
    argv.push_back(const_cast<char*>(a.c_str()));
  }
  argv.push_back(nullptr);
  std::vector<std::string> env_copy = spec.env;
  std::vector<char*> envp;
  for (std::string& e : env_copy) {
    envp.push_back(e.data());
  }
  envp.push_back(nullptr);

  pid_t pid = 0;
  const int rc = posix_spawnp(&pid, argv[0], &actions, &attr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (rc != 0) {
    throw Error("cannot run " + spec.argv[0] + ": " + std::strerror(rc));
  }
  in.close_read();
  out.close_write();
  err.close_write();

  // Secrets go in through stdin; small enough to write before reading.
  std::size_t written = 0;
  while (written < spec.stdin_data.size()) {
    const ssize_t n = ::write(in.write_end(), spec.stdin_data.data() + written,
                              spec.stdin_data.size() - written);
    if (n <= 0 && errno != EINTR) {
      break;
    }
    written += n > 0 ? static_cast<std::size_t>(n) : 0;
  }
  in.close_write();

  ProcessResult result;
  std::string out_buf, err_buf;
  pollfd fds[2] = {{out.read_end(), POLLIN, 0}, {err.read_end(), POLLIN, 0}};
  const long start = now_ms();
  long stop_sent_at = 0;
  int open_fds = 2;
  char chunk[8192];
  const LineSink sink = on_line ? on_line : [](const std::string&) {};
  while (open_fds > 0) {
    const bool want_stop = stop_requested() != 0 ||
                           (spec.timeout_ms > 0 && now_ms() - start > spec.timeout_ms);
    if (want_stop && stop_sent_at == 0) {
      result.interrupted = stop_requested() != 0;
      result.timed_out = !result.interrupted;
      kill(-pid, SIGTERM);
      stop_sent_at = now_ms();
    } else if (stop_sent_at != 0 && now_ms() - stop_sent_at > 10'000) {
      kill(-pid, SIGKILL);  // it had its grace period
    }
    if (poll(fds, 2, 200) < 0 && errno != EINTR) {
      break;
    }
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || (fds[i].revents & (POLLIN | POLLHUP | POLLERR)) == 0) {
        continue;
      }
      const ssize_t n = ::read(fds[i].fd, chunk, sizeof chunk);
      if (n < 0 && errno == EINTR) {
        continue;
      }
      if (n <= 0) {
        fds[i].fd = -1;
        --open_fds;
        continue;
      }
      if (i == 0 && spec.capture) {
        result.output.append(chunk, static_cast<std::size_t>(n));
      } else {
        std::string& buf = i == 0 ? out_buf : err_buf;
        buf.append(chunk, static_cast<std::size_t>(n));
        drain_lines(buf, sink);
      }
    }
  }
  for (std::string* buf : {&out_buf, &err_buf}) {
    if (!buf->empty()) {
      sink(*buf);
    }
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status)) {
    result.exit_code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    result.signal = WTERMSIG(status);
  }
  return result;
}

}  // namespace berth::io
