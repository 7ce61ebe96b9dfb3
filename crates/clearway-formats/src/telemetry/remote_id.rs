//! Drone Remote ID (ASTM F3411 / ASD-STAN EN 4709-002, as carried by OpenDroneID) messages:
//! the 25-byte broadcasts a receiver logs, decoded from the standard's byte layout (written
//! here from the specification; the GPL-licensed `remote-id` crate is deliberately not used).
//!
//! Every message starts with one byte: message type in the high nibble, protocol version in the
//! low one. Types read here: 0 Basic ID (who), 1 Location/Vector (where), 3 Self-ID (free text),
//! 4 System (where the operator stands), 5 Operator ID, and 0xF Message Pack (several of the
//! others in one broadcast). Type 2 (Authentication) is recognised and not interpreted: its
//! pages only make sense together with the signer's keys.
//!
//! Multi-byte numbers are little-endian. Coordinates are degrees × 10⁷; altitudes are
//! (metres + 1000) × 2; the Location time stamp is tenths of a second after the full hour, so
//! the receiver's clock supplies the hour ([`location_time`]).

use chrono::{DateTime, Duration, TimeZone, Timelike, Utc};

/// One message's length in bytes.
pub const MESSAGE_SIZE: usize = 25;

/// A decoded Remote ID message.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(tag = "message", rename_all = "snake_case")]
pub enum Message {
    BasicId {
        /// 0 none, 1 serial number (ANSI/CTA-2063-A), 2 CAA registration, 3 UTM UUID, 4 session id.
        id_type: u8,
        /// 0 none, 1 aeroplane, 2 multirotor, … 15 other.
        ua_type: u8,
        uas_id: String,
    },
    Location {
        /// 0 undeclared, 1 ground, 2 airborne, 3 emergency, 4 Remote ID system failure.
        status: u8,
        /// Track over ground, degrees clockwise from true north; None when unknown.
        direction_deg: Option<f64>,
        speed_ms: Option<f64>,
        vertical_speed_ms: Option<f64>,
        lat: Option<f64>,
        lon: Option<f64>,
        altitude_baro_m: Option<f64>,
        altitude_geo_m: Option<f64>,
        /// Height above take-off (or above ground when `height_over_ground`).
        height_m: Option<f64>,
        height_over_ground: bool,
        /// Tenths of a second after the full hour; None when unknown.
        tenths_after_hour: Option<u16>,
    },
    Authentication {
        page: u8,
    },
    SelfId {
        description_type: u8,
        description: String,
    },
    System {
        operator_lat: Option<f64>,
        operator_lon: Option<f64>,
        /// Seconds since 2019-01-01 00:00:00 UTC, as a time.
        timestamp: Option<DateTime<Utc>>,
    },
    OperatorId {
        operator_id: String,
    },
}

/// Decodes one broadcast: a single message, or the messages of a Message Pack.
pub fn decode(bytes: &[u8]) -> Result<Vec<Message>, String> {
    let Some(&header) = bytes.first() else {
        return Err("empty message".into());
    };
    if header >> 4 == 0xF {
        return decode_pack(bytes);
    }
    if bytes.len() < MESSAGE_SIZE {
        return Err(format!(
            "{} bytes, a Remote ID message has {MESSAGE_SIZE}",
            bytes.len()
        ));
    }
    decode_one(&bytes[..MESSAGE_SIZE]).map(|m| vec![m])
}

fn decode_pack(bytes: &[u8]) -> Result<Vec<Message>, String> {
    let (size, count) = match bytes {
        [_, size, count, ..] => (usize::from(*size), usize::from(*count)),
        _ => return Err("message pack shorter than its 3-byte header".into()),
    };
    if size != MESSAGE_SIZE {
        return Err(format!(
            "message pack of {size}-byte messages; the standard's are {MESSAGE_SIZE}"
        ));
    }
    if count > 9 || bytes.len() < 3 + count * size {
        return Err(format!(
            "message pack announces {count} messages but holds {} bytes",
            bytes.len()
        ));
    }
    bytes[3..3 + count * size]
        .chunks(size)
        .map(|m| {
            if m[0] >> 4 == 0xF {
                Err("a message pack inside a message pack".to_string())
            } else {
                decode_one(m)
            }
        })
        .collect()
}

