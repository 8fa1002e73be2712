#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Minimal token server for distribution's `auth: token`, for berth's tests only.

GET  /token?service=S&scope=repository:NAME:pull,push[&scope=...]   Authorization: Basic (or none = anonymous)
POST /token   grant_type=password&username=U&password=P&service=S&scope=<space-separated scopes>
GET  /stats   request counters and the last requests (user, scopes, status) as JSON; POST /stats/reset zeroes them
Passwords are checked against the registry's bcrypt htpasswd file with `htpasswd -vi` (password on stdin),
once per user and password while the file is unchanged.
Anonymous requests get a valid token with no access; a wrong password gets 401. Repositories matching a
--pull-only pattern are granted at most `pull`. Tokens are RS256 JWTs whose `kid` is the libtrust key ID.
"""
import argparse, base64, fnmatch, hashlib, json, os, re, subprocess, threading, time, uuid
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit
import jwt
from cryptography import x509
from cryptography.hazmat.primitives import serialization


def libtrust_kid(cert_pem):
    """distribution's key ID: base32(sha256(DER SubjectPublicKeyInfo)[:30]) in 12 groups of 4, ':'-joined."""
    der = x509.load_pem_x509_certificate(cert_pem).public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    b32 = base64.b32encode(hashlib.sha256(der).digest()[:30]).decode()
    return ":".join(b32[i:i + 4] for i in range(0, len(b32), 4))


VERIFIED = {}  # (htpasswd mtime, user, sha256 of the password) -> bool: bcrypt once per pair
VERIFIED_LOCK = threading.Lock()


def password_ok(user, password):
    if not re.fullmatch(r"[A-Za-z0-9._@][A-Za-z0-9._@-]*", user or ""):
        return False
    key = (os.stat(ARGS.htpasswd).st_mtime_ns, user, hashlib.sha256(password.encode()).hexdigest())
    with VERIFIED_LOCK:
        if key in VERIFIED:
            return VERIFIED[key]
    r = subprocess.run(["htpasswd", "-vi", ARGS.htpasswd, user], input=password.encode(),
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with VERIFIED_LOCK:
        VERIFIED[key] = r.returncode == 0
    return r.returncode == 0


def parse_scopes(values):
    """'repository:host:5000/a/b:pull,push' -> ('repository', 'host:5000/a/b', ['pull', 'push'])."""
    out = []
    for value in values:
        for s in value.split():
            typ, _, rest = s.partition(":")
            name, _, actions = rest.rpartition(":")
            if typ and name:
                out.append((typ, name, [a for a in actions.split(",") if a]))
    return out


def grant(scopes, user):
    if user is None:
        return []  # anonymous: a token that allows nothing
    access = []
    for typ, name, actions in scopes:
        if (typ == "repository" and user != ARGS.admin
                and any(fnmatch.fnmatchcase(name, p) for p in ARGS.pull_only)):
            actions = [a for a in actions if a == "pull"]
        if actions:
            access.append({"type": typ, "name": name, "actions": actions})
    return access


LOCK, STATS = threading.Lock(), {}


def reset_stats():
    STATS.clear()
    STATS.update(requests=0, get=0, post=0, issued=0, anonymous=0, unauthorized=0, bad_request=0, log=[])


def record(method, user, scopes, status):
    with LOCK:
        STATS["requests"] += 1
        STATS[method.lower()] += 1
        STATS[{200: "issued", 401: "unauthorized"}.get(status, "bad_request")] += 1
        STATS["anonymous"] += status == 200 and user is None
        STATS["log"] = (STATS["log"] + [{"method": method, "user": user, "status": status,
                                         "scopes": [f"{t}:{n}:{','.join(a)}" for t, n, a in scopes]}])[-100:]
        if ARGS.stats_file:  # a file too, so tests can count without HTTP
            tmp = ARGS.stats_file + ".tmp"
            with open(tmp, "w") as f:
                json.dump(STATS, f)
            os.replace(tmp, ARGS.stats_file)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def reply(self, code, obj, headers=()):
        body = json.dumps(obj).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        url = urlsplit(self.path)
        if url.path == "/stats":
            with LOCK:
                return self.reply(200, STATS)
        if url.path != "/token":
            return self.reply(404, {"error": "not found"})
        user = password = None
        auth = self.headers.get("Authorization", "")
        if auth[:6].lower() == "basic ":
            try:
                user, _, password = base64.b64decode(auth[6:].strip()).decode().partition(":")
            except ValueError:
                user, password = "", ""
        self.issue("GET", parse_qs(url.query), user, password)

    def do_POST(self):
        url = urlsplit(self.path)
        form = parse_qs(self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode())
        if url.path == "/stats/reset":
            with LOCK:
                reset_stats()
            return self.reply(200, {"reset": True})
        if url.path != "/token":
            return self.reply(404, {"error": "not found"})
        if form.get("grant_type") != ["password"]:
            record("POST", None, [], 400)
            return self.reply(400, {"error": "unsupported_grant_type"})
        self.issue("POST", form, form.get("username", [None])[0], form.get("password", [""])[0])

    def issue(self, method, q, user, password):
        scopes = parse_scopes(q.get("scope", []))
        if q.get("service", [ARGS.service])[0] != ARGS.service:
            record(method, user, scopes, 400)
            return self.reply(400, {"error": "invalid_request", "error_description": "unknown service"})
        if user is not None and not password_ok(user, password):
            record(method, user, scopes, 401)
            return self.reply(401, {"errors": [{"code": "UNAUTHORIZED", "message": "bad credentials"}]},
                              [("WWW-Authenticate", 'Basic realm="berth-test-token"')])
        now = int(time.time())
        claims = {"iss": ARGS.issuer, "aud": ARGS.service, "sub": user or "", "iat": now, "nbf": now - 5,
                  "exp": now + ARGS.ttl, "jti": uuid.uuid4().hex, "access": grant(scopes, user)}
        token = jwt.encode(claims, KEY, algorithm="RS256", headers={"kid": KID})
        record(method, user, scopes, 200)
        issued = datetime.fromtimestamp(now, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        self.reply(200, {"token": token, "access_token": token, "expires_in": ARGS.ttl, "issued_at": issued})


if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--listen", default="127.0.0.1:5080", help="host:port (keep it on loopback)")
    p.add_argument("--htpasswd", required=True)
    p.add_argument("--key", required=True, help="PEM RSA private key that signs tokens")
    p.add_argument("--cert", required=True, help="PEM cert of that key (the registry's rootcertbundle)")
    p.add_argument("--issuer", required=True)
    p.add_argument("--service", required=True)
    p.add_argument("--admin", default="admin", metavar="USER",
                   help="user exempt from --pull-only (seeds the read-only repositories)")
    p.add_argument("--pull-only", action="append", default=[], metavar="REPO",
                   help="grant at most pull on repositories matching this glob (repeatable)")
    p.add_argument("--ttl", type=int, default=300)
    p.add_argument("--stats-file", help="write the counters here (JSON) after each token request")
    ARGS = p.parse_args()
    # Parsed once: loading an RSA key checks it, which costs more than signing.
    KEY = serialization.load_pem_private_key(open(ARGS.key, "rb").read(), password=None)
    KID = libtrust_kid(open(ARGS.cert, "rb").read())
    reset_stats()
    host, _, port = ARGS.listen.rpartition(":")
    print(f"token server on http://{ARGS.listen}/token kid={KID}", flush=True)
    ThreadingHTTPServer((host, int(port)), Handler).serve_forever()
