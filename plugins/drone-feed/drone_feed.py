#!/usr/bin/env python3
"""drone-feed: MAVLink v2 (and v1) telemetry over UDP, streamed to clearway as positions.

Standard library only. The MAVLink framing, CRC-16/MCRF4XX with each message's CRC_EXTRA, and
the three messages used are written from the MAVLink specification (mavlink.io, common.xml):

    HEARTBEAT (#0, crc_extra 50)            who is flying: type, autopilot
    SYSTEM_TIME (#2, crc_extra 137)         time_unix_usec + time_boot_ms: anchors boot time
    GLOBAL_POSITION_INT (#33, crc_extra 104) lat/lon (degE7), alt, velocity (cm/s), heading (cdeg)

A packet whose checksum does not verify is counted and dropped, never streamed. Positions carry
the vehicle's own clock when it sent SYSTEM_TIME, else the receive time (UTC), and say which.

    python3 drone_feed.py                       the plugin (clearway-plugin/1 on stdio)
    python3 drone_feed.py --simulate --to 127.0.0.1:14550 [--seconds 10] [--rate 10] [--system 7]
                                                 a simulated drone sending real MAVLink packets
"""
import json
import math
import queue
import socket
import struct
import sys
import threading
import time

CRC_EXTRA = {0: 50, 2: 137, 33: 104}
LENGTH = {0: 9, 2: 12, 33: 28}


def crc16(data, crc=0xFFFF):
    for b in data:
        tmp = b ^ (crc & 0xFF)
        tmp = (tmp ^ (tmp << 4)) & 0xFF
        crc = ((crc >> 8) ^ (tmp << 8) ^ (tmp << 3) ^ (tmp >> 4)) & 0xFFFF
    return crc


def frame(msgid, payload, seq=0, sysid=1, compid=1):
    """A MAVLink v2 frame (trailing zero bytes of the payload truncated, as v2 requires)."""
    body = payload.rstrip(b"\0") or payload[:1]
    header = struct.pack("<BBBBBB", len(body), 0, 0, seq & 0xFF, sysid, compid) + struct.pack("<I", msgid)[:3]
    crc = crc16(header + body)
    crc = crc16(bytes([CRC_EXTRA[msgid]]), crc)
    return b"\xfd" + header + body + struct.pack("<H", crc)


def parse(datagram):
    """Frames in a datagram: (msgid, sysid, payload) for good ones, and the count of bad ones."""
    out, bad, i = [], 0, 0
    while i < len(datagram):
        stx = datagram[i]
        if stx == 0xFD and i + 10 <= len(datagram):
            n, incompat = datagram[i + 1], datagram[i + 2]
            end = i + 10 + n + 2 + (13 if incompat & 1 else 0)
            msgid = int.from_bytes(datagram[i + 7:i + 10], "little")
            sysid, body = datagram[i + 5], datagram[i + 10:i + 10 + n]
            checked = datagram[i + 1:i + 10 + n]
        elif stx == 0xFE and i + 6 <= len(datagram):
            n = datagram[i + 1]
            end = i + 6 + n + 2
            msgid, sysid, body = datagram[i + 5], datagram[i + 3], datagram[i + 6:i + 6 + n]
            checked = datagram[i + 1:i + 6 + n]
        else:
            i += 1
            continue
        if end > len(datagram):
            bad += 1
            break
        crc_at = end - 2 - (13 if stx == 0xFD and datagram[i + 2] & 1 else 0)
        want = int.from_bytes(datagram[crc_at:crc_at + 2], "little")
        if msgid in CRC_EXTRA and crc16(bytes([CRC_EXTRA[msgid]]), crc16(checked)) == want:
            out.append((msgid, sysid, body.ljust(LENGTH[msgid], b"\0")))
        elif msgid in CRC_EXTRA:
            bad += 1
        i = end
    return out, bad


class Vehicle:
    def __init__(self):
        self.boot_epoch_us = None
        self.kind = None


def position(sysid, body, vehicle):
    t_boot, lat, lon, alt, rel_alt, vx, vy, vz, hdg = struct.unpack("<IiiiihhhH", body[:28])
    if vehicle.boot_epoch_us is not None:
        ts, clock = vehicle.boot_epoch_us + t_boot * 1000, "vehicle"
    else:
        ts, clock = int(time.time() * 1e6), "receiver"
    when = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ts // 1_000_000)) + ".%06d" % (ts % 1_000_000)
    return {"source": "drone", "device_id": "mavlink:%d" % sysid, "ts": when, "lat": lat / 1e7, "lon": lon / 1e7,
            "speed_kn": round(math.hypot(vx, vy) * 0.0194384, 3),
            "course_deg": None if hdg == 65535 else hdg / 100.0, "event_type": "position",
            "alt_m": alt / 1000.0, "relative_alt_m": rel_alt / 1000.0, "climb_m_s": -vz / 100.0,
            "clock": clock, "vehicle_type": vehicle.kind, "time_boot_ms": t_boot}


