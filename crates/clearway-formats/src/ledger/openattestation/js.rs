//! The few JavaScript behaviours an OpenAttestation digest depends on, reproduced exactly:
//! `JSON.stringify` of a leaf, `String(value)` (template literals), `Number.prototype.toString`,
//! lodash's `sortBy` on strings (UTF-16 code-unit order) and `get` with a dotted path, and
//! js-base64's decoding of `proof.salts`.
//!
//! The reference implementation is JavaScript, so a digest is only reproducible where clearway
//! computes what JavaScript computes. Where it cannot be sure (a number literal its JSON reader
//! may round differently, a path lodash would resolve through a built-in property such as
//! `length` or `constructor`), the caller gets [`Unsure`] and reports the document as not
//! verifiable instead of guessing a verdict.

use serde_json::Value;

/// Why a JavaScript behaviour could not be reproduced with certainty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsure(pub String);

/// `Number.prototype.toString()` (ECMA-262 Number::toString, radix 10) for a finite double:
/// the shortest digits that round-trip, in plain notation for 1e-7 < |x| < 1e21.
pub fn number(x: f64) -> String {
    if x == 0.0 {
        return "0".into(); // also -0
    }
    if x.is_nan() {
        return "NaN".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "Infinity" } else { "-Infinity" }.into();
    }
    // Rust's `{:e}` prints the shortest round-trip digits, as ECMA-262 asks for
    let sci = format!("{:e}", x.abs());
    let (mantissa, exponent) = sci.split_once('e').unwrap_or((sci.as_str(), "0"));
    let digits: String = mantissa.chars().filter(|c| c.is_ascii_digit()).collect();
    let k = digits.len() as i64;
    let n = exponent.parse::<i64>().unwrap_or(0) + 1;
    let body = if k <= n && n <= 21 {
        format!("{digits}{}", "0".repeat((n - k) as usize))
    } else if 0 < n && n <= 21 {
        format!("{}.{}", &digits[..n as usize], &digits[n as usize..])
    } else if -6 < n && n <= 0 {
        format!("0.{}{digits}", "0".repeat((-n) as usize))
    } else {
        let e = n - 1;
        let sign = if e < 0 { '-' } else { '+' };
        if k == 1 {
            format!("{digits}e{sign}{}", e.abs())
        } else {
            format!("{}.{}e{sign}{}", &digits[..1], &digits[1..], e.abs())
        }
    };
    if x < 0.0 {
        format!("-{body}")
    } else {
        body
    }
}

fn json_number(n: &serde_json::Number) -> String {
    number(n.as_f64().unwrap_or(f64::NAN))
}

/// `JSON.stringify(value)` for a leaf: a string, number, boolean, null or an empty object or
/// array (`flat` keeps those as leaves). serde_json escapes strings exactly as JavaScript does
/// (`\"`, `\\`, `\b\f\n\r\t`, other control characters as lowercase `\u00xx`, nothing else).
pub fn stringify_leaf(v: &Value) -> String {
    match v {
        Value::Number(n) => json_number(n),
        Value::Object(m) if !m.is_empty() => {
            let inner: Vec<String> = m
                .iter()
                .map(|(k, x)| format!("{}:{}", string(k), stringify_leaf(x)))
                .collect();
            format!("{{{}}}", inner.join(","))
        }
        Value::Array(a) if !a.is_empty() => {
            let inner: Vec<String> = a.iter().map(stringify_leaf).collect();
            format!("[{}]", inner.join(","))
        }
        other => other.to_string(),
    }
}

/// A string as a JSON string literal (`JSON.stringify("…")`).
pub fn string(s: &str) -> String {
    Value::String(s.to_string()).to_string()
}

/// `JSON.stringify({[key]: value})` for a string value.
pub fn single(key: &str, value: &str) -> String {
    format!("{{{}:{}}}", string(key), string(value))
}

/// `String(value)`, as a template literal renders it: arrays join their elements with `,`
/// (null elements render empty), objects render `[object Object]`.
pub fn to_string(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => json_number(n),
        Value::Bool(b) => b.to_string(),
        Value::Null => "null".into(),
        Value::Object(_) => "[object Object]".into(),
        Value::Array(a) => a
            .iter()
            .map(|x| match x {
                Value::Null => String::new(),
                other => to_string(other),
            })
            .collect::<Vec<_>>()
            .join(","),
    }
}

/// lodash `sortBy` on strings: `<` on JavaScript strings compares UTF-16 code units.
pub fn sort_strings(v: &mut [String]) {
    v.sort_by(|a, b| a.encode_utf16().cmp(b.encode_utf16()));
}

