//! The second factor of staff accounts: TOTP codes (RFC 6238: 30-second
//! steps, 6 digits, HMAC-SHA-1 — what every authenticator app reads)
//! computed with `totp-rs`, one step of drift either way, and recovery
//! codes for a lost phone. Pure functions; the use cases are in
//! `auth.rs` (sign-in) and `accounts/security.rs` (setting it up).

use rand::Rng;
use rand::RngCore;
use rand::rngs::OsRng;
use totp_rs::{Algorithm, Secret, TOTP};

/// Seconds per TOTP step.
pub const STEP_SECS: u64 = 30;
/// Recovery codes given at once.
pub const RECOVERY_CODES: usize = 10;
/// Letters of a recovery code (no look-alikes: 0/o, 1/l/i).
const RECOVERY_ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";

/// A new random secret (160 bits, as RFC 4226 recommends), in base32.
pub fn new_secret() -> String {
    let mut bytes = [0u8; 20];
    OsRng.fill_bytes(&mut bytes);
    Secret::Raw(bytes.to_vec()).to_encoded().to_string()
}

fn totp(secret: &str) -> Option<TOTP> {
    let bytes = Secret::Encoded(secret.to_owned()).to_bytes().ok()?;
    TOTP::new(Algorithm::SHA1, 6, 1, STEP_SECS, bytes).ok()
}

/// The time step at which `code` is right, within one step of `now_secs`;
/// `None` for a wrong code (or anything not six digits).
pub fn matching_step(secret: &str, code: &str, now_secs: u64) -> Option<i64> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let totp = totp(secret)?;
    [0i64, -1, 1].into_iter().find_map(|offset| {
        let at = now_secs.checked_add_signed(offset * STEP_SECS as i64)?;
        let expected = totp.generate(at);
        // Compared without an early exit: timing says nothing of the code.
        let same = expected
            .bytes()
            .zip(code.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0;
        same.then_some((at / STEP_SECS) as i64)
    })
}

/// The current code (for tests and the demo's documentation only).
pub fn current_code(secret: &str, now_secs: u64) -> Option<String> {
    totp(secret).map(|t| t.generate(now_secs))
}

fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// The `otpauth://` address an authenticator app reads (as a QR code or
/// pasted), naming the shop and the account.
pub fn otpauth_uri(secret: &str, issuer: &str, account: &str) -> String {
    format!(
        "otpauth://totp/{}:{}?secret={secret}&issuer={}&algorithm=SHA1&digits=6&period={STEP_SECS}",
        encode(issuer),
        encode(account),
        encode(issuer)
    )
}

/// Fresh recovery codes, such as `k7m2p-x9qr4`.
pub fn new_recovery_codes() -> Vec<String> {
    (0..RECOVERY_CODES)
        .map(|_| {
            let letters: String = (0..10)
                .map(|_| RECOVERY_ALPHABET[OsRng.gen_range(0..RECOVERY_ALPHABET.len())] as char)
                .collect();
            format!("{}-{}", &letters[..5], &letters[5..])
        })
        .collect()
}

/// A recovery code as stored (hashed): lower case, without spaces or dashes.
pub fn recovery_code_key(code: &str) -> String {
    code.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Whether `text` looks like a recovery code rather than a TOTP code.
pub fn is_recovery_code(text: &str) -> bool {
    recovery_code_key(text).len() == 10
}

#[cfg(test)]
mod tests {
    use super::*;

    // RFC 6238, appendix B: the SHA-1 seed "12345678901234567890".
    const RFC_SECRET: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    #[test]
    fn codes_match_the_rfc_test_vectors() {
        // T = 59 s → 94287082 (8 digits); its last six are the 6-digit code.
        assert_eq!(current_code(RFC_SECRET, 59).unwrap(), "287082");
        assert_eq!(current_code(RFC_SECRET, 1_111_111_109).unwrap(), "081804");
        assert_eq!(current_code(RFC_SECRET, 2_000_000_000).unwrap(), "279037");
    }

    #[test]
    fn a_code_matches_within_one_step_and_names_its_step() {
        let now = 1_111_111_109;
        let code = current_code(RFC_SECRET, now).unwrap();
        assert_eq!(
            matching_step(RFC_SECRET, &code, now),
            Some((now / 30) as i64)
        );
        assert_eq!(
            matching_step(RFC_SECRET, &code, now + 30),
            Some((now / 30) as i64)
        );
        assert_eq!(matching_step(RFC_SECRET, &code, now + 90), None);
        assert_eq!(matching_step(RFC_SECRET, "000000", now), None);
        assert_eq!(matching_step(RFC_SECRET, "12345", now), None);
        assert_eq!(matching_step(RFC_SECRET, "abcdef", now), None);
        let spaced = format!("{} {}", &code[..3], &code[3..]);
        assert!(matching_step(RFC_SECRET, &spaced, now).is_some());
    }

    #[test]
    fn a_new_secret_makes_codes_and_an_app_address() {
        let secret = new_secret();
        assert_eq!(secret.len(), 32);
        assert!(current_code(&secret, 1_000).is_some());
        let uri = otpauth_uri(&secret, "Demo Shop", "ana@example.com");
        assert!(
            uri.starts_with("otpauth://totp/Demo%20Shop:ana%40example.com?secret="),
            "{uri}"
        );
        assert!(uri.contains("&issuer=Demo%20Shop"));
    }

    #[test]
    fn recovery_codes_are_ten_distinct_and_read_loosely() {
        let codes = new_recovery_codes();
        assert_eq!(codes.len(), RECOVERY_CODES);
        let mut unique = codes.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), RECOVERY_CODES);
        assert_eq!(recovery_code_key(" K7M2P-X9QR4 "), "k7m2px9qr4");
        assert!(is_recovery_code("k7m2p-x9qr4"));
        assert!(!is_recovery_code("123456"));
    }
}
