# SPDX-License-Identifier: MIT
# The runner's workflow-command processing of a step's log (actions/runner
# ActionCommandManager / ActionCommand.cs), reduced to what the e2e checks need:
#   - V2: after leading whitespace, "::cmd[ k=v,k=v]::data"; V1: "##[cmd[ k=v;k=v]]data"
#     anywhere in the line
#   - "::stop-commands::TOKEN" stops processing until a line "::TOKEN::"
#   - data is unescaped (%0D, %0A, %25; V2 properties also %3A, %2C)
#   - set-output (deprecated, still honoured) writes OUT/<name>; every command is listed on
#     stdout as "cmd<TAB>properties<TAB>data" (a stop-commands fence as "stop-commands")
# Usage: LC_ALL=C awk -v OUT=dir -f parse-log-commands.awk LOG
function unescape_data(s) { gsub(/%0D/, "\r", s); gsub(/%0A/, "\n", s); gsub(/%25/, "%", s); return s }
function unescape_prop(s) { gsub(/%0D/, "\r", s); gsub(/%0A/, "\n", s); gsub(/%3A/, ":", s); gsub(/%2C/, ",", s); gsub(/%25/, "%", s); return s }
function command(name, props, data, sep,   n, i, kv, pairs, eq, k, outname, path) {
  name = tolower(name)
  print name "\t" props "\t" data
  if (name != "set-output") return
  n = split(props, pairs, sep)
  outname = ""
  for (i = 1; i <= n; i++) {
    eq = index(pairs[i], "=")
    if (eq == 0) continue
    k = substr(pairs[i], 1, eq - 1)
    if (k == "name") outname = unescape_prop(substr(pairs[i], eq + 1))
  }
  if (outname == "" || outname ~ /\// || outname == "." || outname == "..") return
  path = OUT "/" outname
  printf "%s", data > path
  close(path)
}
{
  line = $0
  t = line
  sub(/^[ \t]+/, "", t)
  if (stopped) {
    if (t == "::" token "::") { stopped = 0; print "resume-commands\t\t" token }
    next
  }
  if (substr(t, 1, 2) == "::") {
    rest = substr(t, 3)
    end = index(rest, "::")
    if (end > 0) {
      head = substr(rest, 1, end - 1)
      data = unescape_data(substr(rest, end + 2))
      sp = index(head, " ")
      name = sp ? substr(head, 1, sp - 1) : head
      props = sp ? substr(head, sp + 1) : ""
      if (tolower(name) == "stop-commands") {
        if (data != "") { stopped = 1; token = data; print "stop-commands\t\t" data }
        next
      }
      if (name != "") { command(name, props, data, ","); next }
    }
  }
  v1 = index(line, "##[")
  if (v1 > 0) {
    rest = substr(line, v1 + 3)
    end = index(rest, "]")
    if (end > 0) {
      head = substr(rest, 1, end - 1)
      data = substr(rest, end + 1)
      gsub(/%3B/, ";", data); gsub(/%5D/, "]", data); data = unescape_data(data)
      sp = index(head, " ")
      name = sp ? substr(head, 1, sp - 1) : head
      props = sp ? substr(head, sp + 1) : ""
      if (name != "") command(name, props, data, ";")
    }
  }
}
