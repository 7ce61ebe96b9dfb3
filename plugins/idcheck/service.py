#!/usr/bin/env python3
"""idcheck reference service: verifies supply-chain actors (importers, declarants, brokers,
forwarders) against an identity registry, speaking clearway-plugin/1 over HTTP.

It stands in for a real identity service (an EORI/AEO register, a trader-identity API) so the
plugin can be run and tested locally. Standard library only.

    python3 service.py [--port 8765] [--registry registry.json] [--token T]

API (all POST /rpc, JSON-RPC 2.0 envelopes, see ../README.md; GET /health answers `ok`):
  verify        args {eori?, actor_id?, name?}  -> one verdict
  verify_batch  input rows [{eori?, actor_id?, name?}, ...] -> one verdict per row
A verdict: {query, status, holder, country, roles, aeo, valid_until, reasons}; status is one of
valid, revoked, suspended, expired, name_mismatch, unknown, malformed.
With --token (or IDCHECK_TOKEN set), requests need `Authorization: Bearer <token>`.
"""
import datetime
import json
import os
import re
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

EORI = re.compile(r"^[A-Z]{2}[A-Z0-9]{1,15}$")


def arg(name, default=None):
    return sys.argv[sys.argv.index(name) + 1] if name in sys.argv else default


REGISTRY_PATH = arg("--registry", os.path.join(os.path.dirname(os.path.abspath(__file__)), "registry.json"))
TOKEN = arg("--token", os.environ.get("IDCHECK_TOKEN"))
with open(REGISTRY_PATH) as f:
    ACTORS = json.load(f)["actors"]
BY_EORI = {a["eori"]: a for a in ACTORS}
BY_ID = {a["actor_id"]: a for a in ACTORS if a.get("actor_id")}


def norm(name):
    return re.sub(r"[^a-z0-9]", "", (name or "").lower())


def verify(q, today=None):
    today = today or datetime.date.today().isoformat()
    eori = (q.get("eori") or "").strip().upper()
    reasons = []
    if eori and not EORI.match(eori):
        return {"query": q, "status": "malformed", "reasons": ["not an EORI number (2 letters, up to 15 letters or digits)"]}
    actor = BY_EORI.get(eori) if eori else BY_ID.get((q.get("actor_id") or "").strip())
    if actor is None:
        return {"query": q, "status": "unknown", "reasons": ["not in the identity registry"]}
    status = actor.get("status", "valid")
    if status == "valid" and actor.get("valid_until") and actor["valid_until"] < today:
        status = "expired"
        reasons.append("registration expired on " + actor["valid_until"])
    if status in ("revoked", "suspended"):
        reasons.append("%s on %s: %s" % (status, actor.get("status_since", "?"), actor.get("status_reason", "")))
    if status == "valid" and q.get("name") and norm(q["name"]) not in (norm(actor["holder"]), *map(norm, actor.get("aliases", []))):
        status = "name_mismatch"
        reasons.append("registered to %s" % actor["holder"])
    return {"query": q, "status": status, "eori": actor["eori"], "actor_id": actor.get("actor_id"),
            "holder": actor["holder"], "country": actor["eori"][:2], "roles": actor.get("roles", []),
            "aeo": actor.get("aeo"), "valid_until": actor.get("valid_until"), "reasons": reasons}


COMMANDS = [{"name": "verify", "output": "json"}, {"name": "verify_batch", "output": "json"}]


def handle(msg):
    rid, method, params = msg.get("id"), msg.get("method"), msg.get("params") or {}
    if method == "initialize":
        return {"jsonrpc": "2.0", "id": rid, "result": {"version": "1.0", "plugin": {"name": "idcheck", "version": "1.0.0"},
                                                        "capabilities": {}, "commands": COMMANDS}}
    if method in ("shutdown", "$/cancel"):
        return {"jsonrpc": "2.0", "id": rid, "result": None}
    command, args = params.get("command"), params.get("args") or {}
    if command == "verify":
        if not (args.get("eori") or args.get("actor_id")):
            return error(rid, -32602, "verify needs eori or actor_id", "user", "--arg eori=DE… or --arg actor_id=…")
        return {"jsonrpc": "2.0", "id": rid, "result": verify(args)}
    if command == "verify_batch":
        rows = (params.get("input") or {}).get("rows")
        if rows is None:
            return error(rid, -32602, "verify_batch takes rows (JSON)", "user", "use --input-query; the command asks for JSON rows")
        return {"jsonrpc": "2.0", "id": rid, "result": [flat(verify(r)) for r in rows]}
    return error(rid, -32601, "no command %r" % command, "user")


def flat(v):
    """A verdict as one table row."""
    q = v.pop("query")
    return {"queried_eori": q.get("eori"), "queried_actor_id": q.get("actor_id"), "queried_name": q.get("name"),
            "status": v.get("status"), "eori": v.get("eori"), "holder": v.get("holder"), "country": v.get("country"),
            "roles": ",".join(v.get("roles") or []), "aeo": v.get("aeo"), "valid_until": v.get("valid_until"),
            "reasons": "; ".join(v.get("reasons") or [])}


def error(rid, code, message, kind, help=None):
    data = {"kind": kind}
    if help:
        data["help"] = help
    return {"jsonrpc": "2.0", "id": rid, "error": {"code": code, "message": message, "data": data}}


class Handler(BaseHTTPRequestHandler):
    def log_message(self, fmt, *a):
        print("idcheck: " + fmt % a, file=sys.stderr)

    def do_GET(self):
        self.send(200, b"ok", "text/plain") if self.path == "/health" else self.send(404, b"", "text/plain")

    def do_POST(self):
        if self.path != "/rpc":
            return self.send(404, b"", "text/plain")
        msg = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)))
        if TOKEN and self.headers.get("Authorization") != "Bearer " + TOKEN:
            answer = error(msg.get("id"), -32001, "missing or wrong bearer token", "auth", "set IDCHECK_TOKEN")
        else:
            answer = handle(msg)
        self.send(200, json.dumps(answer).encode(), "application/json")

    def send(self, status, body, kind):
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


if __name__ == "__main__":
    server = ThreadingHTTPServer(("127.0.0.1", int(arg("--port", "8765"))), Handler)
    print("listening on %d" % server.server_address[1], flush=True)
    server.serve_forever()
