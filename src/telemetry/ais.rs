//! AIS over NMEA 0183: sentences, NMEA 4.10 tag blocks, fragments, and the message layouts an
//! analyst needs (ITU-R M.1371 types 1/2/3, 4/11, 5, 18, 19, 24; others are recognised by type
//! and MMSI only).
//!
//! Why not a crate: a loader must say, per line, why it rejected something — a bad checksum, an
//! orphan fragment, a tag block that does not check out — and must take the receive time from
//! tag blocks and `$PGHP` wrappers, because a position report only carries the UTC second. The
//! crates considered decode sentences but leave those decisions out, so the decoder is here,
//! table-driven from the layouts in the reference and checked against pyais's decode of the
//! real sample (`tests/it/telemetry.rs`).
//!
//! Strictness (stated because feeds differ): a sentence whose checksum is missing or wrong is
//! rejected; a tag block with a wrong checksum is rejected with its sentence; other NMEA
//! sentences, comments and `$PGHP` lines are skipped and counted; an empty payload is skipped and
//! counted; a fragment whose group never completes is rejected as an orphan.

use chrono::{DateTime, TimeZone, Utc};
use std::collections::HashMap;

/// Decoded fields; `None` where the message type has no such field (left out of the JSON).
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct AisMessage {
    pub msg_type: u8,
    pub mmsi: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u8>,
    /// Rate of turn in degrees per minute, sentinels kept as −128, ±127 (as pyais reports them).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub turn: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speed_kn: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accuracy: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lon: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lat: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub course_deg: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub heading: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub second: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shipname: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub callsign: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub imo: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ship_type: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to_bow: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to_stern: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to_port: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to_starboard: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub draught_m: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub destination: Option<String>,
    /// Type 24: 0 = part A (name), 1 = part B (type, call sign, dimensions).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub part: Option<u8>,
}

impl AisMessage {
    /// True for the "not available" position (lon 181, lat 91) and anything off the globe.
    pub fn has_position(&self) -> bool {
        matches!((self.lon, self.lat), (Some(x), Some(y)) if (-180.0..=180.0).contains(&x) && (-90.0..=90.0).contains(&y))
    }
}

/// A decoded message with where it came from.
#[derive(Debug, Clone)]
pub struct Decoded {
    pub message: AisMessage,
    /// 1-based lines of its sentences.
    pub lines: Vec<usize>,
    /// The sentences as read (fragments joined by a newline).
    pub raw: String,
    /// Receive time from a tag block (`c:`) or a `$PGHP` wrapper.
    pub received: Option<DateTime<Utc>>,
    /// Receiving station (`s:` of the tag block).
    pub station: Option<String>,
}

/// What a line turned out to be.
#[derive(Debug, Clone)]
pub enum Outcome {
    Message(Box<Decoded>),
    /// The first fragments of a message; its last fragment completes it.
    Pending,
    /// Not an AIS message, counted: other NMEA, a comment, a wrapper, an empty payload.
    Skipped(&'static str),
    /// Rejected with a reason; `lines` (and their text, `raw`) may include earlier fragments
    /// of a broken group.
    Rejected {
        lines: Vec<usize>,
        raw: Vec<String>,
        reason: String,
    },
}

struct Group {
    count: u8,
    payloads: Vec<String>,
    lines: Vec<usize>,
    raw: Vec<String>,
    received: Option<DateTime<Utc>>,
    station: Option<String>,
}

/// A stateful decoder: feed it lines in order, then [`Decoder::finish`] for the orphans.
#[derive(Default)]
pub struct Decoder {
    groups: HashMap<(String, String), Group>,
    /// The time of the last `$PGHP` wrapper, for the sentence it wraps.
    wrapper_time: Option<DateTime<Utc>>,
}

/// One line rejected on its own, with why.
fn rejected_line(line_no: usize, line: &str, reason: impl Into<String>) -> Outcome {
    Outcome::Rejected {
        lines: vec![line_no],
        raw: vec![line.to_string()],
        reason: reason.into(),
    }
}

/// XOR of the bytes of `text`, as two uppercase hex digits.
pub fn checksum(text: &str) -> String {
    format!("{:02X}", text.bytes().fold(0u8, |a, b| a ^ b))
}

/// Splits `body*hh`, checking hh.
fn checked<'a>(text: &'a str, what: &str) -> Result<&'a str, String> {
    let Some((body, sum)) = text.rsplit_once('*') else {
        return Err(format!("{what} has no checksum (*hh)"));
    };
    let sum = sum.trim();
    let computed = body.bytes().fold(0u8, |a, b| a ^ b);
    if sum.len() != 2 || u8::from_str_radix(sum, 16) != Ok(computed) {
        return Err(format!(
            "{what} checksum {sum} is wrong (computed {computed:02X})"
        ));
    }
    Ok(body)
}

