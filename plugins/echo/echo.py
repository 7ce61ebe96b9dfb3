#!/usr/bin/env python3
"""clearway's protocol fixture and reference plugin (standard library only).

Speaks clearway-plugin/1 (plugins/README.md) over stdio (default) or HTTP (`--http PORT`,
port 0 picks a free one and prints `listening on PORT`). Its commands exist to prove what the
host guarantees: echo, progress and logs, sleep (timeouts and cancel), crash, big (output
caps), malformed (protocol faults), env (environment isolation), error (error kinds), table
and row echo (Arrow and JSON transfer) and stream (streamed items). `--version X.Y` makes it
claim another protocol version, for the refusal test.
"""
import json
import os
import queue
import shutil
import sys
import threading
import time

VERSION = "1.0"
for i, a in enumerate(sys.argv):
    if a == "--version" and i + 1 < len(sys.argv):
        VERSION = sys.argv[i + 1]

COMMANDS = [
    {"name": "echo", "output": "json"},
    {"name": "sleep", "output": "json"},
    {"name": "crash", "output": "json"},
    {"name": "big", "output": "json"},
    {"name": "malformed", "output": "json"},
    {"name": "env", "output": "json"},
    {"name": "error", "output": "json"},
    {"name": "table_echo", "output": "table"},
    {"name": "rows_echo", "output": "json"},
    {"name": "stream", "output": "stream"},
    {"name": "side_effect", "output": "json"},
    {"name": "noop", "output": "json"},
]

cancelled = set()


class Failure(Exception):
    def __init__(self, code, message, kind, help=None):
        super().__init__(message)
        self.code, self.message, self.kind, self.help = code, message, kind, help


def initialize(params):
    return {
        "version": VERSION,
        "plugin": {"name": "echo", "version": "1.0.0"},
        "capabilities": {"arrow_ipc": True, "progress": True, "cancel": True, "stream": True},
        "commands": COMMANDS,
    }


def call(rid, params, notify, table_in, table_out):
    """Runs one call; `notify(method, params)` sends a notification; table_in/table_out are
    callables giving the input Arrow bytes' path and taking the output's."""
    command, args = params.get("command"), params.get("args") or {}
    if command == "echo":
        notify("$/progress", {"id": rid, "fraction": 0.5, "message": "echoing"})
        notify("$/log", {"level": "info", "message": "echo called"})
        print("echo: a line on stderr", file=sys.stderr, flush=True)
        return {"text": args.get("text"), "args": args}
    if command == "sleep":
        print("sleeping pid %d" % os.getpid(), file=sys.stderr, flush=True)
        end = time.time() + float(args.get("ms", 1000)) / 1000
        while time.time() < end:
            if rid in cancelled and not args.get("ignore_cancel"):
                raise Failure(-32800, "cancelled", "user")
            time.sleep(0.01)
        return {"slept_ms": args.get("ms", 1000)}
    if command == "crash":
        print("crash: going down", file=sys.stderr, flush=True)
        os._exit(int(args.get("code", 3)))
    if command == "big":
        return {"blob": "x" * int(args.get("bytes", 1000))}
    if command == "malformed":
        return "MALFORMED"
    if command == "env":
        return {"env": dict(sorted(os.environ.items()))}
    if command == "error":
        raise Failure(-32001, "asked to fail", args.get("kind", "user"), "this is the help line")
    if command == "table_echo":
        table_out(table_in())
        return {"echoed": True}
    if command == "rows_echo":
        rows = (params.get("input") or {}).get("rows")
        if rows is None:
            raise Failure(-32602, "rows_echo takes JSON rows (--input-format json)", "user")
        return rows
    if command == "stream":
        n, pause = int(args.get("n", 10)), float(args.get("interval_ms", 0)) / 1000
        sent = 0
        while sent < n and rid not in cancelled:
            notify("$/item", {"id": rid, "value": {"i": sent, "device_id": "echo-1",
                                                   "ts": "2025-01-01T00:00:%02d" % (sent % 60),
                                                   "lat": 50.0 + sent / 1000, "lon": 4.0}})
            sent += 1
            if pause:
                time.sleep(pause)
        return {"items": sent, "cancelled": rid in cancelled}
    if command == "noop":
        return None
    if command == "side_effect":
        return {"sent": True}
    raise Failure(-32601, "no command %r" % command, "user")


