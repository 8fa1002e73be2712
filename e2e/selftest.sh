#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Checks the harness's own parsers: GITHUB_OUTPUT (parse-file-command.awk) against the
# cases of the runner's unit tests (src/Test/L0/Worker/SetOutputFileCommandL0.cs), and
# workflow commands in the log (parse-log-commands.awk).
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
echo "selftest: $pass passed, $fail failed"
((fail == 0))
