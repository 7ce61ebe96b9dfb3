//! ISO 6346 freight container numbers: owner code, category identifier, serial and check digit.
//!
//! Reference data rather than sample data: the loaders check every container number they read
//! with [`is_valid`], and the sample generator makes valid ones with [`with_check_digit`]; both
//! use this one implementation.

/// Letter values: A=10 and up, skipping multiples of 11 (11, 22, 33): for v = 10 (A) .. 35 (Z)
/// that is `v + (v - 1) / 10`.
fn letter_value(c: u8) -> u32 {
    let v = u32::from(c - b'A') + 10;
    v + (v - 1) / 10
}

/// Σ value(cᵢ)·2ⁱ over the first ten characters, or None when they are not 4 capitals and 6
/// digits. Works on bytes without allocating: the loader runs it on every container number.
fn weighted_sum(first10: &[u8]) -> Option<u32> {
    if first10.len() != 10 {
        return None;
    }
    let mut sum = 0u32;
    for (i, &c) in first10.iter().enumerate() {
        let v = match i {
            0..=3 if c.is_ascii_uppercase() => letter_value(c),
            4..=9 if c.is_ascii_digit() => u32::from(c - b'0'),
            _ => return None,
        };
        sum += v << i;
    }
    Some(sum)
}

/// The check digit of the first ten characters (`CSQU305438` → 3).
pub fn check_digit(first10: &str) -> Option<u32> {
    weighted_sum(first10.as_bytes()).map(|s| s % 11 % 10)
}

/// Appends the check digit.
pub fn with_check_digit(first10: &str) -> String {
    format!(
        "{first10}{}",
        check_digit(first10).expect("owner code, category and six digits")
    )
}

/// True for a well-formed number (category U, J or Z) with the right check digit.
pub fn is_valid(id: &str) -> bool {
    let b = id.as_bytes();
    b.len() == 11
        && matches!(b[3], b'U' | b'J' | b'Z')
        && b[10].is_ascii_digit()
        && weighted_sum(&b[..10]).is_some_and(|s| s % 11 % 10 == u32::from(b[10] - b'0'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letter_values_skip_multiples_of_eleven() {
        let values: Vec<u32> = (b'A'..=b'Z').map(letter_value).collect();
        assert_eq!(&values[..3], &[10, 12, 13]);
        assert_eq!(values[b'K' as usize - 65..][..2], [21, 23]);
        assert_eq!(values[25], 38);
        assert!(values.iter().all(|v| v % 11 != 0));
    }

    #[test]
    fn known_numbers() {
        assert_eq!(check_digit("CSQU305438"), Some(3));
        assert!(is_valid("NARU3472484"));
        assert!(!is_valid("MAEU6543210"));
        assert!(is_valid("MAEU6543213"));
    }
}