fn decode_one(m: &[u8]) -> Result<Message, String> {
    let u16_at = |i: usize| u16::from_le_bytes([m[i], m[i + 1]]);
    let i32_at = |i: usize| i32::from_le_bytes([m[i], m[i + 1], m[i + 2], m[i + 3]]);
    let text = |range: std::ops::Range<usize>| {
        String::from_utf8_lossy(&m[range])
            .trim_end_matches(['\0', ' '])
            .to_string()
    };
    match m[0] >> 4 {
        0 => Ok(Message::BasicId {
            id_type: m[1] >> 4,
            ua_type: m[1] & 0x0F,
            uas_id: text(2..22),
        }),
        1 => {
            let flags = m[1];
            let east_west = flags & 0b10 != 0;
            let speed_multiplier = flags & 0b1 != 0;
            let direction = u16::from(m[2]) + if east_west { 180 } else { 0 };
            let speed = if m[3] == 255 {
                None
            } else if speed_multiplier {
                Some(f64::from(m[3]) * 0.75 + 255.0 * 0.25)
            } else {
                Some(f64::from(m[3]) * 0.25)
            };
            let vertical = m[4] as i8;
            let (lat, lon) = coordinates(i32_at(5), i32_at(9));
            let tenths = u16_at(21);
            Ok(Message::Location {
                status: flags >> 4,
                direction_deg: (direction <= 360).then_some(f64::from(direction)),
                speed_ms: speed,
                vertical_speed_ms: (vertical != 126).then_some(f64::from(vertical) * 0.5),
                lat,
                lon,
                altitude_baro_m: altitude(u16_at(13)),
                altitude_geo_m: altitude(u16_at(15)),
                height_m: altitude(u16_at(17)),
                height_over_ground: flags & 0b100 != 0,
                tenths_after_hour: (tenths != 0xFFFF && tenths < 36_000).then_some(tenths),
            })
        }
        2 => Ok(Message::Authentication { page: m[1] & 0x0F }),
        3 => Ok(Message::SelfId {
            description_type: m[1],
            description: text(2..25),
        }),
        4 => {
            let (operator_lat, operator_lon) = coordinates(i32_at(2), i32_at(6));
            let seconds = u32::from_le_bytes([m[20], m[21], m[22], m[23]]);
            Ok(Message::System {
                operator_lat,
                operator_lon,
                timestamp: (seconds != 0)
                    .then(|| remote_id_epoch() + Duration::seconds(i64::from(seconds))),
            })
        }
        5 => Ok(Message::OperatorId {
            operator_id: text(2..22),
        }),
        other => Err(format!("unknown Remote ID message type {other}")),
    }
}

/// The System message's epoch: 2019-01-01 00:00:00 UTC.
fn remote_id_epoch() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2019, 1, 1, 0, 0, 0)
        .single()
        .expect("a valid date")
}

/// Degrees × 10⁷; (0, 0) and values off the globe mean "unknown".
fn coordinates(lat: i32, lon: i32) -> (Option<f64>, Option<f64>) {
    let (la, lo) = (f64::from(lat) * 1e-7, f64::from(lon) * 1e-7);
    if (lat == 0 && lon == 0) || la.abs() > 90.0 || lo.abs() > 180.0 {
        (None, None)
    } else {
        (Some(la), Some(lo))
    }
}

/// (metres + 1000) × 2; 0 means "unknown" (-1000 m).
fn altitude(raw: u16) -> Option<f64> {
    (raw != 0).then(|| f64::from(raw) * 0.5 - 1000.0)
}

/// The time a Location message speaks of: its tenths after the hour, in the hour of the
/// receive time that brings it nearest (a message received at 10:00:02 may describe 09:59:59).
pub fn location_time(received: DateTime<Utc>, tenths_after_hour: u16) -> DateTime<Utc> {
    let hour = received
        - Duration::minutes(i64::from(received.minute()))
        - Duration::seconds(i64::from(received.second()))
        - Duration::nanoseconds(i64::from(received.nanosecond()));
    let candidate = hour + Duration::milliseconds(i64::from(tenths_after_hour) * 100);
    [
        candidate - Duration::hours(1),
        candidate,
        candidate + Duration::hours(1),
    ]
    .into_iter()
    .min_by_key(|t| (*t - received).num_milliseconds().abs())
    .expect("three candidates")
}

