//! Values parsed at the edge so that an invalid one cannot exist inside.

use serde::Serialize;
use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ValidationError {
    #[error("'{value}' is not a valid {kind}; expected one of: {}", allowed.join(", "))]
    UnknownValue {
        kind: &'static str,
        value: String,
        allowed: &'static [&'static str],
    },
    #[error("'{0}' is not a valid email address")]
    Email(String),
    #[error("{field} must not be empty")]
    Empty { field: &'static str },
    #[error("{field} is too long: {len} characters, at most {max}")]
    TooLong {
        field: &'static str,
        len: usize,
        max: usize,
    },
    #[error("{field} contains control characters")]
    ControlCharacters { field: &'static str },
    #[error(
        "'{0}' is not a valid tag: use letters, digits, '-', '_', ':' or '.', at most 64 characters"
    )]
    Tag(String),
    #[error("'{0}' is not a language tag such as en, zh-CN or es")]
    Language(String),
}

fn shorten(text: &str) -> String {
    text.chars().take(80).collect()
}

/// An email address, trimmed and lower-cased so that one mailbox is one person.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct EmailAddress(String);

impl EmailAddress {
    pub fn parse(text: &str) -> Result<Self, ValidationError> {
        let text = text.trim();
        let err = || ValidationError::Email(shorten(text));
        if text.len() > 254 || text.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(err());
        }
        let (local, domain) = text.split_once('@').ok_or_else(err)?;
        if local.is_empty() || local.len() > 64 || domain.contains('@') {
            return Err(err());
        }
        if local.starts_with('.') || local.ends_with('.') || local.contains("..") {
            return Err(err());
        }
        // The specials of RFC 5322 are only allowed quoted, which nobody
        // types: "<b>x</b>@example.cn" is markup, not an address.
        if local.contains(['<', '>', '(', ')', '[', ']', '\\', ',', ';', ':', '"']) {
            return Err(err());
        }
        let labels: Vec<&str> = domain.split('.').collect();
        let label_ok = |l: &&str| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_alphanumeric() || c == '-')
        };
        if labels.len() < 2 || !labels.iter().all(label_ok) {
            return Err(err());
        }
        Ok(EmailAddress(text.to_lowercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for EmailAddress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A ticket tag: lower case, no spaces (spaces become `_`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Tag(String);

impl Tag {
    pub fn parse(text: &str) -> Result<Self, ValidationError> {
        let normalized: String = text.trim().to_lowercase().replace(' ', "_");
        let valid_char = |c: char| c.is_alphanumeric() || matches!(c, '-' | '_' | ':' | '.');
        if normalized.is_empty()
            || normalized.chars().count() > 64
            || !normalized.chars().all(valid_char)
        {
            return Err(ValidationError::Tag(shorten(text)));
        }
        Ok(Tag(normalized))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A BCP 47 language tag reduced to what a help desk needs: `en`, `zh-CN`, `es-419`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct LanguageTag(String);

impl LanguageTag {
    pub fn parse(text: &str) -> Result<Self, ValidationError> {
        let err = || ValidationError::Language(shorten(text));
        let mut parts = text.trim().split(['-', '_']);
        let primary = parts.next().ok_or_else(err)?;
        if !(2..=3).contains(&primary.len()) || !primary.chars().all(|c| c.is_ascii_alphabetic()) {
            return Err(err());
        }
        let mut tag = primary.to_ascii_lowercase();
        for part in parts {
            let ok =
                (2..=8).contains(&part.len()) && part.chars().all(|c| c.is_ascii_alphanumeric());
            if !ok {
                return Err(err());
            }
            tag.push('-');
            if part.len() == 2 {
                tag.push_str(&part.to_ascii_uppercase());
            } else {
                tag.push_str(part);
            }
        }
        Ok(LanguageTag(tag))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The primary language (`zh` for `zh-CN`).
    pub fn primary(&self) -> &str {
        self.0.split('-').next().unwrap_or(&self.0)
    }
}

/// Checks a required single-line text field: trims it, refuses empty,
/// over-long or control-character input.
pub fn required_line(
    field: &'static str,
    text: &str,
    max: usize,
) -> Result<String, ValidationError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(ValidationError::Empty { field });
    }
    let len = text.chars().count();
    if len > max {
        return Err(ValidationError::TooLong { field, len, max });
    }
    if text.chars().any(char::is_control) {
        return Err(ValidationError::ControlCharacters { field });
    }
    Ok(text.to_string())
}

/// Checks a required multi-line text (a message body): newlines and tabs are
/// fine, other control characters are not.
pub fn required_text(
    field: &'static str,
    text: &str,
    max: usize,
) -> Result<String, ValidationError> {
    if text.trim().is_empty() {
        return Err(ValidationError::Empty { field });
    }
    let len = text.chars().count();
    if len > max {
        return Err(ValidationError::TooLong { field, len, max });
    }
    if text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(ValidationError::ControlCharacters { field });
    }
    Ok(text.replace("\r\n", "\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        assert_eq!(
            EmailAddress::parse(" Ana@Example.COM ").unwrap().as_str(),
            "ana@example.com"
        );
        assert!(EmailAddress::parse("li.wei@shop.example.cn").is_ok());
        for bad in [
            "",
            "a",
            "a@",
            "@b.c",
            "a@b",
            "a b@c.d",
            "a@@b.c",
            "a@b..c",
            "a@-b.c",
            ".a@b.c",
            "a\n@b.c",
            "<b>x</b>@example.cn",
            "a,b@c.d",
        ] {
            assert!(EmailAddress::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn tags() {
        assert_eq!(
            Tag::parse(" Late Delivery ").unwrap().as_str(),
            "late_delivery"
        );
        assert_eq!(Tag::parse("物流").unwrap().as_str(), "物流");
        for bad in ["", "   ", "a/b", "<script>", &"x".repeat(65)] {
            assert!(Tag::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn languages() {
        assert_eq!(LanguageTag::parse("zh_cn").unwrap().as_str(), "zh-CN");
        assert_eq!(LanguageTag::parse("es-419").unwrap().as_str(), "es-419");
        assert_eq!(LanguageTag::parse("en").unwrap().primary(), "en");
        for bad in ["", "e", "english", "zh-", "1a"] {
            assert!(LanguageTag::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn lines_and_texts() {
        assert_eq!(required_line("subject", "  Hi ", 10).unwrap(), "Hi");
        assert!(matches!(
            required_line("subject", " ", 10),
            Err(ValidationError::Empty { .. })
        ));
        assert!(matches!(
            required_line("subject", "abcdefghijk", 10),
            Err(ValidationError::TooLong { .. })
        ));
        assert!(required_line("subject", "a\u{0}b", 10).is_err());
        assert_eq!(required_text("body", "a\r\nb", 10).unwrap(), "a\nb");
        assert!(required_text("body", "a\u{7}", 10).is_err());
    }

    proptest::proptest! {
        #[test]
        fn parsers_never_panic(text in "\\PC{0,300}") {
            let _ = EmailAddress::parse(&text);
            let _ = Tag::parse(&text);
            let _ = LanguageTag::parse(&text);
            let _ = required_line("f", &text, 250);
        }

        #[test]
        fn parsed_emails_are_stable(local in "[a-z0-9._%+-]{1,20}", domain in "[a-z0-9]{1,10}\\.[a-z]{2,6}") {
            if let Ok(email) = EmailAddress::parse(&format!("{local}@{domain}")) {
                proptest::prop_assert_eq!(EmailAddress::parse(email.as_str()).unwrap(), email);
            }
        }
    }
}
