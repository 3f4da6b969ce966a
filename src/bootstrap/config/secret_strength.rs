//! Whether a secret could have come from a generator, or from a person filling in a form.
//!
//! Length alone lets through what people type when asked for a long secret: one character
//! 32 times, `changeme` four times, a sentence with "secret" in it. Anyone who guesses the
//! signing key forges tokens for every account, and anyone who guesses the webhook secret
//! grants themselves a subscription, so production refuses a value that is short, made of few
//! distinct characters, a short unit repeated, or built around a well-known placeholder. A
//! generated value (`openssl rand -hex 32`, Stripe's `whsec_…`) passes every check by a wide
//! margin.

/// What makes a secret guessable.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Weakness {
    TooShort,
    Repetitive,
    Placeholder,
}

/// Fewer distinct characters than this reads as typed, not generated: 32 random hex digits
/// hold 16 distinct ones with overwhelming probability.
const MIN_DISTINCT_CHARS: usize = 10;

/// Words that mark a value as a placeholder, compared without case or punctuation.
const PLACEHOLDERS: &[&str] = &[
    "changeme",
    "changethis",
    "replaceme",
    "secret",
    "password",
    "passwd",
    "yourkey",
    "example",
    "placeholder",
    "default",
    "dummy",
    "insecure",
    "notsecure",
    "donotuse",
    "letmein",
    "qwerty",
    "123456",
    "abcdef",
];

/// The first weakness found in `secret` (surrounding whitespace ignored), or `None` when it
/// is at least `min_len` bytes and looks generated.
pub fn weakness(secret: &str, min_len: usize) -> Option<Weakness> {
    let secret = secret.trim();
    if secret.len() < min_len {
        return Some(Weakness::TooShort);
    }
    let folded: String = secret.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect();
    if PLACEHOLDERS.iter().any(|word| folded.contains(word)) {
        return Some(Weakness::Placeholder);
    }
    if distinct_chars(secret) < MIN_DISTINCT_CHARS || repeats_a_unit(secret) {
        return Some(Weakness::Repetitive);
    }
    None
}

fn distinct_chars(secret: &str) -> usize {
    let mut seen: Vec<char> = secret.chars().collect();
    seen.sort_unstable();
    seen.dedup();
    seen.len()
}

/// Whether `secret` is some shorter unit written over and over (`kqzwmvjxtrp` × 3): it has a
/// period of at most half its length. Secrets are short, so the quadratic scan is nothing.
fn repeats_a_unit(secret: &str) -> bool {
    let bytes = secret.as_bytes();
    (1..=bytes.len() / 2).any(|period| bytes.iter().zip(&bytes[period..]).all(|(a, b)| a == b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_values_pass() {
        assert_eq!(weakness("3f9c1b7e2a5d8c0f4e6a9b1d3c5e7f80a2b4c6d8e0f1a3b5c7d9e1f3a5b7c9d1", 32), None);
        assert_eq!(weakness("q8J0vXr2+T5mB1nWc7yZkL4pH9sD3fG6aE0uV2iO8tQ=", 32), None);
    }

    #[test]
    fn short_repetitive_and_placeholder_values_are_named_for_what_is_wrong() {
        assert_eq!(weakness("q8J0vXr2T5mB1nWc", 32), Some(Weakness::TooShort));
        assert_eq!(weakness(&"a".repeat(32), 32), Some(Weakness::Repetitive));
        assert_eq!(weakness(&"kqzwmvjxtrp".repeat(3), 32), Some(Weakness::Repetitive));
        assert_eq!(weakness("0101010101zyxwvutsrqponmlkjihgfe0101010101", 32), None);
        assert_eq!(weakness(&"changeme".repeat(4), 32), Some(Weakness::Placeholder));
        assert_eq!(weakness("your-Secret-Key-goes-here-8f3a9c2e71", 32), Some(Weakness::Placeholder));
        assert_eq!(weakness("P4ssW0rd-EXAMPLE-91b7c3e5d2f4a6c8e0", 32), Some(Weakness::Placeholder));
    }

    #[test]
    fn surrounding_whitespace_does_not_count_towards_the_length() {
        assert_eq!(weakness(&format!("  {}  ", "q8J0vXr2T5mB1nWc7yZkL4pH9sD3f"), 32), Some(Weakness::TooShort));
    }
}