def stream_positions(rid, args, notify, cancelled):
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind((args.get("bind", "127.0.0.1"), int(args.get("port", 14550))))
    sock.settimeout(0.2)
    print("listening for MAVLink on udp %s:%d" % sock.getsockname(), file=sys.stderr, flush=True)
    vehicles, sent, bad, frames = {}, 0, 0, 0
    only = args.get("system")
    while rid not in cancelled:
        try:
            datagram, _ = sock.recvfrom(65535)
        except socket.timeout:
            continue
        good, dropped = parse(datagram)
        bad += dropped
        for msgid, sysid, body in good:
            frames += 1
            if only is not None and sysid != int(only):
                continue
            v = vehicles.setdefault(sysid, Vehicle())
            if msgid == 0:
                v.kind = body[4]
            elif msgid == 2:
                unix_us, boot_ms = struct.unpack("<QI", body[:12])
                if unix_us:
                    v.boot_epoch_us = unix_us - boot_ms * 1000
            elif msgid == 33:
                notify("$/item", {"id": rid, "value": position(sysid, body, v)})
                sent += 1
    sock.close()
    print("%d frames, %d positions streamed, %d packets dropped (bad checksum)" % (frames, sent, bad), file=sys.stderr, flush=True)
    return {"positions": sent, "frames": frames, "bad_checksum": bad, "vehicles": sorted(vehicles)}


def serve():
    lock, inbox, cancelled = threading.Lock(), queue.Queue(), set()

    def send(obj):
        with lock:
            sys.stdout.write(json.dumps(obj) + "\n")
            sys.stdout.flush()

    def reader():
        for line in sys.stdin:
            if line.strip():
                msg = json.loads(line)
                if msg.get("method") == "$/cancel":
                    cancelled.add(msg["params"]["id"])
                else:
                    inbox.put(msg)
        inbox.put(None)

    threading.Thread(target=reader, daemon=True).start()
    while (msg := inbox.get()) is not None:
        rid, method, params = msg.get("id"), msg.get("method"), msg.get("params") or {}
        if method == "initialize":
            send({"jsonrpc": "2.0", "id": rid, "result": {"version": "1.0", "plugin": {"name": "drone-feed", "version": "1.0.0"},
                  "capabilities": {"stream": True, "cancel": True}, "commands": [{"name": "positions", "output": "stream"}]}})
        elif method == "shutdown":
            send({"jsonrpc": "2.0", "id": rid, "result": None})
        elif method == "call" and params.get("command") == "positions":
            try:
                result = stream_positions(rid, params.get("args") or {},
                                          lambda m, p: send({"jsonrpc": "2.0", "method": m, "params": p}), cancelled)
                send({"jsonrpc": "2.0", "id": rid, "result": result})
            except OSError as e:
                send({"jsonrpc": "2.0", "id": rid, "error": {"code": -32002, "message": "cannot listen: %s" % e,
                                                             "data": {"kind": "user", "help": "pick another --arg port=…"}}})
        else:
            send({"jsonrpc": "2.0", "id": rid, "error": {"code": -32601, "message": "no such method or command"}})


def simulate(argv):
    def opt(name, default):
        return argv[argv.index(name) + 1] if name in argv else default
    host, port = opt("--to", "127.0.0.1:14550").rsplit(":", 1)
    seconds, rate, system = float(opt("--seconds", "10")), float(opt("--rate", "10")), int(opt("--system", "7"))
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    boot = time.time()
    seq, n = 0, 0
    centre = (51.9500, 4.0500)  # over the port of Rotterdam
    while time.time() - boot < seconds:
        t = time.time() - boot
        boot_ms = int(t * 1000)
        packets = []
        if n % max(1, int(rate)) == 0:
            packets.append(frame(0, struct.pack("<IBBBBB", 0, 2, 3, 0x81, 4, 3), seq, system))  # quadrotor, ArduPilot
            packets.append(frame(2, struct.pack("<QI", int(time.time() * 1e6), boot_ms), seq + 1, system))
        angle = t / 60 * 2 * math.pi  # one circle a minute, 300 m across
        lat = centre[0] + 0.00135 * math.sin(angle)
        lon = centre[1] + 0.0022 * math.cos(angle)
        vx, vy = int(500 * math.cos(angle)), int(-500 * math.sin(angle))
        hdg = int((math.degrees(math.atan2(vy, vx)) % 360) * 100)
        packets.append(frame(33, struct.pack("<IiiiihhhH", boot_ms, int(lat * 1e7), int(lon * 1e7), 120000, 60000, vx, vy, 0, hdg), seq + 2, system))
        if n % 25 == 24:
            corrupt = bytearray(packets[-1])
            corrupt[-1] ^= 0xFF
            packets.append(bytes(corrupt))  # a damaged packet: must be dropped
        for p in packets:
            sock.sendto(p, (host, int(port)))
        seq, n = seq + 3, n + 1
        time.sleep(1 / rate)


if __name__ == "__main__":
    if "--simulate" in sys.argv:
        simulate(sys.argv)
    else:
        serve()