/// Receive time from a tag block's `c:` (seconds, or milliseconds by magnitude).
fn unix_time(value: &str) -> Option<DateTime<Utc>> {
    let v: i64 = value.parse().ok()?;
    if v > 100_000_000_000 {
        Utc.timestamp_millis_opt(v).single()
    } else {
        Utc.timestamp_opt(v, 0).single()
    }
}

impl Decoder {
    pub fn feed(&mut self, line_no: usize, line: &str) -> Outcome {
        let line = line.trim_end_matches(['\r', '\n']).trim();
        if line.is_empty() {
            return Outcome::Skipped("empty line");
        }
        if line.starts_with('#') {
            return Outcome::Skipped("comment");
        }
        let (tag, sentence) = match line.strip_prefix('\\') {
            Some(rest) => match rest.split_once('\\') {
                Some((tag, sentence)) => (Some(tag), sentence),
                None => return rejected_line(line_no, line, "tag block is not closed by \\"),
            },
            None => (None, line),
        };
        let (mut received, mut station) = (None, None);
        if let Some(tag) = tag {
            let body = match checked(tag, "tag block") {
                Ok(b) => b,
                Err(reason) => return rejected_line(line_no, line, reason),
            };
            for field in body.split(',') {
                match field.split_once(':') {
                    Some(("c", v)) => received = unix_time(v),
                    Some(("s", v)) => station = Some(v.to_string()),
                    _ => {}
                }
            }
        }
        if sentence.starts_with("$PGHP") {
            self.wrapper_time = pghp_time(&sentence[1..]);
            return Outcome::Skipped("$PGHP wrapper");
        }
        let is_ais = sentence.len() > 6
            && sentence.starts_with('!')
            && matches!(&sentence[3..6], "VDM" | "VDO");
        if !is_ais {
            return Outcome::Skipped(if sentence.starts_with('$') || sentence.starts_with('!') {
                "other NMEA sentence"
            } else {
                "not NMEA"
            });
        }
        let body = match checked(&sentence[1..], "sentence") {
            Ok(b) => b,
            Err(reason) => return rejected_line(line_no, line, reason),
        };
        let received = received.or(self.wrapper_time.take());
        let mut fields = [""; 7];
        let mut found = 0;
        for (slot, field) in fields.iter_mut().zip(body.splitn(7, ',')) {
            *slot = field;
            found += 1;
        }
        if found < 7 {
            return rejected_line(
                line_no,
                line,
                format!("{found} fields, a VDM sentence has 7"),
            );
        }
        let (Ok(count), Ok(number)) = (fields[1].parse::<u8>(), fields[2].parse::<u8>()) else {
            return rejected_line(line_no, line, "fragment count or number is not a number");
        };
        if count == 0 || number == 0 || number > count {
            return rejected_line(line_no, line, format!("fragment {number} of {count}"));
        }
        let (seq, channel, payload) = (fields[3], fields[4], fields[5]);
        let fill: usize = fields[6].parse().unwrap_or(0);
        if payload.is_empty() {
            return Outcome::Skipped("empty payload");
        }
        if count == 1 {
            return self.complete(
                payload,
                fill,
                vec![line_no],
                vec![line.to_string()],
                received,
                station,
            );
        }
        let key = (channel.to_string(), seq.to_string());
        if number == 1 {
            let orphan = self.groups.remove(&key);
            self.groups.insert(
                key,
                Group {
                    count,
                    payloads: vec![payload.to_string()],
                    lines: vec![line_no],
                    raw: vec![line.to_string()],
                    received,
                    station,
                },
            );
            return match orphan {
                Some(g) => Outcome::Rejected {
                    reason: format!(
                        "orphan fragment: {} of {} parts arrived before a new message started",
                        g.payloads.len(),
                        g.count
                    ),
                    lines: g.lines,
                    raw: g.raw,
                },
                None => Outcome::Pending,
            };
        }
        let Some(mut group) = self.groups.remove(&key) else {
            return rejected_line(
                line_no,
                line,
                format!("orphan fragment {number} of {count}: its first part never arrived"),
            );
        };
        if group.count != count || group.payloads.len() + 1 != number as usize {
            let (mut lines, mut raw) = (group.lines, group.raw);
            lines.push(line_no);
            raw.push(line.to_string());
            return Outcome::Rejected {
                lines,
                raw,
                reason: format!("fragment {number} of {count} out of sequence"),
            };
        }
        group.payloads.push(payload.to_string());
        group.lines.push(line_no);
        group.raw.push(line.to_string());
        if number < count {
            self.groups.insert(key, group);
            return Outcome::Pending;
        }
        self.complete(
            &group.payloads.concat(),
            fill,
            group.lines,
            group.raw,
            group.received.or(received),
            group.station.or(station),
        )
    }

