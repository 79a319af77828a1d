//! The parsed catalogue: one Fluent bundle per language, built once.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

use crate::Lang;

include!(concat!(env!("OUT_DIR"), "/resources.rs"));

#[cfg(test)]
pub(crate) const RESOURCES_FOR_TESTS: &[(&str, &str, &str)] = RESOURCES;

/// What a message is missing shows as, so a gap is visible, never blank.
const MISSING: &str = "??";

struct Catalogue {
    bundles: Vec<FluentBundle<FluentResource>>,
    /// Messages without placeholders, formatted once: pages show hundreds.
    plain: Vec<HashMap<String, String>>,
}

static CATALOGUE: LazyLock<Catalogue> = LazyLock::new(load);

fn load() -> Catalogue {
    let mut bundles = Vec::new();
    let mut plain = Vec::new();
    for lang in Lang::ALL {
        let locale: unic_langid::LanguageIdentifier =
            lang.code().parse().expect("the three codes are valid tags");
        let mut bundle = FluentBundle::new_concurrent(vec![locale]);
        // Placeholders are not wrapped in bidi isolation marks: none of the
        // three languages is right-to-left, and the marks would end up in
        // mails, PDFs and chat answers as invisible characters.
        bundle.set_use_isolating(false);
        let mut ids = Vec::new();
        for (code, area, source) in RESOURCES {
            if *code != lang.code() {
                continue;
            }
            // A broken file is a build defect, caught by the tests before it
            // ships; what parsed of it is still used.
            let resource = FluentResource::try_new((*source).to_string())
                .unwrap_or_else(|(partial, _)| partial);
            ids.extend(message_ids(&resource));
            if let Err(errors) = bundle.add_resource(resource) {
                debug_assert!(false, "{code}/{area}.ftl: {errors:?}");
            }
        }
        let mut formatted = HashMap::new();
        for id in ids {
            if let Some(text) = format(&bundle, &id, None) {
                formatted.insert(id, text);
            }
        }
        bundles.push(bundle);
        plain.push(formatted);
    }
    Catalogue { bundles, plain }
}

fn message_ids(resource: &FluentResource) -> Vec<String> {
    resource
        .entries()
        .filter_map(|entry| match entry {
            fluent_syntax::ast::Entry::Message(message) => Some(message.id.name.to_string()),
            _ => None,
        })
        .collect()
}

/// The message formatted, or `None` when it is missing or needs a value
/// that was not given.
pub(crate) fn format(
    bundle: &FluentBundle<FluentResource>,
    id: &str,
    args: Option<&FluentArgs>,
) -> Option<String> {
    let pattern = bundle.get_message(id)?.value()?;
    let mut errors = Vec::new();
    let text = bundle.format_pattern(pattern, args, &mut errors);
    errors.is_empty().then(|| text.into_owned())
}

/// A message without placeholders. Falls back to English, then to `??`.
pub fn text(lang: Lang, id: &str) -> &'static str {
    let catalogue: &'static Catalogue = &CATALOGUE;
    catalogue.plain[lang.index()]
        .get(id)
        .or_else(|| catalogue.plain[Lang::En.index()].get(id))
        .map_or(MISSING, String::as_str)
}

/// A message with its named values. Falls back to English, then to the id.
pub fn text_with(lang: Lang, id: &str, args: &[(&str, Arg<'_>)]) -> String {
    let fluent = fluent_args(args);
    let catalogue: &Catalogue = &CATALOGUE;
    format(&catalogue.bundles[lang.index()], id, Some(&fluent))
        .or_else(|| format(&catalogue.bundles[Lang::En.index()], id, Some(&fluent)))
        .unwrap_or_else(|| format!("{MISSING}{id}"))
}

pub(crate) fn fluent_args<'a>(args: &'a [(&str, Arg<'_>)]) -> FluentArgs<'a> {
    let mut fluent = FluentArgs::with_capacity(args.len());
    for (name, value) in args {
        fluent.set(*name, value.to_fluent());
    }
    fluent
}

/// Whether the catalogue holds `id` (for ids made at run time, such as a
/// status name, that have a fallback of their own).
pub fn exists(id: &str) -> bool {
    CATALOGUE.bundles[Lang::En.index()].has_message(id)
}

/// A value for a placeholder: text, or a number (numbers choose plurals).
#[derive(Debug, Clone)]
pub enum Arg<'a> {
    Text(Cow<'a, str>),
    Number(i64),
}

impl Arg<'_> {
    fn to_fluent(&self) -> FluentValue<'_> {
        match self {
            Arg::Text(text) => FluentValue::from(text.as_ref()),
            Arg::Number(n) => FluentValue::from(*n),
        }
    }
}

impl<'a> From<&'a str> for Arg<'a> {
    fn from(text: &'a str) -> Self {
        Arg::Text(Cow::Borrowed(text))
    }
}

impl<'a> From<&'a String> for Arg<'a> {
    fn from(text: &'a String) -> Self {
        Arg::Text(Cow::Borrowed(text.as_str()))
    }
}

impl From<String> for Arg<'_> {
    fn from(text: String) -> Self {
        Arg::Text(Cow::Owned(text))
    }
}

macro_rules! numbers {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg<'_> {
            fn from(n: $t) -> Self {
                Arg::Number(i64::try_from(n).unwrap_or(i64::MAX))
            }
        }
    )*};
}
numbers!(i64, i32, u8, u16, u32, u64, usize);

/// What a `tr!` placeholder accepts, taken by reference so a value stays
/// usable after the message is made.
pub trait ToArg {
    fn to_arg(&self) -> Arg<'_>;
}

impl ToArg for str {
    fn to_arg(&self) -> Arg<'_> {
        Arg::Text(Cow::Borrowed(self))
    }
}

impl ToArg for String {
    fn to_arg(&self) -> Arg<'_> {
        Arg::Text(Cow::Borrowed(self.as_str()))
    }
}

impl ToArg for Cow<'_, str> {
    fn to_arg(&self) -> Arg<'_> {
        Arg::Text(Cow::Borrowed(self.as_ref()))
    }
}

impl<T: ToArg + ?Sized> ToArg for &T {
    fn to_arg(&self) -> Arg<'_> {
        (**self).to_arg()
    }
}

macro_rules! number_args {
    ($($t:ty),*) => {$(
        impl ToArg for $t {
            fn to_arg(&self) -> Arg<'_> {
                Arg::Number(i64::try_from(*self).unwrap_or(i64::MAX))
            }
        }
    )*};
}
number_args!(i64, i32, u8, u16, u32, u64, usize);
