//! Numbers, money and times for people, in their language's conventions.

use marketdesk_domain::i18n::Lang;
use marketdesk_domain::{Currency, Money};

/// `1,234.50 EUR` in English and Chinese, `1.234,50 EUR` in Spanish.
pub fn money(minor: i64, currency: &str, lang: Lang) -> String {
    let Ok(currency) = Currency::parse(currency) else {
        return format!("{minor} {currency}");
    };
    let decimal = Money::new(minor, currency).decimal();
    let (sign, digits) = decimal
        .strip_prefix('-')
        .map_or(("", decimal.as_str()), |d| ("-", d));
    let (whole, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let (group, point) = match lang {
        Lang::Es => ('.', ','),
        Lang::En | Lang::Zh => (',', '.'),
    };
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(group);
        }
        grouped.push(c);
    }
    if frac.is_empty() {
        format!("{sign}{grouped} {currency}")
    } else {
        format!("{sign}{grouped}{point}{frac} {currency}")
    }
}

/// An RFC 3339 UTC time as `2026-11-02 14:05 UTC`.
pub fn when(rfc3339: &str) -> String {
    let date = rfc3339.get(..10).unwrap_or(rfc3339);
    let time = rfc3339.get(11..16).unwrap_or("");
    format!("{date} {time} UTC")
}

/// A time on a page: `<time datetime="…">2026-11-02 14:05 UTC</time>`. The
/// UTC text is what a reader without JavaScript sees; `/assets/local-time.js`
/// rewrites it in the viewer's own time zone and language (the server cannot
/// know the zone, the browser does).
#[derive(Debug, Clone)]
pub struct Moment {
    rfc3339: String,
}

/// Wraps a stored RFC 3339 time for a template.
pub fn moment(rfc3339: &str) -> Moment {
    Moment {
        rfc3339: rfc3339.to_owned(),
    }
}

impl std::fmt::Display for Moment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = when(&self.rfc3339);
        // Stored times are ours, but the markup is written unescaped, so only
        // characters an RFC 3339 time can hold get into the attribute.
        let is_timestamp = self
            .rfc3339
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, 'T' | 'Z' | ':' | '.' | '+' | '-'));
        if is_timestamp {
            write!(f, r#"<time datetime="{}">{text}</time>"#, self.rfc3339)
        } else {
            let escaped = askama::filters::escape(&text, askama::filters::Html)
                .map_err(|_| std::fmt::Error)?;
            write!(f, "{escaped}")
        }
    }
}

// Display output above is already safe HTML; askama must not escape it again.
impl askama::filters::HtmlSafe for Moment {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_follows_the_language() {
        assert_eq!(money(123450, "EUR", Lang::En), "1,234.50 EUR");
        assert_eq!(money(123450, "EUR", Lang::Es), "1.234,50 EUR");
        assert_eq!(money(1200, "JPY", Lang::Zh), "1,200 JPY");
        assert_eq!(money(-500, "USD", Lang::En), "-5.00 USD");
        assert_eq!(money(99, "EUR", Lang::En), "0.99 EUR");
    }

    #[test]
    fn moments_are_time_elements_and_never_inject_markup() {
        assert_eq!(
            moment("2026-11-02T14:05:09.123Z").to_string(),
            r#"<time datetime="2026-11-02T14:05:09.123Z">2026-11-02 14:05 UTC</time>"#
        );
        let hostile = moment(r#"2026-11-02"><script>x</script>"#).to_string();
        assert!(!hostile.contains('<'), "{hostile}");
        assert!(!hostile.contains("<time"), "{hostile}");
    }

    #[test]
    fn times_are_short() {
        assert_eq!(when("2026-11-02T14:05:09.123Z"), "2026-11-02 14:05 UTC");
    }
}