/// Properties every JavaScript object inherits: lodash `get` finds them when the document has
/// no own property of that name.
const OBJECT_BUILTINS: &[&str] = &[
    "constructor",
    "__proto__",
    "hasOwnProperty",
    "isPrototypeOf",
    "propertyIsEnumerable",
    "toLocaleString",
    "toString",
    "valueOf",
    "__defineGetter__",
    "__defineSetter__",
    "__lookupGetter__",
    "__lookupSetter__",
];

/// lodash `get(document, path)` for the path forms OpenAttestation writes
/// (`a.b[0].c`): `Ok(None)` is `undefined`. A path of another form, or one lodash would resolve
/// through a built-in property (`name.length`, `constructor`), is [`Unsure`].
pub fn get<'a>(doc: &'a Value, path: &str) -> Result<Option<&'a Value>, Unsure> {
    let segments = parse_path(path)
        .ok_or_else(|| Unsure(format!("salt path `{path}` is not of the form a.b[0].c")))?;
    let mut at = doc;
    for seg in segments {
        at = match at {
            Value::Null => return Ok(None),
            Value::Object(m) => match m.get(seg) {
                Some(x) => x,
                None if OBJECT_BUILTINS.contains(&seg) => {
                    return Err(Unsure(format!(
                        "salt path `{path}` names the JavaScript built-in `{seg}`"
                    )))
                }
                None => return Ok(None),
            },
            Value::Array(a) => match canonical_index(seg) {
                Some(i) => match a.get(i) {
                    Some(x) => x,
                    None => return Ok(None),
                },
                None => {
                    return Err(Unsure(format!(
                        "salt path `{path}` reads `{seg}` of an array (a JavaScript built-in)"
                    )))
                }
            },
            _ => {
                return Err(Unsure(format!(
                    "salt path `{path}` reads `{seg}` of a string, number or boolean"
                )))
            }
        };
    }
    Ok(Some(at))
}

fn canonical_index(s: &str) -> Option<usize> {
    let canonical = s == "0" || (!s.starts_with('0') && !s.is_empty());
    if canonical && s.bytes().all(|b| b.is_ascii_digit()) && s.len() < 16 {
        s.parse().ok()
    } else {
        None
    }
}

/// `a.b[0].c` → `["a", "b", "0", "c"]`; other forms (quotes, empty segments, `[01]`) → None.
fn parse_path(path: &str) -> Option<Vec<&str>> {
    let mut out = Vec::new();
    let mut rest = path;
    let mut first = true;
    while !rest.is_empty() || first {
        if !first {
            if let Some(r) = rest.strip_prefix('.') {
                rest = r;
            } else if let Some(r) = rest.strip_prefix('[') {
                let end = r.find(']')?;
                let index = &r[..end];
                canonical_index(index)?;
                out.push(index);
                rest = &r[end + 1..];
                continue;
            } else {
                return None;
            }
        }
        first = false;
        let end = rest.find(['.', '[', ']']).unwrap_or(rest.len());
        if end == 0 {
            return None;
        }
        out.push(&rest[..end]);
        rest = &rest[end..];
    }
    Some(out)
}

/// js-base64's `Base64.decode`: URL-safe letters mapped, every other non-base64 character
/// (padding included) dropped, then UTF-8. A remainder of one character, or bytes that are
/// not UTF-8, are refused rather than decoded the lenient way.
pub fn base64_utf8(text: &str) -> Result<String, Unsure> {
    use base64::Engine;
    let tidy: String = text
        .chars()
        .filter_map(|c| match c {
            '-' => Some('+'),
            '_' => Some('/'),
            c if c.is_ascii_alphanumeric() || c == '+' || c == '/' => Some(c),
            _ => None,
        })
        .collect();
    let engine = base64::engine::GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        base64::engine::GeneralPurposeConfig::new()
            .with_decode_padding_mode(base64::engine::DecodePaddingMode::RequireNone)
            .with_decode_allow_trailing_bits(true),
    );
    let bytes = engine
        .decode(tidy.as_bytes())
        .map_err(|e| Unsure(format!("salts are not base64: {e}")))?;
    String::from_utf8(bytes).map_err(|_| Unsure("salts are not UTF-8 text".into()))
}