/// A Basic ID message (for tests and the sample generator).
pub fn encode_basic_id(id_type: u8, ua_type: u8, uas_id: &str) -> [u8; MESSAGE_SIZE] {
    let mut m = [0u8; MESSAGE_SIZE];
    m[0] = 0x02; // type 0, protocol version 2
    m[1] = (id_type << 4) | (ua_type & 0x0F);
    for (slot, b) in m[2..22].iter_mut().zip(uas_id.bytes()) {
        *slot = b;
    }
    m
}

/// An airborne Location message with speed in m/s and heights in metres (for tests and the
/// sample generator).
pub fn encode_location(
    lat: f64,
    lon: f64,
    height_m: f64,
    speed_ms: f64,
    direction_deg: f64,
    at: DateTime<Utc>,
) -> [u8; MESSAGE_SIZE] {
    let mut m = [0u8; MESSAGE_SIZE];
    m[0] = 0x12;
    let direction = direction_deg.rem_euclid(360.0).round() as u16 % 360;
    let east_west = direction >= 180;
    let (speed, multiplier) = if speed_ms <= 255.0 * 0.25 {
        ((speed_ms / 0.25).round() as u8, false)
    } else {
        (((speed_ms - 63.75) / 0.75).round().min(254.0) as u8, true)
    };
    m[1] = (2 << 4) | (u8::from(east_west) << 1) | u8::from(multiplier);
    m[2] = (direction - if east_west { 180 } else { 0 }) as u8;
    m[3] = speed;
    m[4] = 0;
    m[5..9].copy_from_slice(&((lat * 1e7).round() as i32).to_le_bytes());
    m[9..13].copy_from_slice(&((lon * 1e7).round() as i32).to_le_bytes());
    let alt = |metres: f64| (((metres + 1000.0) * 2.0).round() as u16).to_le_bytes();
    m[13..15].copy_from_slice(&[0, 0]);
    m[15..17].copy_from_slice(&[0, 0]);
    m[17..19].copy_from_slice(&alt(height_m));
    let tenths = (at.minute() * 600 + at.second() * 10 + at.nanosecond() / 100_000_000) as u16;
    m[21..23].copy_from_slice(&tenths.to_le_bytes());
    m
}

/// Bytes as upper-case hex, the way receiver logs write them.
pub fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02X}")).collect()
}

/// Hex text (spaces, colons and a `0x` prefix allowed) as bytes.
pub fn from_hex(text: &str) -> Result<Vec<u8>, String> {
    let digits: String = text
        .trim()
        .trim_start_matches("0x")
        .chars()
        .filter(|c| !matches!(c, ' ' | ':' | '-'))
        .collect();
    if !digits.len().is_multiple_of(2) {
        return Err(format!(
            "`{}` has an odd number of hex digits",
            excerpt(text)
        ));
    }
    // Every character a hex digit (so ASCII) before slicing in pairs: a character that is not
    // ASCII would otherwise be cut inside its bytes (a panic, found by the telemetry_remote_id
    // fuzz target).
    if let Some(c) = digits.chars().find(|c| !c.is_ascii_hexdigit()) {
        return Err(format!("`{}` is not hex (`{c}`)", excerpt(text)));
    }
    (0..digits.len())
        .step_by(2)
        .map(|i| {
            u8::from_str_radix(&digits[i..i + 2], 16)
                .map_err(|_| format!("`{}` is not hex", &digits[i..i + 2]))
        })
        .collect()
}