    fn complete(
        &mut self,
        payload: &str,
        fill: usize,
        lines: Vec<usize>,
        raw: Vec<String>,
        received: Option<DateTime<Utc>>,
        station: Option<String>,
    ) -> Outcome {
        let bits = match unarmor(payload, fill) {
            Ok(b) => b,
            Err(reason) => return Outcome::Rejected { lines, raw, reason },
        };
        match decode(&bits) {
            Ok(message) => Outcome::Message(Box::new(Decoded {
                message,
                lines,
                raw: raw.join("\n"),
                received,
                station,
            })),
            Err(reason) => Outcome::Rejected { lines, raw, reason },
        }
    }

    /// Groups still waiting for fragments at the end of the input: orphans, as (lines, their
    /// text, reason).
    pub fn finish(self) -> Vec<(Vec<usize>, Vec<String>, String)> {
        let mut orphans: Vec<(Vec<usize>, Vec<String>, String)> = self
            .groups
            .into_values()
            .map(|g| {
                let reason = format!(
                    "orphan fragment: {} of {} parts, the rest never arrived",
                    g.payloads.len(),
                    g.count
                );
                (g.lines, g.raw, reason)
            })
            .collect();
        orphans.sort();
        orphans
    }
}

/// `PGHP,1,<yyyy>,<m>,<d>,<h>,<m>,<s>,<ms>,…*hh` (after the `$`) → the time it stamps on the
/// next sentence; none when its checksum is wrong.
fn pghp_time(wrapper: &str) -> Option<DateTime<Utc>> {
    let body = checked(wrapper, "$PGHP").ok()?;
    let f: Vec<i64> = body
        .split(',')
        .skip(2)
        .take(7)
        .map(|v| v.parse().ok())
        .collect::<Option<_>>()?;
    let [y, mo, d, h, mi, s, ms] = f[..] else {
        return None;
    };
    let date = chrono::NaiveDate::from_ymd_opt(y as i32, mo as u32, d as u32)?;
    let t = date.and_hms_milli_opt(h as u32, mi as u32, s as u32, ms as u32)?;
    Some(Utc.from_utc_datetime(&t))
}

