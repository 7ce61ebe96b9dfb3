#!/usr/bin/env python3
"""ledger-node: looks up transactions, receipts and logs on an EVM node (geth, besu, hardhat,
ganache …) for clearway, speaking clearway-plugin/1 over HTTP. Standard library only.

    python3 service.py --node http://127.0.0.1:8545 [--port 8766]

The node is reached by its standard JSON-RPC API (eth_blockNumber, eth_getBlockByNumber,
eth_getTransactionByHash, eth_getTransactionReceipt, eth_getLogs); nothing is ever sent that
would change the chain — every command is a read.

Commands (POST /rpc; GET /health answers `ok` when the node answers):
  find_document {hash, from_block?, to_block?}  where a 32-byte document hash appears: in a
                                                transaction's input, or in a log's topics or data
  tx {hash}                                     a transaction with its receipt and logs
  logs {address?, topic0?, from_block?, to_block?}  raw logs, one row each
"""
import json
import sys
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def arg(name, default=None):
    return sys.argv[sys.argv.index(name) + 1] if name in sys.argv else default


NODE = arg("--node", "http://127.0.0.1:8545")
MAX_BLOCKS = 100_000  # a scan wider than this must be narrowed with from_block/to_block


class NodeError(Exception):
    pass


def rpc(method, *params):
    body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": method, "params": list(params)}).encode()
    req = urllib.request.Request(NODE, body, {"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=20) as r:
            answer = json.load(r)
    except (urllib.error.URLError, OSError) as e:
        raise NodeError("the node at %s does not answer: %s" % (NODE, e))
    if "error" in answer:
        raise NodeError("%s: %s" % (method, answer["error"].get("message")))
    return answer["result"]


def num(h):
    return int(h, 16) if isinstance(h, str) else h


def block_range(args):
    head = num(rpc("eth_blockNumber"))
    lo = int(args.get("from_block", 0))
    hi = min(int(args.get("to_block", head)), head)
    if hi - lo > MAX_BLOCKS:
        raise ValueError("%d blocks to scan; narrow it with from_block/to_block (at most %d)" % (hi - lo, MAX_BLOCKS))
    return lo, hi


def hash_arg(args):
    h = str(args.get("hash", "")).lower()
    h = h[2:] if h.startswith("0x") else h
    if len(h) != 64 or any(c not in "0123456789abcdef" for c in h):
        raise ValueError("hash must be 32 bytes of hex (64 digits, 0x optional)")
    return h


def find_document(args):
    h = hash_arg(args)
    lo, hi = block_range(args)
    hits = []
    for n in range(lo, hi + 1):
        block = rpc("eth_getBlockByNumber", hex(n), True)
        if block is None:
            continue
        for tx in block["transactions"]:
            if h in (tx.get("input") or "").lower():
                hits.append({"where": "input", "block_number": n, "block_hash": block["hash"], "tx_hash": tx["hash"],
                             "from": tx["from"], "to": tx.get("to"), "log_index": None, "timestamp": num(block["timestamp"])})
    for log in rpc("eth_getLogs", {"fromBlock": hex(lo), "toBlock": hex(hi)}):
        if any(h in t.lower() for t in log["topics"]) or h in (log.get("data") or "").lower():
            hits.append({"where": "log", "block_number": num(log["blockNumber"]), "block_hash": log["blockHash"],
                         "tx_hash": log["transactionHash"], "from": None, "to": log["address"],
                         "log_index": num(log["logIndex"]), "timestamp": None})
    for hit in hits:
        receipt = rpc("eth_getTransactionReceipt", hit["tx_hash"])
        hit["status"] = num(receipt["status"]) if receipt and receipt.get("status") is not None else None
    return {"hash": "0x" + h, "blocks_scanned": hi - lo + 1, "hits": hits}


def tx(args):
    h = "0x" + hash_arg(args)
    t = rpc("eth_getTransactionByHash", h)
    if t is None:
        raise LookupError("no transaction %s on this node" % h)
    r = rpc("eth_getTransactionReceipt", h) or {}
    return {"hash": h, "block_number": num(t.get("blockNumber")), "from": t["from"], "to": t.get("to"),
            "value_wei": str(num(t["value"])), "input": t.get("input"), "status": num(r.get("status")) if r.get("status") else None,
            "gas_used": num(r.get("gasUsed")) if r.get("gasUsed") else None, "contract_address": r.get("contractAddress"),
            "logs": [{"address": l["address"], "topics": l["topics"], "data": l["data"], "log_index": num(l["logIndex"])}
                     for l in r.get("logs", [])]}


def logs(args):
    lo, hi = block_range(args)
    query = {"fromBlock": hex(lo), "toBlock": hex(hi)}
    if args.get("address"):
        query["address"] = args["address"]
    if args.get("topic0"):
        query["topics"] = [args["topic0"]]
    return [{"block_number": num(l["blockNumber"]), "tx_hash": l["transactionHash"], "log_index": num(l["logIndex"]),
             "address": l["address"], "topic0": (l["topics"] or [None])[0], "topics": ",".join(l["topics"]), "data": l["data"]}
            for l in rpc("eth_getLogs", query)]


COMMANDS = {"find_document": find_document, "tx": tx, "logs": logs}


def handle(msg):
    rid, method, params = msg.get("id"), msg.get("method"), msg.get("params") or {}
    if method == "initialize":
        return {"jsonrpc": "2.0", "id": rid, "result": {"version": "1.0", "plugin": {"name": "ledger-node", "version": "1.0.0"},
                "capabilities": {}, "commands": [{"name": c, "output": "json"} for c in COMMANDS]}}
    if method in ("shutdown", "$/cancel"):
        return {"jsonrpc": "2.0", "id": rid, "result": None}
    fn = COMMANDS.get(params.get("command"))
    if fn is None:
        return fail(rid, -32601, "no command %r" % params.get("command"), "user")
    try:
        return {"jsonrpc": "2.0", "id": rid, "result": fn(params.get("args") or {})}
    except ValueError as e:
        return fail(rid, -32602, str(e), "user")
    except LookupError as e:
        return fail(rid, -32004, str(e), "user", "is the node on the right chain, and synced?")
    except NodeError as e:
        return fail(rid, -32003, str(e), "transient", "start the node or point --node at it")


def fail(rid, code, message, kind, help=None):
    data = {"kind": kind}
    if help:
        data["help"] = help
    return {"jsonrpc": "2.0", "id": rid, "error": {"code": code, "message": message, "data": data}}


class Handler(BaseHTTPRequestHandler):
    def log_message(self, fmt, *a):
        print("ledger-node: " + fmt % a, file=sys.stderr)

    def do_GET(self):
        try:
            rpc("eth_blockNumber")
            self.send(200, b"ok", "text/plain")
        except NodeError as e:
            self.send(503, str(e).encode(), "text/plain")

    def do_POST(self):
        msg = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)))
        self.send(200, json.dumps(handle(msg)).encode(), "application/json")

    def send(self, status, body, kind):
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


if __name__ == "__main__":
    server = ThreadingHTTPServer(("127.0.0.1", int(arg("--port", "8766"))), Handler)
    print("listening on %d" % server.server_address[1], flush=True)
    server.serve_forever()
