// SPDX-License-Identifier: MIT
#pragma once

#include <string_view>

#include "core/github.hpp"
#include "io/env.hpp"

namespace berth::io {

// Reads the GITHUB_* variables of `env` and the event payload at
// GITHUB_EVENT_PATH. With no GITHUB_EVENT_PATH (a local run) the payload is
// taken as empty. Throws Error naming GITHUB_EVENT_PATH when the file is
// missing, unreadable or not a JSON object, and GITHUB_EVENT_NAME when the
// event is not one GitHub has.
core::GitHubContext read_github_context(const Env& env);

// Fills the payload fields of `ctx` from the JSON text of an event payload.
// Throws Error naming GITHUB_EVENT_PATH when `json` is malformed or a field
// berth reads has the wrong type.
void apply_event_payload(std::string_view json, core::GitHubContext& ctx);

}  // namespace berth::io