/// Six-bit armoring → bits packed most significant first into 64-bit words, minus the fill
/// bits.
fn unarmor(payload: &str, fill: usize) -> Result<Bits, String> {
    let mut words = vec![0u64; (payload.len() * 6).div_ceil(64) + 1];
    let mut at = 0usize;
    for c in payload.bytes() {
        if !(48..=119).contains(&c) || (88..96).contains(&c) {
            return Err(format!(
                "payload character {:?} is not six-bit ASCII",
                c as char
            ));
        }
        let v = u64::from(if c - 48 > 40 { c - 56 } else { c - 48 });
        let (word, bit) = (at / 64, at % 64);
        if bit <= 58 {
            words[word] |= v << (58 - bit);
        } else {
            words[word] |= v >> (bit - 58);
            words[word + 1] |= v << (122 - bit);
        }
        at += 6;
    }
    Ok(Bits {
        words,
        len: at.saturating_sub(fill.min(5)),
    })
}

struct Bits {
    words: Vec<u64>,
    len: usize,
}

impl Bits {
    fn len(&self) -> usize {
        self.len
    }
    /// `len` (1–64) bits from `start`, unsigned; None past the end of the message.
    fn u(&self, start: usize, len: usize) -> Option<u64> {
        if start + len > self.len || len == 0 || len > 64 {
            return None;
        }
        let (word, bit) = (start / 64, start % 64);
        let hi = self.words[word] << bit;
        let joined = if bit == 0 {
            hi
        } else {
            hi | self.words.get(word + 1).map_or(0, |w| w >> (64 - bit))
        };
        Some(joined >> (64 - len))
    }
    fn i(&self, start: usize, len: usize) -> Option<i64> {
        let v = self.u(start, len)? as i64;
        Some(if v >> (len - 1) & 1 == 1 {
            v - (1 << len)
        } else {
            v
        })
    }
    fn text(&self, start: usize, len: usize) -> Option<String> {
        let chars: String = (0..len / 6)
            .map_while(|k| self.u(start + 6 * k, 6))
            .map(|v| (if v < 32 { v + 64 } else { v }) as u8 as char)
            .collect();
        let trimmed = chars.trim_end_matches(['@', ' ']).to_string();
        (!chars.is_empty()).then_some(trimmed)
    }
}

fn position(bits: &Bits, lon_at: usize, lat_at: usize) -> (Option<f64>, Option<f64>) {
    let round6 = |v: f64| (v * 1e6).round() / 1e6;
    (
        bits.i(lon_at, 28).map(|v| round6(v as f64 / 600_000.0)),
        bits.i(lat_at, 27).map(|v| round6(v as f64 / 600_000.0)),
    )
}