def answer(rid, fn):
    try:
        result = fn()
        if result == "MALFORMED":
            return None
        return {"jsonrpc": "2.0", "id": rid, "result": result}
    except Failure as f:
        data = {"kind": f.kind}
        if f.help:
            data["help"] = f.help
        return {"jsonrpc": "2.0", "id": rid, "error": {"code": f.code, "message": f.message, "data": data}}


def serve_stdio():
    out_lock = threading.Lock()

    def send(obj):
        with out_lock:
            sys.stdout.write(json.dumps(obj) + "\n")
            sys.stdout.flush()

    inbox = queue.Queue()

    def reader():
        for line in sys.stdin:
            line = line.strip()
            if not line:
                continue
            msg = json.loads(line)
            if msg.get("method") == "$/cancel":
                cancelled.add(msg["params"]["id"])
            else:
                inbox.put(msg)
        inbox.put(None)

    threading.Thread(target=reader, daemon=True).start()
    while True:
        msg = inbox.get()
        if msg is None:
            return
        rid, method, params = msg.get("id"), msg.get("method"), msg.get("params") or {}
        if method == "initialize":
            send(answer(rid, lambda: initialize(params)))
        elif method == "shutdown":
            send({"jsonrpc": "2.0", "id": rid, "result": None})
        elif method == "call":
            if params.get("command") == "malformed":
                with out_lock:
                    sys.stdout.write("this is not json\n")
                    sys.stdout.flush()
                continue
            notify = lambda m, p: send({"jsonrpc": "2.0", "method": m, "params": p})
            table_in = lambda: (params.get("input") or {}).get("arrow")
            table_out = lambda src: shutil.copyfile(src, params["table_out"])
            reply = answer(rid, lambda: call(rid, params, notify, table_in, table_out))
            if reply is not None:
                send(reply)
        else:
            send({"jsonrpc": "2.0", "id": rid, "error": {"code": -32601, "message": "unknown method " + str(method)}})


def serve_http(port):
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
    import tempfile

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *a):
            pass

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            arrow_in = self.headers.get("Content-Type", "").startswith("application/vnd.apache.arrow.stream")
            msg = json.loads(self.headers["Clearway-Rpc"] if arrow_in else body)
            rid, method, params = msg.get("id"), msg.get("method"), msg.get("params") or {}
            if method == "$/cancel":
                cancelled.add(params["id"])
                return self.reply_json(None, 204)
            if method == "initialize":
                return self.reply_json(answer(rid, lambda: initialize(params)))
            if method == "shutdown":
                return self.reply_json({"jsonrpc": "2.0", "id": rid, "result": None})
            command = params.get("command")
            if command == "malformed":
                return self.reply_raw(b"this is not json", "application/json")
            if command == "crash":
                self.connection.close()
                return
            if command == "stream":
                self.send_response(200)
                self.send_header("Content-Type", "application/x-ndjson")
                self.end_headers()

                def notify(m, p):
                    self.wfile.write((json.dumps({"jsonrpc": "2.0", "method": m, "params": p}) + "\n").encode())
                    self.wfile.flush()
                try:
                    reply = answer(rid, lambda: call(rid, params, notify, None, None))
                    self.wfile.write((json.dumps(reply) + "\n").encode())
                except (BrokenPipeError, ConnectionResetError):
                    cancelled.add(rid)
                return
            if command == "table_echo":
                with tempfile.TemporaryDirectory() as d:
                    src = os.path.join(d, "in.arrows")
                    with open(src, "wb") as f:
                        f.write(body)
                    out = {}
                    reply = answer(rid, lambda: call(rid, params, lambda m, p: None, lambda: src,
                                                     lambda s: out.setdefault("bytes", open(s, "rb").read())))
                    if "bytes" in out:
                        self.send_response(200)
                        self.send_header("Content-Type", "application/vnd.apache.arrow.stream")
                        self.send_header("Clearway-Rpc", json.dumps(reply))
                        self.send_header("Content-Length", str(len(out["bytes"])))
                        self.end_headers()
                        self.wfile.write(out["bytes"])
                        return
                    return self.reply_json(reply)
            return self.reply_json(answer(rid, lambda: call(rid, params, lambda m, p: None, None, None)))

        def reply_json(self, obj, status=200):
            self.reply_raw(b"" if obj is None else json.dumps(obj).encode(), "application/json", status)

        def reply_raw(self, data, kind, status=200):
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    print("listening on %d" % server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    if "--http" in sys.argv:
        serve_http(int(sys.argv[sys.argv.index("--http") + 1]))
    else:
        serve_stdio()
