#!/usr/bin/env python3
"""Cross-checks drone_feed.py's MAVLink framing against pymavlink (PyPI), both ways:
frames drone_feed writes must decode in pymavlink with the same fields, and frames pymavlink
writes must decode in drone_feed. Not needed to run the plugin; run it after touching the codec:

    python3 -m venv /tmp/mav && /tmp/mav/bin/pip install pymavlink==2.4.43
    /tmp/mav/bin/python plugins/drone-feed/check_with_pymavlink.py
"""
import os
import struct
import sys

os.environ.setdefault("MAVLINK20", "1")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import drone_feed  # noqa: E402
from pymavlink.dialects.v20 import common as mav  # noqa: E402

m = mav.MAVLink(None, srcSystem=7, srcComponent=1)
m.robust_parsing = False
ours = drone_feed.frame(33, struct.pack("<IiiiihhhH", 1234, 519500000, 40500000, 120000, 60000, 500, -20, 3, 9000), 5, 7)
msg = m.parse_char(ours)
assert msg.get_type() == "GLOBAL_POSITION_INT", msg
assert (msg.time_boot_ms, msg.lat, msg.lon, msg.alt, msg.relative_alt, msg.vx, msg.vy, msg.vz, msg.hdg) == \
    (1234, 519500000, 40500000, 120000, 60000, 500, -20, 3, 9000), msg
for msgid, payload in [(0, struct.pack("<IBBBBB", 0, 2, 3, 0x81, 4, 3)), (2, struct.pack("<QI", 1700000000000000, 99))]:
    got = m.parse_char(drone_feed.frame(msgid, payload, 6, 7))
    assert got is not None and got.get_msgId() == msgid, got
theirs = mav.MAVLink_global_position_int_message(777, -338600000, 1512000000, 5000, 1000, -300, 400, 0, 65535).pack(m)
frames, bad = drone_feed.parse(theirs)
assert bad == 0 and frames[0][0] == 33, (frames, bad)
assert struct.unpack("<IiiiihhhH", frames[0][2])[:3] == (777, -338600000, 1512000000)
heartbeat = mav.MAVLink_heartbeat_message(2, 3, 0x81, 0, 4, 3).pack(m)
assert drone_feed.parse(heartbeat)[0][0][0] == 0
print("drone_feed's MAVLink framing agrees with pymavlink both ways")