/// The message in `b`; too short for its type is an error, unknown types keep type and MMSI.
fn decode(b: &Bits) -> Result<AisMessage, String> {
    let (Some(msg_type), Some(mmsi)) = (b.u(0, 6), b.u(8, 30)) else {
        return Err(format!("{} bits is too short for an AIS message", b.len()));
    };
    let mut m = AisMessage {
        msg_type: msg_type as u8,
        mmsi: mmsi as u32,
        ..Default::default()
    };
    let need = |n: usize| {
        if b.len() < n {
            Err(format!(
                "type {msg_type} needs {n} bits, the payload has {}",
                b.len()
            ))
        } else {
            Ok(())
        }
    };
    let tenth = |v: Option<u64>| v.map(|v| v as f64 / 10.0);
    match msg_type {
        1..=3 => {
            need(149)?;
            m.status = b.u(38, 4).map(|v| v as u8);
            m.turn = b.i(42, 8).map(|v| match v {
                -128 | 127 | -127 => v as f64,
                _ => (v.signum() as f64) * (v as f64 / 4.733).powi(2).round(),
            });
            m.speed_kn = tenth(b.u(50, 10));
            m.accuracy = b.u(60, 1).map(|v| v == 1);
            (m.lon, m.lat) = position(b, 61, 89);
            m.course_deg = tenth(b.u(116, 12));
            m.heading = b.u(128, 9).map(|v| v as u16);
            m.second = b.u(137, 6).map(|v| v as u8);
        }
        4 | 11 => {
            // base station report / UTC date response: a position and the station's clock
            need(134)?;
            m.second = b.u(72, 6).map(|v| v as u8);
            m.accuracy = b.u(78, 1).map(|v| v == 1);
            (m.lon, m.lat) = position(b, 79, 107);
        }
        5 => {
            need(420)?;
            m.imo = b.u(40, 30).map(|v| v as u32);
            m.callsign = b.text(70, 42);
            m.shipname = b.text(112, 120);
            m.ship_type = b.u(232, 8).map(|v| v as u8);
            dimensions(b, 240, &mut m);
            m.draught_m = tenth(b.u(294, 8));
            m.destination = b.text(302, 120);
        }
        18 | 19 => {
            need(if msg_type == 18 { 139 } else { 307 })?;
            m.speed_kn = tenth(b.u(46, 10));
            m.accuracy = b.u(56, 1).map(|v| v == 1);
            (m.lon, m.lat) = position(b, 57, 85);
            m.course_deg = tenth(b.u(112, 12));
            m.heading = b.u(124, 9).map(|v| v as u16);
            m.second = b.u(133, 6).map(|v| v as u8);
            if msg_type == 19 {
                m.shipname = b.text(143, 120);
                m.ship_type = b.u(263, 8).map(|v| v as u8);
                dimensions(b, 271, &mut m);
            }
        }
        24 => {
            need(40)?;
            m.part = b.u(38, 2).map(|v| v as u8);
            if m.part == Some(0) {
                m.shipname = b.text(40, 120);
            } else {
                m.ship_type = b.u(40, 8).map(|v| v as u8);
                m.callsign = b.text(90, 42);
                // auxiliary craft (MMSI 98…) carry a mothership MMSI instead of dimensions
                if !mmsi.to_string().starts_with("98") {
                    dimensions(b, 132, &mut m);
                }
            }
        }
        _ => {}
    }
    Ok(m)
}

fn dimensions(b: &Bits, at: usize, m: &mut AisMessage) {
    m.to_bow = b.u(at, 9).map(|v| v as u16);
    m.to_stern = b.u(at + 9, 9).map(|v| v as u16);
    m.to_port = b.u(at + 18, 6).map(|v| v as u8);
    m.to_starboard = b.u(at + 24, 6).map(|v| v as u8);
}

/// A type 1 position report as an `!AIVDM` sentence with a tag block stamping `received` — the
/// generator's and the tests' way to write tracks the decoder reads back.
pub fn encode_position(
    mmsi: u32,
    lat: f64,
    lon: f64,
    speed_kn: f64,
    course_deg: f64,
    received: DateTime<Utc>,
) -> String {
    let mut bits: Vec<(u64, usize)> = vec![
        (1, 6),
        (0, 2),
        (u64::from(mmsi), 30),
        (0, 4),
        (128, 8),
        ((speed_kn * 10.0).round().clamp(0.0, 1022.0) as u64, 10),
        (1, 1),
        (
            ((lon * 600_000.0).round() as i64 as u64) & ((1 << 28) - 1),
            28,
        ),
        (
            ((lat * 600_000.0).round() as i64 as u64) & ((1 << 27) - 1),
            27,
        ),
        ((course_deg * 10.0).round().clamp(0.0, 3599.0) as u64, 12),
        (511, 9),
        (u64::from(received.timestamp().rem_euclid(60) as u32), 6),
        (0, 25),
    ];
    let mut stream: Vec<bool> = Vec::with_capacity(168);
    for (value, width) in bits.drain(..) {
        stream.extend((0..width).rev().map(|i| value >> i & 1 == 1));
    }
    let payload: String = stream
        .chunks(6)
        .map(|c| {
            let v = c.iter().fold(0u8, |a, b| a << 1 | u8::from(*b));
            (if v < 40 { v + 48 } else { v + 56 }) as char
        })
        .collect();
    let sentence = format!("AIVDM,1,1,,A,{payload},0");
    let tag = format!("c:{}", received.timestamp());
    format!(
        "\\{tag}*{}\\!{sentence}*{}",
        checksum(&tag),
        checksum(&sentence)
    )
}

