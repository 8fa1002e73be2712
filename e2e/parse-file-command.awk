# SPDX-License-Identifier: MIT
# The runner's parser for GITHUB_OUTPUT / GITHUB_ENV / GITHUB_STATE files
# (actions/runner FileCommandManager.cs, EnvFileKeyValuePairs), in POSIX awk:
#   - lines split on "\n" only; a "\r" stays in the value; a leading UTF-8 BOM is dropped
#   - empty lines are skipped
#   - "=" before any "<<": NAME=VALUE, split at the first "=" (empty value allowed)
#   - "<<" first: NAME<<DELIM; the value is every following line up to the first line
#     exactly equal to DELIM, joined with "\n", without the final newline
#   - anything else, an empty name or delimiter, or a missing delimiter: the step fails
#   - duplicates: the last one wins
# Each value is written, byte for byte, to OUT/<NAME> (OUT must exist), and each name
# is printed once per occurrence on stdout. Exit status 1 on a parse error (message on
# stderr), as the runner then marks the step failed; pairs before the bad line are kept.
# Usage: LC_ALL=C awk -v OUT=dir -f parse-file-command.awk FILE
function fail(msg) {
  printf "parse-file-command: %s\n", msg > "/dev/stderr"
  failed = 1
  exit 1
}
function store(name, value,   path) {
  if (name ~ /\// || name == "." || name == "..") fail("output name '" name "' cannot be stored as a file")
  path = OUT "/" name
  printf "%s", value > path
  close(path)
  print name
}
BEGIN { RS = "\n"; in_heredoc = 0 }
{
  line = $0
  if (NR == 1 && substr(line, 1, 3) == "\357\273\277") line = substr(line, 4)
  if (in_heredoc) {
    if (line == delim) {
      store(hname, hvalue)
      in_heredoc = 0
    } else {
      hvalue = (hcount++ ? hvalue "\n" : "") line
    }
    next
  }
  if (line == "") next
  eq = index(line, "=")
  hd = index(line, "<<")
  if (eq > 0 && (hd == 0 || eq < hd)) {
    name = substr(line, 1, eq - 1)
    if (name == "") fail("Invalid format '" line "': empty name")
    store(name, substr(line, eq + 1))
  } else if (hd > 0) {
    hname = substr(line, 1, hd - 1)
    delim = substr(line, hd + 2)
    if (hname == "" || delim == "") fail("Invalid format '" line "'")
    in_heredoc = 1
    hvalue = ""
    hcount = 0
  } else {
    fail("Invalid format '" line "'")
  }
}
END {
  if (failed) exit 1
  if (in_heredoc) fail("Matching delimiter not found '" delim "'")
}
