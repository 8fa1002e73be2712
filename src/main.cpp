// SPDX-License-Identifier: MIT
#include <cstdio>

#include "app/cli.hpp"
#include "io/env.hpp"

extern char** environ;

int main(int argc, char** argv) {
  // Line-buffer stdout so that workflow commands (::add-mask:: above all)
  // reach the runner in order and at once, not when a pipe buffer fills.
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  return berth::app::run_cli(argc, argv, berth::io::Env::from_environ(environ));
}
