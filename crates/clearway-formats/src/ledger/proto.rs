//! Just enough of the protobuf wire format to read Fabric's messages by field number, without
//! generated code: Fabric publishes `.proto` files, not a Rust crate, and clearway needs a
//! dozen fields of a dozen messages. Reading by number also lets the verifier see the exact
//! bytes it was given, which the canonical-envelope check (CVE-2023-46132) depends on.

/// One field's value as it sits on the wire.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value<'a> {
    Varint(u64),
    Fixed64(u64),
    Bytes(&'a [u8]),
    Fixed32(u32),
}

/// Reads an unsigned LEB128 varint at `*pos`, advancing it.
pub fn varint(buf: &[u8], pos: &mut usize) -> Result<u64, String> {
    let mut value = 0u64;
    for shift in (0..64).step_by(7) {
        let Some(&byte) = buf.get(*pos) else {
            return Err(format!("varint runs past the end at byte {}", *pos));
        };
        *pos += 1;
        value |= u64::from(byte & 0x7F) << shift;
        if byte & 0x80 == 0 {
            return Ok(value);
        }
    }
    Err(format!(
        "varint longer than 10 bytes ending at byte {}",
        *pos
    ))
}

/// A length-prefixed slice at `*pos` (varint length, then the bytes), advancing past it.
pub fn length_prefixed<'a>(buf: &'a [u8], pos: &mut usize) -> Result<&'a [u8], String> {
    let start = *pos;
    let len = varint(buf, pos)? as usize;
    let end = pos
        .checked_add(len)
        .filter(|e| *e <= buf.len())
        .ok_or_else(|| {
            format!(
                "length {len} at byte {start} runs past the end ({} bytes)",
                buf.len()
            )
        })?;
    let slice = &buf[*pos..end];
    *pos = end;
    Ok(slice)
}

/// Every (field number, value) of a message, in wire order.
pub fn fields(buf: &[u8]) -> Result<Vec<(u32, Value<'_>)>, String> {
    let mut out = Vec::new();
    let mut pos = 0;
    while pos < buf.len() {
        let key = varint(buf, &mut pos)?;
        let (number, wire) = ((key >> 3) as u32, key & 7);
        if number == 0 {
            return Err(format!("field number 0 at byte {pos}"));
        }
        let value = match wire {
            0 => Value::Varint(varint(buf, &mut pos)?),
            1 => {
                let b = buf.get(pos..pos + 8).ok_or("fixed64 runs past the end")?;
                pos += 8;
                Value::Fixed64(u64::from_le_bytes(b.try_into().expect("8 bytes")))
            }
            2 => Value::Bytes(length_prefixed(buf, &mut pos)?),
            5 => {
                let b = buf.get(pos..pos + 4).ok_or("fixed32 runs past the end")?;
                pos += 4;
                Value::Fixed32(u32::from_le_bytes(b.try_into().expect("4 bytes")))
            }
            other => return Err(format!("unsupported wire type {other} at byte {pos}")),
        };
        out.push((number, value));
    }
    Ok(out)
}

/// A parsed message with lookups by field number.
pub struct Message<'a>(Vec<(u32, Value<'a>)>);

impl<'a> Message<'a> {
    pub fn parse(buf: &'a [u8]) -> Result<Self, String> {
        fields(buf).map(Message)
    }

    /// The last occurrence of a bytes field (protobuf's rule for singular fields), or empty.
    pub fn bytes(&self, number: u32) -> &'a [u8] {
        self.0
            .iter()
            .rev()
            .find_map(|(n, v)| match v {
                Value::Bytes(b) if *n == number => Some(*b),
                _ => None,
            })
            .unwrap_or(&[])
    }

    /// Every occurrence of a repeated bytes field.
    pub fn repeated(&self, number: u32) -> Vec<&'a [u8]> {
        self.0
            .iter()
            .filter_map(|(n, v)| match v {
                Value::Bytes(b) if *n == number => Some(*b),
                _ => None,
            })
            .collect()
    }

    /// A varint field, or 0 (protobuf's default).
    pub fn uint(&self, number: u32) -> u64 {
        self.0
            .iter()
            .rev()
            .find_map(|(n, v)| match v {
                Value::Varint(x) if *n == number => Some(*x),
                _ => None,
            })
            .unwrap_or(0)
    }

    /// A string field, or empty.
    pub fn text(&self, number: u32) -> String {
        String::from_utf8_lossy(self.bytes(number)).into_owned()
    }

    /// A nested message field (empty when absent).
    pub fn message(&self, number: u32) -> Result<Message<'a>, String> {
        Message::parse(self.bytes(number))
    }
}

/// Appends a varint.
pub fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Appends a bytes field (omitted when empty, as proto3 encodes it).
pub fn put_bytes(out: &mut Vec<u8>, number: u32, bytes: &[u8]) {
    if bytes.is_empty() {
        return;
    }
    put_varint(out, u64::from(number) << 3 | 2);
    put_varint(out, bytes.len() as u64);
    out.extend_from_slice(bytes);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_round_trip_and_lies_are_errors() {
        let mut buf = Vec::new();
        put_bytes(&mut buf, 1, b"payload");
        put_varint(&mut buf, 2 << 3);
        put_varint(&mut buf, 300);
        put_bytes(&mut buf, 3, b"x");
        put_bytes(&mut buf, 3, b"y");
        let m = Message::parse(&buf).unwrap();
        assert_eq!(m.bytes(1), b"payload");
        assert_eq!(m.uint(2), 300);
        assert_eq!(m.repeated(3), vec![b"x".as_slice(), b"y".as_slice()]);
        assert_eq!(m.bytes(9), b"");
        // a length that runs past the end
        assert!(Message::parse(&[0x0A, 0x05, 1, 2])
            .err()
            .unwrap()
            .contains("runs past the end"));
        assert!(varint(&[0xFF; 11], &mut 0).is_err());
    }
}