/// Number literals clearway's JSON reader parses exactly as JavaScript does: at most 15
/// significant digits scaled by at most 10^±22 (one correctly rounded IEEE operation on exact
/// operands). serde_json's default reader may round longer literals differently from
/// `JSON.parse`, so a document with such a literal is not verifiable by clearway.
pub fn inexact_number_literal(bytes: &[u8]) -> Option<String> {
    let mut i = 0;
    let n = bytes.len();
    while i < n {
        match bytes[i] {
            b'"' => {
                i += 1;
                while i < n && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
            }
            b'-' | b'0'..=b'9' => {
                let start = i;
                while i < n && matches!(bytes[i], b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9') {
                    i += 1;
                }
                let lit = String::from_utf8_lossy(&bytes[start..i]).to_string();
                if !exact_literal(&lit) {
                    return Some(lit);
                }
            }
            _ => i += 1,
        }
    }
    None
}

fn exact_literal(lit: &str) -> bool {
    let body = lit.strip_prefix('-').unwrap_or(lit);
    if body.bytes().all(|b| b.is_ascii_digit()) {
        // an integer literal that fits 64 bits is read exactly, then rounded once to a double
        return !body.is_empty() && body.len() <= 18;
    }
    let (mantissa, exp) = match body.find(['e', 'E']) {
        Some(p) => (&body[..p], body[p + 1..].parse::<i64>().ok()),
        None => (body, Some(0)),
    };
    let Some(exp) = exp else { return false };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = format!("{int}{frac}");
    let significant = digits.trim_start_matches('0');
    let scale = exp - frac.len() as i64;
    significant.is_empty() || (significant.len() <= 15 && (-22..=22).contains(&scale))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_print_as_javascript_prints_them() {
        for (x, js) in [
            (0.1, "0.1"),
            (1.0, "1"),
            (-0.0, "0"),
            (1e21, "1e+21"),
            (1e20, "100000000000000000000"),
            (123456789012345680000.0, "123456789012345680000"),
            (1e-7, "1e-7"),
            (1.5e-7, "1.5e-7"),
            (0.000001, "0.000001"),
            (5e-324, "5e-324"),
            (1.7976931348623157e308, "1.7976931348623157e+308"),
            (-2.5, "-2.5"),
            (0.1 + 0.2, "0.30000000000000004"),
        ] {
            assert_eq!(number(x), js, "{x:e}");
        }
    }

    #[test]
    fn template_literals_render_as_javascript() {
        let v: Value = serde_json::json!([1, null, [2, "a"], {"x": 1}, true]);
        assert_eq!(to_string(&v), "1,,2,a,[object Object],true");
        assert_eq!(to_string(&serde_json::json!(null)), "null");
        assert_eq!(to_string(&serde_json::json!(2.50)), "2.5");
    }

    #[test]
    fn paths_resolve_like_lodash_or_are_refused() {
        let doc = serde_json::json!({"a": {"b": [{"c": 1}, "x"]}, "n": null});
        assert_eq!(get(&doc, "a.b[0].c"), Ok(Some(&serde_json::json!(1))));
        assert_eq!(get(&doc, "a.b.1"), Ok(Some(&serde_json::json!("x"))));
        assert_eq!(get(&doc, "a.z"), Ok(None));
        assert_eq!(get(&doc, "n.z"), Ok(None));
        assert!(get(&doc, "a.b.length").is_err());
        assert!(get(&doc, "a.b[1].length").is_err());
        assert!(get(&doc, "constructor").is_err());
        assert!(get(&doc, "a[\"b\"]").is_err());
        assert!(get(&doc, "a.b[01]").is_err());
        assert!(get(&doc, "").is_err());
    }

    #[test]
    fn strings_sort_by_utf16_code_units() {
        // U+FF21 sorts after U+1F600 in UTF-8 byte order but before it in UTF-16
        let mut v = vec!["\u{1F600}".to_string(), "\u{FF21}".to_string()];
        sort_strings(&mut v);
        assert_eq!(v, ["\u{1F600}", "\u{FF21}"]);
    }

    #[test]
    fn long_number_literals_are_flagged() {
        assert_eq!(
            inexact_number_literal(br#"{"a": 1.25, "b": "1.2345678901234567890"}"#),
            None
        );
        assert_eq!(
            inexact_number_literal(br#"{"a": 1e22, "b": -0.0001, "c": 123456789012345678}"#),
            None
        );
        assert!(inexact_number_literal(br#"{"a": 100000000000000000000000}"#).is_some());
        assert_eq!(
            inexact_number_literal(br#"{"a": 0.1000000000000000055511151231257827}"#).as_deref(),
            Some("0.1000000000000000055511151231257827")
        );
        assert!(inexact_number_literal(b"[1e-30]").is_some());
    }
}
