//! Every sentence a person reads — pages, chat answers, mails, PDFs, refusals
//! and errors — in English, Simplified Chinese and Spanish, from one Project
//! Fluent catalogue (`locales/<lang>/<area>.ftl`), the format translators
//! already work with: placeholders are named (`{ $number }`) and plurals
//! follow each language's rules (`{ $count -> [one] … *[other] … }`).
//!
//! No I/O: the files are embedded at build time (`build.rs`), parsed once.
//! Tests hold that every message exists in all three languages with the same
//! placeholders, and that every id the code names exists.

mod catalogue;
mod lang;
mod overrides;

pub use catalogue::{Arg, ToArg, exists, text, text_with};
pub use lang::Lang;
pub use overrides::{OverrideError, Overrides};

/// A message of the catalogue in `lang`: `tr!(lang, "order-shipped")` for a
/// sentence without placeholders (a `&'static str`), or
/// `tr!(lang, "refund-done", amount = money, number = &order)` with named
/// values (a `String`).
#[macro_export]
macro_rules! tr {
    ($lang:expr, $id:literal) => {
        $crate::text($lang, $id)
    };
    ($lang:expr, $id:literal, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::text_with(
            $lang,
            $id,
            &[$((stringify!($name), $crate::ToArg::to_arg(&$value))),+],
        )
    };
}

#[cfg(test)]
mod tests;