/// At most the first 64 characters of `text`, for an error message.
fn excerpt(text: &str) -> String {
    match text.char_indices().nth(64) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_with_a_character_that_is_not_ascii_is_an_error_not_a_panic() {
        // the telemetry_remote_id fuzz target's reproducer: 0xA1 read as U+FFFD (3 bytes) at
        // byte 29, so the pair starting at byte 28 ended inside it
        let mut line = b"12200000000000000000000000000".to_vec();
        line.push(0xA1);
        line.extend_from_slice(b"00000000000000000000");
        let text = String::from_utf8_lossy(&line);
        let err = from_hex(&text).unwrap_err();
        assert!(err.contains("is not hex"), "{err}");
        assert!(from_hex("12é4").is_err());
        assert!(from_hex("ÿÿ").is_err());
        assert_eq!(
            from_hex("0x12 AB:cd-EF").unwrap(),
            vec![0x12, 0xAB, 0xCD, 0xEF]
        );
        assert!(from_hex("0").unwrap_err().contains("odd number"));
    }

    #[test]
    fn a_location_survives_encoding_and_decoding() {
        let at = Utc.with_ymd_and_hms(2025, 3, 4, 22, 17, 31).unwrap();
        let bytes = encode_location(6.4301234, -2.5, 120.0, 14.25, 271.0, at);
        let decoded = decode(&bytes).unwrap();
        let Message::Location {
            status,
            direction_deg,
            speed_ms,
            lat,
            lon,
            height_m,
            tenths_after_hour,
            altitude_geo_m,
            ..
        } = &decoded[0]
        else {
            panic!("{decoded:?}")
        };
        assert_eq!(*status, 2);
        assert_eq!(*direction_deg, Some(271.0));
        assert_eq!(*speed_ms, Some(14.25));
        assert!((lat.unwrap() - 6.4301234).abs() < 1e-7);
        assert!((lon.unwrap() + 2.5).abs() < 1e-7);
        assert_eq!(*height_m, Some(120.0));
        assert_eq!(*altitude_geo_m, None, "0 is the 'unknown' altitude");
        assert_eq!(*tenths_after_hour, Some(17 * 600 + 31 * 10));
        // fast drones use the speed multiplier
        let fast = decode(&encode_location(0.1, 0.1, 0.0, 100.0, 0.0, at)).unwrap();
        assert!(
            matches!(fast[0], Message::Location { speed_ms: Some(s), .. } if (s - 99.75).abs() < 1e-9)
        );
    }

    #[test]
    fn basic_id_and_message_packs_decode() {
        let id = encode_basic_id(1, 2, "1581F5FKD229400BG1");
        assert_eq!(
            decode(&id).unwrap(),
            vec![Message::BasicId {
                id_type: 1,
                ua_type: 2,
                uas_id: "1581F5FKD229400BG1".into()
            }]
        );
        let at = Utc.with_ymd_and_hms(2025, 3, 4, 22, 0, 0).unwrap();
        let mut pack = vec![0xF2, 25, 2];
        pack.extend_from_slice(&id);
        pack.extend_from_slice(&encode_location(1.0, 2.0, 30.0, 5.0, 90.0, at));
        let messages = decode(&pack).unwrap();
        assert_eq!(messages.len(), 2);
        assert!(matches!(messages[1], Message::Location { .. }));
        let lying = [0xF2, 25, 4];
        assert!(decode(&lying).unwrap_err().contains("announces 4 messages"));
        assert!(decode(&id[..10]).unwrap_err().contains("10 bytes"));
    }

    #[test]
    fn the_hour_comes_from_the_receiver_clock() {
        let received = Utc.with_ymd_and_hms(2025, 3, 4, 10, 0, 2).unwrap();
        // 59:59.0 after the hour: the previous hour
        let t = location_time(received, 35_990);
        assert_eq!(t, Utc.with_ymd_and_hms(2025, 3, 4, 9, 59, 59).unwrap());
        assert_eq!(
            location_time(received, 10),
            Utc.with_ymd_and_hms(2025, 3, 4, 10, 0, 1).unwrap()
        );
    }

    #[test]
    fn hex_is_read_leniently_and_rejected_clearly() {
        assert_eq!(from_hex("0x0A:ff 10").unwrap(), vec![0x0A, 0xFF, 0x10]);
        assert!(from_hex("ABC").unwrap_err().contains("odd"));
        assert!(from_hex("ZZ").unwrap_err().contains("not hex"));
        assert_eq!(to_hex(&[0x0A, 0xFF]), "0AFF");
    }
}
