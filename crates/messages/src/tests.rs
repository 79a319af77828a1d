//! The catalogue is whole: every file parses, every message exists in the
//! three languages with the same placeholders, and every id the code names
//! is in it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use fluent_syntax::ast;

use super::catalogue::RESOURCES_FOR_TESTS as RESOURCES;
use crate::{Lang, exists, text, text_with};

type Variables = BTreeSet<String>;

/// id → placeholders, for one language; panics on a syntax error.
fn messages_of(lang: Lang) -> BTreeMap<String, Variables> {
    let mut messages = BTreeMap::new();
    for (code, area, source) in RESOURCES {
        if *code != lang.code() {
            continue;
        }
        let resource = fluent_syntax::parser::parse(*source)
            .unwrap_or_else(|(_, errors)| panic!("{code}/{area}.ftl: {errors:?}"));
        for entry in resource.body {
            match entry {
                ast::Entry::Message(message) => {
                    let id = message.id.name.to_string();
                    let value = message
                        .value
                        .unwrap_or_else(|| panic!("{code}/{area}.ftl: {id} has no text"));
                    let mut variables = Variables::new();
                    pattern_variables(&value, &mut variables);
                    let again = messages.insert(id.clone(), variables);
                    assert!(again.is_none(), "{code}: {id} is defined twice");
                }
                ast::Entry::Junk { content } => panic!("{code}/{area}.ftl: junk {content}"),
                _ => {}
            }
        }
    }
    messages
}

fn pattern_variables(pattern: &ast::Pattern<&str>, out: &mut Variables) {
    for element in &pattern.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            expression_variables(expression, out);
        }
    }
}

fn expression_variables(expression: &ast::Expression<&str>, out: &mut Variables) {
    match expression {
        ast::Expression::Inline(inline) => inline_variables(inline, out),
        ast::Expression::Select { selector, variants } => {
            inline_variables(selector, out);
            for variant in variants {
                pattern_variables(&variant.value, out);
            }
        }
    }
}

fn inline_variables(inline: &ast::InlineExpression<&str>, out: &mut Variables) {
    match inline {
        ast::InlineExpression::VariableReference { id } => {
            out.insert(id.name.to_string());
        }
        ast::InlineExpression::FunctionReference { arguments, .. } => {
            for argument in &arguments.positional {
                inline_variables(argument, out);
            }
            for argument in &arguments.named {
                inline_variables(&argument.value, out);
            }
        }
        ast::InlineExpression::Placeable { expression } => expression_variables(expression, out),
        _ => {}
    }
}

#[test]
fn every_message_exists_in_every_language_with_the_same_placeholders() {
    let english = messages_of(Lang::En);
    assert!(!english.is_empty());
    for lang in [Lang::Zh, Lang::Es] {
        let other = messages_of(lang);
        for (id, variables) in &english {
            let translated = other
                .get(id)
                .unwrap_or_else(|| panic!("{id} is missing in {}", lang.code()));
            assert_eq!(
                translated,
                variables,
                "{id}: {} has other placeholders than en",
                lang.code()
            );
        }
        for id in other.keys() {
            assert!(english.contains_key(id), "{id} is only in {}", lang.code());
        }
    }
}

/// The workspace's `crates` folder.
fn crates_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("crates/messages sits in crates/")
        .to_path_buf()
}

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files_under(&path, out);
        } else if path
            .extension()
            .is_some_and(|ext| ext == "rs" || ext == "html")
        {
            out.push(path);
        }
    }
}

/// The ids named right after each `opening` in `text`: `t.s("id"` or,
/// when `after_language`, `tr!(lang, "id"`.
fn ids_after<'t>(text: &'t str, opening: &str, after_language: bool) -> Vec<&'t str> {
    text.split(opening)
        .skip(1)
        .filter_map(|rest| {
            let rest = if after_language {
                let comma = rest.find(',')?;
                if rest[..comma].contains(['(', '"', ';']) {
                    return None;
                }
                &rest[comma + 1..]
            } else {
                rest
            };
            let rest = rest.trim_start().strip_prefix('"')?;
            Some(&rest[..rest.find('"')?])
        })
        .collect()
}

#[test]
fn every_id_the_code_names_exists() {
    let english = messages_of(Lang::En);
    let mut files = Vec::new();
    for folder in ["src", "templates"] {
        if let Ok(entries) = std::fs::read_dir(crates_dir()) {
            for entry in entries.flatten() {
                files_under(&entry.path().join(folder), &mut files);
            }
        }
    }
    let mut named = 0;
    for file in files {
        if file.starts_with(Path::new(env!("CARGO_MANIFEST_DIR"))) {
            continue;
        }
        let text = std::fs::read_to_string(&file).expect("readable source");
        for (opening, after_language) in [("tr!(", true), ("t.s(", false), ("t.with(", false)] {
            for id in ids_after(&text, opening, after_language) {
                named += 1;
                assert!(
                    english.contains_key(id),
                    "{} names {id}, which is not in the catalogue",
                    file.display()
                );
            }
        }
    }
    assert!(named > 100, "the scan found only {named} ids");
}

#[test]
fn plain_messages_come_formatted_and_values_fill_placeholders() {
    assert_eq!(text(Lang::Es, "messages-selftest-plain"), "Hola");
    assert_eq!(
        tr!(Lang::En, "messages-selftest-count", count = 1),
        "1 parcel"
    );
    assert_eq!(
        tr!(Lang::En, "messages-selftest-count", count = 3),
        "3 parcels"
    );
    assert_eq!(
        tr!(Lang::Zh, "messages-selftest-count", count = 3),
        "3 个包裹"
    );
    // A missing value or id shows, never a blank.
    assert!(text_with(Lang::En, "messages-selftest-count", &[]).starts_with("??"));
    assert_eq!(text(Lang::En, "no-such-message"), "??");
    assert!(exists("messages-selftest-plain") && !exists("no-such-message"));
}

#[test]
fn selections_and_multi_line_texts_keep_their_spacing() {
    assert_eq!(
        tr!(
            Lang::En,
            "care-cancelled",
            scope = "order",
            number = "SO-1",
            how = "refund",
            voided = "0.00 EUR",
            refunded = "10.00 EUR",
            min_days = 3,
            max_days = 10
        ),
        "Order SO-1 is cancelled. 10.00 EUR goes back to your original payment method within 3–10 business days."
    );
    assert_eq!(
        tr!(
            Lang::Zh,
            "care-cancelled",
            scope = "items",
            number = "SO-1",
            how = "void",
            voided = "10.00 EUR",
            refunded = "0.00 EUR",
            min_days = 3,
            max_days = 10
        ),
        "订单 SO-1 中的商品已取消。您卡上冻结的 10.00 EUR 现已解冻，这笔钱从未被扣款。"
    );
    let mail = tr!(
        Lang::En,
        "mail-sign-in-link-body",
        name = "Ana",
        link = "https://x/l"
    );
    assert!(
        mail.starts_with("Hello Ana,\n\nOpen this link")
            && mail.contains(":\nhttps://x/l\n\nIf you did not ask"),
        "{mail:?}"
    );
}
