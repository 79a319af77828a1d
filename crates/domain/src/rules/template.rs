//! Message templates with `{{ name }}` placeholders.

use std::collections::BTreeMap;

use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum TemplateError {
    #[error("unknown placeholder {{{{{0}}}}}; use one of: {vars}", vars = TEMPLATE_VARIABLES.join(", "))]
    Unknown(String),
    #[error("'{{{{' at character {0} is not closed with '}}}}'")]
    Unclosed(usize),
}

/// The variables a template may use.
pub const TEMPLATE_VARIABLES: &[&str] = &[
    "ticket.reference",
    "ticket.subject",
    "customer.name",
    "customer.email",
    "order.number",
    "order.tracking_url",
    "agent.name",
    "shop.name",
];

enum Piece<'a> {
    Text(&'a str),
    Var(&'static str),
}

fn pieces(text: &str) -> Result<Vec<Piece<'_>>, TemplateError> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find("{{") {
        out.push(Piece::Text(&rest[..open]));
        let inner = &rest[open + 2..];
        let Some(close) = inner.find("}}") else {
            let at = text.len() - rest.len() + open;
            return Err(TemplateError::Unclosed(text[..at].chars().count() + 1));
        };
        let name = inner[..close].trim();
        let known = TEMPLATE_VARIABLES.iter().find(|v| **v == name);
        let known = known.ok_or_else(|| TemplateError::Unknown(name.chars().take(64).collect()))?;
        out.push(Piece::Var(known));
        rest = &inner[close + 2..];
    }
    out.push(Piece::Text(rest));
    Ok(out)
}

/// Fills `{{ name }}` placeholders from `vars`; a known variable without a
/// value is empty. Values are inserted as they are, never expanded again.
pub fn render_template(
    text: &str,
    vars: &BTreeMap<String, String>,
) -> Result<String, TemplateError> {
    let mut out = String::with_capacity(text.len());
    for piece in pieces(text)? {
        match piece {
            Piece::Text(t) => out.push_str(t),
            Piece::Var(name) => out.push_str(vars.get(name).map_or("", String::as_str)),
        }
    }
    Ok(out)
}

/// The variables a template uses, in order of first use; an error for an
/// unknown one or unclosed braces. For checking a template when it is saved.
pub fn template_variables(text: &str) -> Result<Vec<String>, TemplateError> {
    let mut names: Vec<String> = Vec::new();
    for piece in pieces(text)? {
        if let Piece::Var(name) = piece
            && !names.iter().any(|n| n == name)
        {
            names.push(name.to_owned());
        }
    }
    Ok(names)
}
