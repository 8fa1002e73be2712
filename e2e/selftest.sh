#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Checks the harness's own parsers: GITHUB_OUTPUT (parse-file-command.awk) against the
# cases of the runner's unit tests (src/Test/L0/Worker/SetOutputFileCommandL0.cs), and
# workflow commands in the log (parse-log-commands.awk), and the image a step runs for each
# kind of runs.image (action-image.sh).
# No docker needed. Last line "selftest: N passed, M failed".
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
pass=0 fail=0
# case NAME INPUT(printf format) EXPECT_STATUS NAME=VALUE...   (VALUE in printf %b form)
case_() {
  local name=$1 input=$2 want_status=$3 status=0 kv k v got; shift 3
  rm -rf "$t/out" && mkdir "$t/out"
  # shellcheck disable=SC2059  # the case is a printf format on purpose
  printf "$input" >"$t/file"
  LC_ALL=C awk -v OUT="$t/out" -f "$here/parse-file-command.awk" "$t/file" >/dev/null 2>&1 || status=$?
  local ok=1
  [[ $status == "$want_status" ]] || ok=0
  for kv in "$@"; do
    k=${kv%%=*} v=${kv#*=}
    got=$(cat "$t/out/$k" 2>/dev/null; printf x)
    [[ ${got%x} == "$(printf '%b' "$v")" ]] || ok=0
  done
  if ((ok)); then pass=$((pass + 1)); echo "PASS $name"; else fail=$((fail + 1)); echo "FAIL $name (status $status)"; fi
}
case_ "simple"                 'MY_OUTPUT=example\n' 0 'MY_OUTPUT=example'
case_ "value with ="           'a=b=c\n' 0 'a=b=c'
case_ "empty value"            'a=\n' 0 'a='
case_ "no trailing newline"    'a=1' 0 'a=1'
case_ "CR kept in value"       'a=1\r\n' 0 'a=1\r'
case_ "empty lines skipped"    '\n\na=1\n\nb=2\n' 0 'a=1' 'b=2'
case_ "last duplicate wins"    'a=1\na=2\n' 0 'a=2'
case_ "BOM dropped"            '\357\273\277a=1\n' 0 'a=1'
case_ "heredoc"                'm<<EOF\nline 1\nline 2\nEOF\n' 0 'm=line 1\nline 2'
case_ "heredoc, empty"         'm<<EOF\nEOF\n' 0 'm='
case_ "heredoc, delim at EOF"  'm<<EOF\nx\nEOF' 0 'm=x'
case_ "heredoc, =EOF delim"    'MY_OUTPUT<<=EOF\nx\n=EOF\n' 0 'MY_OUTPUT=x'
case_ "heredoc, ' EOF' is a value line" 'm<<EOF\n EOF\nEOF\n' 0 'm= EOF'
case_ "heredoc, first delim ends it"     'm<<D\na\nD\nb=injected\n' 0 'm=a' 'b=injected'
case_ "= before << is key=value"         'a=x<<y\n' 0 'a=x<<y'
case_ "missing delimiter fails"          'm<<EOF\nx\n' 1
case_ "invalid line fails"               'just text\n' 1
case_ "empty name fails"                 '=v\n' 1
case_ "empty delimiter fails"            'm<<\nx\n' 1
case_ "pairs before a bad line are kept" 'a=1\nbad\n' 1 'a=1'

# The log's workflow commands (parse-log-commands.awk): which set-output lines the runner honours.
# logcase NAME LOG(printf format) OUTPUT=VALUE... ; OUTPUT=- means "not set"
logcase() {
  local name=$1 input=$2 kv k v ok=1; shift 2
  rm -rf "$t/out" && mkdir "$t/out"
  # shellcheck disable=SC2059  # the case is a printf format on purpose
  printf "$input" >"$t/log"
  LC_ALL=C awk -v OUT="$t/out" -f "$here/parse-log-commands.awk" "$t/log" >/dev/null 2>&1 || ok=0
  for kv in "$@"; do
    k=${kv%%=*} v=${kv#*=}
    if [[ $v == - ]]; then [[ ! -e $t/out/$k ]] || ok=0
    else [[ $(cat "$t/out/$k" 2>/dev/null) == "$(printf '%b' "$v")" ]] || ok=0; fi
  done
  if ((ok)); then pass=$((pass + 1)); echo "PASS log: $name"; else fail=$((fail + 1)); echo "FAIL log: $name"; fi
}
logcase "V2 set-output, unescaped"   '::set-output name=a::1%%0A2\n' 'a=1\n2'
logcase "V2 after leading spaces"     '   ::set-output name=a::x\n' 'a=x'
logcase "V2 not at line start"        'say ::set-output name=a::x\n' 'a=-'
logcase "V1 anywhere in a line"       'say ##[set-output name=a;]x\n' 'a=x'
logcase "stop-commands fences both"   '::stop-commands::tok\n::set-output name=a::x\n##[set-output name=b;]y\n::tok::\n::set-output name=c::z\n' 'a=-' 'b=-' 'c=z'
# The image a step runs, from runs.image (action-image.sh): the host becomes the local registry.
PLAIN_ADDR=127.0.0.1:5999
# shellcheck source=SCRIPTDIR/action-image.sh
source "$here/action-image.sh"
imagecase() { # imagecase NAME RUNS_IMAGE_LINE WANT ("error" when it must be refused)
  local name=$1 got
  printf 'name: x\ninputs:\n  image:\n    default: nope\nruns:\n  using: docker\n%s\n' "$2" >"$t/action.yml"
  if action_image "$t/action.yml" 2>/dev/null; then got="$E2E_ACTION_IMAGE pull=$E2E_PULL"; else got=error; fi
  if [[ $got == "$3" ]]; then pass=$((pass + 1)); echo "PASS runs.image: $name"
  else fail=$((fail + 1)); echo "FAIL runs.image: $name (got '$got', want '$3')"; fi
}
imagecase "ghcr.io, quoted"        "  image: 'docker://ghcr.io/o/berth:1.2.3'" "127.0.0.1:5999/o/berth:1.2.3 pull=1"
imagecase "a host with a port"     '  image: "docker://reg.example:5000/a/b/c:v1"' "127.0.0.1:5999/a/b/c:v1 pull=1"
imagecase "Docker Hub, no tag"     "  image: docker://alpine" "127.0.0.1:5999/library/alpine:latest pull=1"
imagecase "Docker Hub user"        "  image: docker://me/tool:2 # pinned" "127.0.0.1:5999/me/tool:2 pull=1"
imagecase "a digest is refused"    "  image: 'docker://ghcr.io/o/b@sha256:0000'" "error"
imagecase "Dockerfile"             "  image: 'Dockerfile'" "berth:dev pull=0"
imagecase "a Dockerfile in a dir"  "  image: 'build/Dockerfile'" "berth:dev pull=0"
imagecase "anything else"          "  image: 'ubuntu'" "error"
echo "selftest: $pass passed, $fail failed"
((fail == 0))
