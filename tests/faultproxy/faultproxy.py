#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""A fault-injecting HTTP/1.1 reverse proxy for berth's tests.

It listens on 127.0.0.1 only, forwards every request to the one upstream it
is given (also on loopback), and injects faults into a seeded random share of
the requests, or into every request that matches a --permanent pattern:

  500, 502, 503   that status, with a registry-style JSON error body
  429             429 Too Many Requests with Retry-After: --retry-after seconds
  reset           the connection is reset (RST) before anything is forwarded
  truncate        forwarded; the answer declares a Content-Length larger than
                  the body sent, then the connection closes (a HEAD or a 204
                  is reset instead, as it has no body to cut)
  stall           sleeps --stall-ms, then forwards normally (no failure)
  hang            sleeps --hang-ms (meant to be past the client's timeout),
                  then closes without answering

Usage:
  faultproxy.py --upstream 127.0.0.1:5000 [--listen 127.0.0.1:0]
                [--rate 0.3] [--seed 1] [--faults 500,502,503,429,reset,truncate,stall]
                [--permanent 'PUT /v2/.*/manifests/.*'] [--permanent-fault 503]
                [--retry-after 1] [--stall-ms 300] [--hang-ms 90000]
                [--port-file FILE] [--stats-file FILE] [--log FILE]

It prints "listening 127.0.0.1:PORT" on stdout once ready (and writes PORT to
--port-file). Control endpoints, never faulted nor counted:

  GET  /__faultproxy/stats    JSON: requests, passed (answered by the
                              upstream, stalls included), injected {kind: n},
                              injected_total, failures (injected minus
                              stalls), permanent (injected by a pattern),
                              by_method, config
  POST /__faultproxy/config   JSON body with any of rate, faults, permanent
                              (a list of patterns), permanent_fault; answers
                              the new configuration
  POST /__faultproxy/reset    zeroes the counters

A --permanent pattern is a Python regular expression matched in full against
"METHOD PATH" (the path with its query). --stats-file is rewritten after
every request and at exit (SIGTERM, SIGINT).
"""

import argparse
import http.client
import http.server
import ipaddress
import json
import os
import random
import re
import signal
import socket
import socketserver
import struct
import sys
import threading
import time

FAULTS = ("500", "502", "503", "429", "reset", "truncate", "stall", "hang")
HOP_BY_HOP = {
    "connection", "keep-alive", "proxy-authenticate", "proxy-authorization",
    "te", "trailers", "transfer-encoding", "upgrade", "content-length",
}
CONTROL = "/__faultproxy/"


class State:
    """Configuration, the seeded generator and the counters, under one lock."""

    def __init__(self, args):
        self.lock = threading.Lock()
        self.rng = random.Random(args.seed)
        self.rate = args.rate
        self.faults = list(args.faults)
        self.permanent = [re.compile(p) for p in args.permanent]
        self.permanent_fault = args.permanent_fault
        self.retry_after = args.retry_after
        self.stall_ms = args.stall_ms
        self.hang_ms = args.hang_ms
        self.stats_file = args.stats_file
        self.log = open(args.log, "a", buffering=1) if args.log else None
        self.reset_counters()

    def reset_counters(self):
        self.requests = 0
        self.passed = 0
        self.injected = {k: 0 for k in FAULTS}
        self.injected_permanent = 0
        self.by_method = {}

    def config(self):
        return {
            "rate": self.rate,
            "faults": self.faults,
            "permanent": [p.pattern for p in self.permanent],
            "permanent_fault": self.permanent_fault,
        }

    def choose(self, method, path):
        """Returns the fault for this request, or None; counts it."""
        with self.lock:
            self.requests += 1
            self.by_method[method] = self.by_method.get(method, 0) + 1
            line = method + " " + path
            fault = None
            if any(p.fullmatch(line) for p in self.permanent):
                fault = self.permanent_fault
                self.injected_permanent += 1
            elif self.rate > 0 and self.faults and self.rng.random() < self.rate:
                fault = self.rng.choice(self.faults)
            return fault

    def count(self, fault, method, path):
        with self.lock:
            if fault is None or fault == "stall":
                self.passed += 1
            if fault is not None:
                self.injected[fault] += 1
            if self.log:
                self.log.write("%s %s %s\n" % (fault or "pass", method, path))
            self.write_stats_locked()

    def stats_locked(self):
        return {
            "requests": self.requests,
            "passed": self.passed,
            "injected": dict(self.injected),
            "injected_total": sum(self.injected.values()),
            # requests the client saw fail (a stall still gets its answer)
            "failures": sum(self.injected.values()) - self.injected["stall"],
            "permanent": self.injected_permanent,
            "by_method": dict(self.by_method),
            "config": self.config(),
        }

    def stats(self):
        with self.lock:
            return self.stats_locked()

    def write_stats_locked(self):
        if not self.stats_file:
            return
        tmp = self.stats_file + ".tmp"
        with open(tmp, "w") as f:
            json.dump(self.stats_locked(), f, indent=1, sort_keys=True)
        os.replace(tmp, self.stats_file)


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "faultproxy"

    def log_message(self, fmt, *args):  # quiet: the counters tell the story
        pass

    # Every method goes through one path.
    def do_GET(self):
        self.handle_any()

    do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = do_GET

    def read_body(self):
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            body = b""
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return body
                body += self.rfile.read(size)
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def send_plain(self, status, body, headers=()):
        self.send_response(status)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def reset(self):
        """Drops the connection with a TCP RST."""
        try:
            self.wfile.flush()
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                       struct.pack("ii", 1, 0))
            self.connection.close()
        except OSError:
            pass
        self.close_connection = True

    def control(self, body):
        state = self.server.state
        if self.command == "GET" and self.path == CONTROL + "stats":
            return self.send_plain(200, json.dumps(state.stats()).encode())
        if self.command == "POST" and self.path == CONTROL + "reset":
            with state.lock:
                state.reset_counters()
                state.write_stats_locked()
            return self.send_plain(200, b"{}")
        if self.command == "POST" and self.path == CONTROL + "config":
            try:
                change = json.loads(body or b"{}")
                with state.lock:
                    if "rate" in change:
                        state.rate = float(change["rate"])
                    if "faults" in change:
                        state.faults = check_faults(change["faults"])
                    if "permanent" in change:
                        state.permanent = [re.compile(p) for p in change["permanent"]]
                    if "permanent_fault" in change:
                        state.permanent_fault = check_faults([change["permanent_fault"]])[0]
                    answer = state.config()
            except (ValueError, TypeError, re.error) as e:
                return self.send_plain(400, json.dumps({"error": str(e)}).encode())
            return self.send_plain(200, json.dumps(answer).encode())
        return self.send_plain(404, b'{"error":"unknown control endpoint"}')

    def forward(self, body):
        """Sends the request upstream; returns (status, reason, headers, body)."""
        host, port = self.server.upstream
        conn = http.client.HTTPConnection(host, port, timeout=120)
        try:
            headers = {k: v for k, v in self.headers.items()
                       if k.lower() not in HOP_BY_HOP}
            # Host goes through unchanged: the registry builds Location
            # headers from it, and they must point back at the proxy.
            if self.command in ("POST", "PUT", "PATCH") or body:
                headers["Content-Length"] = str(len(body))
            conn.request(self.command, self.path, body=body, headers=headers)
            resp = conn.getresponse()
            data = resp.read()
            return resp.status, resp.reason, resp.getheaders(), data
        finally:
            conn.close()

    def relay(self, status, reason, headers, data, declared=None):
        self.send_response_only(status, reason)
        length = None
        for k, v in headers:
            if k.lower() == "content-length":
                length = v
            if k.lower() not in HOP_BY_HOP:
                self.send_header(k, v)
        if self.command == "HEAD":
            self.send_header("Content-Length", length if length is not None else "0")
        else:
            self.send_header("Content-Length",
                             str(declared if declared is not None else len(data)))
        self.end_headers()

    def handle_any(self):
        try:
            body = self.read_body()
        except (OSError, ValueError):
            self.close_connection = True
            return
        if self.path.startswith(CONTROL):
            return self.control(body)
        state = self.server.state
        method, path = self.command, self.path
        fault = state.choose(method, path)
        try:
            self.inject(fault, body)
        except OSError:
            self.close_connection = True  # the client went away
        finally:
            state.count(fault, method, path)

    def inject(self, fault, body):
        state = self.server.state
        if fault in ("500", "502", "503"):
            msg = {"errors": [{"code": "UNAVAILABLE",
                               "message": "faultproxy: injected " + fault}]}
            return self.send_plain(int(fault), json.dumps(msg).encode())
        if fault == "429":
            msg = {"errors": [{"code": "TOOMANYREQUESTS",
                               "message": "faultproxy: injected 429"}]}
            return self.send_plain(429, json.dumps(msg).encode(),
                                   [("Retry-After", str(state.retry_after))])
        if fault == "reset":
            return self.reset()
        if fault == "hang":
            time.sleep(state.hang_ms / 1000.0)
            return self.reset()
        if fault == "stall":
            time.sleep(state.stall_ms / 1000.0)
        try:
            status, reason, headers, data = self.forward(body)
        except (OSError, http.client.HTTPException) as e:
            return self.send_plain(502, json.dumps({"error": str(e)}).encode())
        if fault == "truncate":
            if self.command == "HEAD" or status in (204, 304) or 100 <= status < 200:
                return self.reset()  # no body to cut
            self.relay(status, reason, headers, data, declared=len(data) + 64)
            self.wfile.write(data[: len(data) // 2])
            return self.reset()
        self.relay(status, reason, headers, data)
        if self.command != "HEAD":
            self.wfile.write(data)


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def loopback(hostport, what):
    host, _, port = hostport.rpartition(":")
    host = host.strip("[]")
    try:
        addr = ipaddress.ip_address(socket.gethostbyname(host))
    except (OSError, ValueError):
        sys.exit("faultproxy: cannot resolve %s %s" % (what, hostport))
    if not addr.is_loopback:
        sys.exit("faultproxy: %s %s is not on loopback; refusing" % (what, hostport))
    if not port.isdigit():
        sys.exit("faultproxy: %s %s has no port" % (what, hostport))
    return host, int(port)


def check_faults(faults):
    if isinstance(faults, str):
        faults = [f for f in faults.split(",") if f]
    for f in faults:
        if f not in FAULTS:
            raise ValueError("unknown fault %r (known: %s)" % (f, ", ".join(FAULTS)))
    return list(faults)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--upstream", required=True, help="HOST:PORT on loopback")
    p.add_argument("--listen", default="127.0.0.1:0", help="127.0.0.1:PORT (0: any)")
    p.add_argument("--rate", type=float, default=0.0, help="share of requests faulted")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--faults", type=check_faults,
                   default=["500", "502", "503", "429", "reset", "truncate", "stall"])
    p.add_argument("--permanent", action="append", default=[],
                   help='regex over "METHOD PATH"; every match is faulted')
    p.add_argument("--permanent-fault", default="503", choices=FAULTS)
    p.add_argument("--retry-after", type=int, default=1, help="seconds, for 429")
    p.add_argument("--stall-ms", type=int, default=300)
    p.add_argument("--hang-ms", type=int, default=90000)
    p.add_argument("--port-file")
    p.add_argument("--stats-file")
    p.add_argument("--log", help="one line per request: fault|pass METHOD PATH")
    args = p.parse_args()
    if not 0.0 <= args.rate <= 1.0:
        p.error("--rate is a share between 0 and 1")

    listen = loopback(args.listen, "listen address")
    server = Server(listen, Handler)
    server.upstream = loopback(args.upstream, "upstream")
    server.state = State(args)

    def stop(signum, frame):
        with server.state.lock:
            server.state.write_stats_locked()
        os._exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    port = server.server_address[1]
    if args.port_file:
        tmp = args.port_file + ".tmp"
        with open(tmp, "w") as f:
            f.write("%d\n" % port)
        os.replace(tmp, args.port_file)
    print("listening %s:%d" % (listen[0], port), flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