/// MMSI plausibility: nine digits, not a placeholder, a ship's first digit 2–7.
pub fn mmsi_problem(mmsi: u32) -> Option<&'static str> {
    let s = format!("{mmsi:09}");
    match mmsi {
        0 | 123_456_789 | 999_999_999 => Some("placeholder MMSI"),
        _ if s.len() != 9 => Some("MMSI is not nine digits"),
        _ => None,
    }
}

/// IMO number check digit: (d1·7 + … + d6·2) mod 10 = d7.
pub fn imo_is_valid(imo: u32) -> bool {
    let s = imo.to_string();
    if s.len() != 7 {
        return false;
    }
    let d: Vec<u32> = s.bytes().map(|b| u32::from(b - b'0')).collect();
    (0..6).map(|i| d[i] * (7 - i as u32)).sum::<u32>() % 10 == d[6]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(line: &str) -> AisMessage {
        match Decoder::default().feed(1, line) {
            Outcome::Message(d) => d.message,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_class_a_position_decodes_as_pyais_does() {
        // the first row of the sample's expected CSV
        let m = one("!AIVDM,1,1,,A,33P;Tw0tjBQO22:E7dm66DrB20UP,0*2E");
        assert_eq!((m.msg_type, m.mmsi, m.status), (3, 235070716, Some(0)));
        assert_eq!(
            (m.turn, m.speed_kn, m.accuracy),
            (Some(-8.0), Some(14.6), Some(true))
        );
        assert_eq!((m.lon, m.lat), (Some(20.760008), Some(36.910433)));
        assert_eq!(
            (m.course_deg, m.heading, m.second),
            (Some(156.1), Some(157), Some(9))
        );
    }

    #[test]
    fn two_fragments_make_a_voyage_report() {
        let mut d = Decoder::default();
        assert!(matches!(
            d.feed(
                1,
                "!AIVDM,2,1,1,A,55?MbV02;H;s<HtKR20EHE:0@T4@Dn2222222216L961O5Gf0NSQEp6ClRp8,0*1C"
            ),
            Outcome::Pending
        ));
        let Outcome::Message(m) = d.feed(2, "!AIVDM,2,2,1,A,88888888880,2*25") else {
            panic!()
        };
        assert_eq!(m.lines, vec![1, 2]);
        let m = m.message;
        assert_eq!((m.msg_type, m.mmsi, m.imo), (5, 351759000, Some(9134270)));
        assert_eq!(
            (
                m.shipname.as_deref(),
                m.callsign.as_deref(),
                m.destination.as_deref()
            ),
            (Some("EVER DIADEM"), Some("3FOF8"), Some("NEW YORK"))
        );
        assert_eq!(
            (
                m.ship_type,
                m.to_bow,
                m.to_stern,
                m.to_port,
                m.to_starboard,
                m.draught_m
            ),
            (Some(70), Some(225), Some(70), Some(1), Some(31), Some(12.2))
        );
        assert!(imo_is_valid(9134270) && !imo_is_valid(9134271));
    }

    #[test]
    fn broken_input_is_rejected_with_its_reason() {
        let mut d = Decoder::default();
        let reason = |o: Outcome| match o {
            Outcome::Rejected { reason, .. } => reason,
            other => panic!("{other:?}"),
        };
        assert!(
            reason(d.feed(1, "!AIVDM,1,1,,A,33P;Tw0tjBQO22:E7dm66DrB20UP,0*2F"))
                .contains("checksum 2F is wrong (computed 2E)")
        );
        assert!(
            reason(d.feed(2, "!AIVDM,1,1,,A,33P;Tw0tjBQO22:E7dm66DrB20UP,0"))
                .contains("no checksum")
        );
        assert!(reason(d.feed(3, "!AIVDM,2,2,7,A,88888888880,2*23"))
            .contains("first part never arrived"));
        assert!(matches!(
            d.feed(
                4,
                "!AIVDM,2,1,3,B,55?MbV02;H;s<HtKR20EHE:0@T4@Dn2222222216L961O5Gf0NSQEp6ClRp8,0*1D"
            ),
            Outcome::Pending
        ));
        assert!(matches!(
            d.feed(5, "!AIVDM,1,1,,B,,0*25"),
            Outcome::Skipped("empty payload")
        ));
        assert!(matches!(d.feed(6, "$GPGGA,1,2*7B"), Outcome::Skipped(_)));
        let orphans = d.finish();
        assert_eq!(orphans.len(), 1);
        assert_eq!(
            (orphans[0].0.clone(), orphans[0].2.as_str()),
            (
                vec![4],
                "orphan fragment: 1 of 2 parts, the rest never arrived"
            )
        );
    }

    #[test]
    fn tag_blocks_give_the_receive_time_and_station() {
        let body = "c:1425917462,s:rORBCOMM000";
        let line = format!(
            "\\{body}*{}\\!AIVDM,1,1,,A,33P;Tw0tjBQO22:E7dm66DrB20UP,0*2E",
            checksum(body)
        );
        let Outcome::Message(d) = Decoder::default().feed(1, &line) else {
            panic!()
        };
        assert_eq!(
            d.received.unwrap().to_rfc3339(),
            "2015-03-09T16:11:02+00:00"
        );
        assert_eq!(d.station.as_deref(), Some("rORBCOMM000"));
        let bad = "\\c:1425917462*00\\!AIVDM,1,1,,A,33P;Tw0tjBQO22:E7dm66DrB20UP,0*2E";
        assert!(matches!(
            Decoder::default().feed(1, bad),
            Outcome::Rejected { .. }
        ));
    }
}

#[cfg(test)]
mod wrapper_tests {
    use super::*;

    #[test]
    fn encoded_positions_decode_back() {
        let at = Utc.with_ymd_and_hms(2025, 3, 1, 12, 0, 42).unwrap();
        let line = encode_position(244_123_456, 51.95, 4.05, 12.3, 271.5, at);
        let Outcome::Message(d) = Decoder::default().feed(1, &line) else {
            panic!("{line}")
        };
        let m = d.message;
        assert_eq!(
            (m.msg_type, m.mmsi, m.lat, m.lon),
            (1, 244_123_456, Some(51.95), Some(4.05))
        );
        assert_eq!(
            (m.speed_kn, m.course_deg, m.second),
            (Some(12.3), Some(271.5), Some(42))
        );
        assert_eq!(d.received, Some(at));
        let south_west = encode_position(1, -33.5, -70.25, 0.0, 0.0, at);
        let Outcome::Message(d) = Decoder::default().feed(1, &south_west) else {
            panic!()
        };
        assert_eq!((d.message.lat, d.message.lon), (Some(-33.5), Some(-70.25)));
    }

    #[test]
    fn gatehouse_wrappers_stamp_the_next_sentence() {
        assert_eq!(
            pghp_time("PGHP,1,2008,5,9,0,0,0,10,338,2,,1,09*17").map(|t| t.to_rfc3339()),
            Some("2008-05-09T00:00:00.010+00:00".into())
        );
        assert_eq!(
            pghp_time("PGHP,1,2009,5,9,0,0,0,10,338,2,,1,09*17"),
            None,
            "wrong checksum"
        );
    }
}
