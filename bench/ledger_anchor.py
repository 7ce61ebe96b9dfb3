"""Python anchors for bench/ledger.sh.

    python bench/ledger_anchor.py verify FILE   hashlib verifier of a Fabric peer block file
    python bench/ledger_anchor.py ecdsa N       N ECDSA P-256 verifications with `cryptography`

`verify` does what clearway's hash-chain check does: read the varint-framed records, recompute
each data hash (SHA-256 of the envelopes), check each envelope's canonical protobuf form, hash
the DER header and compare it with the next block's previous hash. Prints blocks, failed,
seconds.
"""
import hashlib
import sys
import time


def varint(buf, pos):
    value = shift = 0
    while True:
        b = buf[pos]
        pos += 1
        value |= (b & 0x7F) << shift
        if not b & 0x80:
            return value, pos
        shift += 7


def put_varint(v):
    out = bytearray()
    while v >= 0x80:
        out.append((v & 0x7F) | 0x80)
        v >>= 7
    out.append(v)
    return bytes(out)


def der_item(tag, content):
    n = len(content)
    if n < 128:
        return bytes([tag, n]) + content
    be = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([tag, 0x80 | len(be)]) + be + content


def header_der(number, prev, data):
    integer = number.to_bytes(max(1, (number.bit_length() + 8) // 8), "big")
    return der_item(0x30, der_item(0x02, integer) + der_item(0x04, prev) + der_item(0x04, data))


def canonical(env):
    fields, pos = {}, 0
    while pos < len(env):
        key, pos = varint(env, pos)
        n, pos = varint(env, pos)
        fields[key >> 3] = env[pos:pos + n]
        pos += n
    payload, sig = fields.get(1, b""), fields.get(2, b"")
    re = b""
    if payload:
        re += b"\x0a" + put_varint(len(payload)) + payload
    if sig:
        re += b"\x12" + put_varint(len(sig)) + sig
    return payload and sig and re == env


def verify(path):
    buf = open(path, "rb").read()
    started = time.perf_counter()
    pos, blocks, failed, previous = 0, 0, 0, None
    while pos < len(buf):
        size, pos = varint(buf, pos)
        rec, pos = buf[pos:pos + size], pos + size
        p = 0
        number, p = varint(rec, p)
        n, p = varint(rec, p)
        data_hash, p = rec[p:p + n], p + n
        n, p = varint(rec, p)
        prev_hash, p = rec[p:p + n], p + n
        ntx, p = varint(rec, p)
        h = hashlib.sha256()
        ok = True
        for _ in range(ntx):
            n, p = varint(rec, p)
            env = rec[p:p + n]
            p += n
            h.update(env)
            ok = ok and canonical(env)
        ok = ok and h.digest() == data_hash
        if previous is not None and prev_hash != previous:
            ok = False
        previous = hashlib.sha256(header_der(number, prev_hash, data_hash)).digest()
        blocks += 1
        failed += not ok
    print(blocks, failed, time.perf_counter() - started)


def ecdsa(n):
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec

    key = ec.derive_private_key(12345678901234567890, ec.SECP256R1())
    message = bytes(range(256)) * 4
    signature = key.sign(message, ec.ECDSA(hashes.SHA256()))
    public = key.public_key()
    started = time.perf_counter()
    for _ in range(n):
        public.verify(signature, message, ec.ECDSA(hashes.SHA256()))
    print(n, time.perf_counter() - started)


if __name__ == "__main__":
    {"verify": lambda: verify(sys.argv[2]), "ecdsa": lambda: ecdsa(int(sys.argv[2]))}[sys.argv[1]]()
