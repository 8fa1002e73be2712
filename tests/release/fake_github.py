#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# The three GitHub REST calls scripts/release.sh makes, on loopback, for
# tests/release/release_test.sh: create a release, upload an asset (the
# create answer's upload_url, as uploads.github.com's), update the release.
# Every request is logged as one JSON line; uploaded assets are kept.
# Usage: fake_github.py STATE_DIR TOKEN   (writes STATE_DIR/port, then serves)
import json
import os
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

state, token = sys.argv[1], sys.argv[2]
assets = os.path.join(state, "assets")
os.makedirs(assets, exist_ok=True)
releases = {}


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def reply(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def handle_any(self):
        url = urlparse(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        entry = {
            "method": self.command,
            "path": url.path,
            "query": url.query,
            "auth": self.headers.get("Authorization") == "Bearer " + token,
            "content_type": self.headers.get("Content-Type", ""),
            "api_version": self.headers.get("X-GitHub-Api-Version", ""),
        }
        parts = url.path.strip("/").split("/")
        if not entry["auth"]:
            status, answer = 401, {"message": "Bad credentials"}
        elif self.command == "POST" and len(parts) == 4 and parts[0] == "repos" and parts[3] == "releases":
            entry["json"] = json.loads(body)
            rid = len(releases) + 1
            releases[rid] = entry["json"]
            port = self.server.server_address[1]
            status, answer = 201, {
                "id": rid,
                "upload_url": "http://127.0.0.1:%d/uploads/repos/%s/%s/releases/%d/assets{?name,label}"
                % (port, parts[1], parts[2], rid),
                "html_url": "https://github.com/%s/%s/releases/tag/%s" % (parts[1], parts[2], entry["json"]["tag_name"]),
            }
        elif self.command == "POST" and parts[:2] == ["uploads", "repos"] and parts[-1] == "assets":
            name = parse_qs(url.query).get("name", [""])[0]
            if not name or "/" in name:
                status, answer = 422, {"message": "bad name"}
            else:
                entry["release"] = int(parts[5])
                with open(os.path.join(assets, name), "wb") as f:
                    f.write(body)
                status, answer = 201, {"name": name, "size": len(body), "state": "uploaded"}
        elif self.command == "PATCH" and len(parts) == 5 and parts[3] == "releases":
            entry["json"] = json.loads(body)
            rid = int(parts[4])
            if rid not in releases:
                status, answer = 404, {"message": "Not Found"}
            else:
                releases[rid].update(entry["json"])
                status, answer = 200, {"id": rid, "html_url": "https://github.com/%s/%s/releases/tag/%s"
                                       % (parts[1], parts[2], releases[rid]["tag_name"])}
        else:
            status, answer = 404, {"message": "Not Found"}
        entry["status"] = status
        with open(os.path.join(state, "requests.jsonl"), "a") as f:
            f.write(json.dumps(entry) + "\n")
        self.reply(status, answer)

    do_POST = handle_any
    do_PATCH = handle_any
    do_GET = handle_any


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
with open(os.path.join(state, "port.tmp"), "w") as f:
    f.write(str(server.server_address[1]))
os.rename(os.path.join(state, "port.tmp"), os.path.join(state, "port"))
server.serve_forever()
