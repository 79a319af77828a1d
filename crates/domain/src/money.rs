//! Money in integer minor units with its currency. Never floats.

use serde::{Deserialize, Serialize};
use thiserror::Error;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Currency([u8; 3]);

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum MoneyError {
    #[error("'{0}' is not an ISO 4217 currency code (three capital letters, such as EUR)")]
    BadCurrency(String),
    #[error("'{0}' is not an amount (digits with at most {1} decimals, such as 12.50)")]
    BadAmount(String, u32),
    #[error("the amount is too large")]
    Overflow,
    #[error("cannot combine {0} with {1}")]
    CurrencyMismatch(Currency, Currency),
}

impl Currency {
    pub fn parse(code: &str) -> Result<Self, MoneyError> {
        let bytes = code.as_bytes();
        if bytes.len() == 3 && bytes.iter().all(u8::is_ascii_uppercase) {
            Ok(Currency([bytes[0], bytes[1], bytes[2]]))
        } else {
            Err(MoneyError::BadCurrency(code.chars().take(16).collect()))
        }
    }

    pub fn code(&self) -> &str {
        // Constructed only from three ASCII capitals.
        std::str::from_utf8(&self.0).unwrap_or("XXX")
    }

    /// Digits after the decimal point (ISO 4217 minor unit).
    pub fn exponent(&self) -> u32 {
        match self.code() {
            "JPY" | "KRW" | "VND" | "CLP" | "ISK" | "HUF" | "TWD" | "UGX" => 0,
            "BHD" | "KWD" | "OMR" | "JOD" | "TND" => 3,
            _ => 2,
        }
    }
}

impl TryFrom<String> for Currency {
    type Error = MoneyError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Currency::parse(&value)
    }
}

impl From<Currency> for String {
    fn from(value: Currency) -> Self {
        value.code().to_string()
    }
}

impl std::fmt::Display for Currency {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Money {
    /// Amount in the currency's minor unit (cents for EUR, yen for JPY).
    pub minor: i64,
    pub currency: Currency,
}

impl Money {
    pub fn new(minor: i64, currency: Currency) -> Self {
        Money { minor, currency }
    }

    /// Parses a decimal amount such as `12.5` or `1200` exactly.
    pub fn parse(amount: &str, currency: Currency) -> Result<Self, MoneyError> {
        let exp = currency.exponent();
        let bad = || MoneyError::BadAmount(amount.chars().take(32).collect(), exp);
        let (negative, digits) = match amount.trim().strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, amount.trim()),
        };
        let (whole, frac) = digits.split_once('.').unwrap_or((digits, ""));
        let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() || !all_digits(whole) || !all_digits(frac) || frac.len() > exp as usize
        {
            return Err(bad());
        }
        if digits.ends_with('.') {
            return Err(bad());
        }
        let scale = 10i64.pow(exp);
        let whole: i64 = whole.parse().map_err(|_| MoneyError::Overflow)?;
        let frac_value: i64 = if frac.is_empty() {
            0
        } else {
            let padded = format!("{frac:0<width$}", width = exp as usize);
            padded.parse().map_err(|_| bad())?
        };
        let minor = whole
            .checked_mul(scale)
            .and_then(|w| w.checked_add(frac_value))
            .ok_or(MoneyError::Overflow)?;
        Ok(Money::new(if negative { -minor } else { minor }, currency))
    }

    pub fn checked_add(self, other: Money) -> Result<Money, MoneyError> {
        self.same_currency(other)?;
        let minor = self
            .minor
            .checked_add(other.minor)
            .ok_or(MoneyError::Overflow)?;
        Ok(Money::new(minor, self.currency))
    }

    pub fn checked_sub(self, other: Money) -> Result<Money, MoneyError> {
        self.same_currency(other)?;
        let minor = self
            .minor
            .checked_sub(other.minor)
            .ok_or(MoneyError::Overflow)?;
        Ok(Money::new(minor, self.currency))
    }

    fn same_currency(self, other: Money) -> Result<(), MoneyError> {
        if self.currency == other.currency {
            Ok(())
        } else {
            Err(MoneyError::CurrencyMismatch(self.currency, other.currency))
        }
    }

    /// The amount as a plain decimal, such as `12.50`.
    pub fn decimal(&self) -> String {
        let exp = self.currency.exponent();
        let sign = if self.minor < 0 { "-" } else { "" };
        let abs = self.minor.unsigned_abs();
        if exp == 0 {
            return format!("{sign}{abs}");
        }
        let scale = 10u64.pow(exp);
        format!(
            "{sign}{}.{:0width$}",
            abs / scale,
            abs % scale,
            width = exp as usize
        )
    }
}

impl std::fmt::Display for Money {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.decimal(), self.currency)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eur() -> Currency {
        Currency::parse("EUR").unwrap()
    }

    #[test]
    fn parses_decimals_exactly() {
        assert_eq!(Money::parse("12.5", eur()).unwrap().minor, 1250);
        assert_eq!(Money::parse("0.01", eur()).unwrap().minor, 1);
        assert_eq!(Money::parse("100", eur()).unwrap().minor, 10000);
        assert_eq!(Money::parse("-3.20", eur()).unwrap().minor, -320);
        let jpy = Currency::parse("JPY").unwrap();
        assert_eq!(Money::parse("1200", jpy).unwrap().minor, 1200);
        assert!(Money::parse("12.5", jpy).is_err());
        for bad in ["", ".", "1.", ".5", "1.234", "1,00", "abc", "1e3", "--1"] {
            assert!(Money::parse(bad, eur()).is_err(), "{bad}");
        }
    }

    #[test]
    fn currencies_are_three_capitals() {
        assert!(Currency::parse("EUR").is_ok());
        for bad in ["eur", "EU", "EURO", "", "€€€"] {
            assert!(Currency::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn arithmetic_refuses_mixed_currencies_and_overflow() {
        let usd = Currency::parse("USD").unwrap();
        assert!(
            Money::new(1, eur())
                .checked_add(Money::new(1, usd))
                .is_err()
        );
        assert_eq!(
            Money::new(i64::MAX, eur()).checked_add(Money::new(1, eur())),
            Err(MoneyError::Overflow)
        );
    }

    proptest::proptest! {
        #[test]
        fn decimal_round_trips(minor in -1_000_000_000_000i64..1_000_000_000_000) {
            let m = Money::new(minor, eur());
            proptest::prop_assert_eq!(Money::parse(&m.decimal(), eur()).unwrap(), m);
        }

        #[test]
        fn parse_never_panics(text in ".{0,30}") {
            let _ = Money::parse(&text, eur());
        }
    }
}
