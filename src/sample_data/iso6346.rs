//! ISO 6346 freight container numbers: owner code, category identifier, serial and check digit.

/// Letter values: A=10 and up, skipping multiples of 11 (11, 22, 33).
fn letter_value(c: char) -> u32 {
    let mut v = 10;
    for l in 'A'..=c {
        if l == c {
            return v;
        }
        v += 1;
        if v % 11 == 0 {
            v += 1;
        }
    }
    v
}

/// The check digit of the first ten characters (`CSQU305438` → 3).
pub fn check_digit(first10: &str) -> Option<u32> {
    let chars: Vec<char> = first10.chars().collect();
    if chars.len() != 10 {
        return None;
    }
    let mut sum = 0u32;
    for (i, c) in chars.iter().enumerate() {
        let v = match (i, c) {
            (0..=3, c) if c.is_ascii_uppercase() => letter_value(*c),
            (4..=9, c) if c.is_ascii_digit() => c.to_digit(10)?,
            _ => return None,
        };
        sum += v << i;
    }
    Some(sum % 11 % 10)
}

/// Appends the check digit.
pub fn with_check_digit(first10: &str) -> String {
    format!(
        "{first10}{}",
        check_digit(first10).expect("owner code, category and six digits")
    )
}

/// True for a well-formed number with the right check digit.
pub fn is_valid(id: &str) -> bool {
    id.len() == 11
        && id.is_char_boundary(10)
        && matches!(id.as_bytes()[3], b'U' | b'J' | b'Z')
        && check_digit(&id[..10]).is_some_and(|d| id[10..].parse::<u32>().ok() == Some(d))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_numbers() {
        assert_eq!(check_digit("CSQU305438"), Some(3));
        assert!(is_valid("NARU3472484"));
        assert!(!is_valid("MAEU6543210"));
        assert!(is_valid("MAEU6543213"));
    }
}
