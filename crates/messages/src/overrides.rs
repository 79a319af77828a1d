//! A shop's own wording for some messages (its mail templates): Fluent
//! files `<lang>.ftl` in a folder, read at start. A message they hold is
//! used instead of the catalogue's; one that cannot be formatted (a
//! placeholder the code does not give) falls back to the catalogue, so a
//! mistake in a template never leaves a mail empty.

use std::path::Path;

use fluent_bundle::FluentResource;
use fluent_bundle::concurrent::FluentBundle;

use crate::catalogue::{Arg, fluent_args, format};
use crate::{Lang, exists, text_with};

/// Overrides per language (none: the catalogue's wording).
#[derive(Default)]
pub struct Overrides {
    bundles: Vec<(Lang, FluentBundle<FluentResource>)>,
}

impl std::fmt::Debug for Overrides {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let langs: Vec<&str> = self.bundles.iter().map(|(l, _)| l.code()).collect();
        f.debug_struct("Overrides")
            .field("languages", &langs)
            .finish()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum OverrideError {
    #[error("cannot read {0}: {1}")]
    Read(String, std::io::Error),
    #[error("{0} is not valid Fluent: {1}")]
    Syntax(String, String),
    #[error("{file}: there is no message {id} to override (see locales/en/*.ftl)")]
    UnknownId { file: String, id: String },
}

impl Overrides {
    /// Reads `en.ftl`, `zh.ftl` and `es.ftl` from `dir` (each optional).
    pub fn load(dir: &Path) -> Result<Overrides, OverrideError> {
        let mut bundles = Vec::new();
        for lang in Lang::ALL {
            let path = dir.join(format!("{}.ftl", lang.code()));
            if !path.exists() {
                continue;
            }
            let shown = path.display().to_string();
            let source = std::fs::read_to_string(&path)
                .map_err(|e| OverrideError::Read(shown.clone(), e))?;
            let resource = FluentResource::try_new(source).map_err(|(_, errors)| {
                OverrideError::Syntax(
                    shown.clone(),
                    errors
                        .iter()
                        .map(|e| format!("{e:?}"))
                        .collect::<Vec<_>>()
                        .join("; "),
                )
            })?;
            for entry in resource.entries() {
                if let fluent_syntax::ast::Entry::Message(message) = entry
                    && !exists(message.id.name)
                {
                    return Err(OverrideError::UnknownId {
                        file: shown,
                        id: message.id.name.to_string(),
                    });
                }
            }
            let locale: unic_langid::LanguageIdentifier =
                lang.code().parse().expect("the three codes are valid tags");
            let mut bundle = FluentBundle::new_concurrent(vec![locale]);
            bundle.set_use_isolating(false);
            bundle
                .add_resource(resource)
                .map_err(|errors| OverrideError::Syntax(shown, format!("{errors:?}")))?;
            bundles.push((*lang, bundle));
        }
        Ok(Overrides { bundles })
    }

    /// The shop's wording of `id` in `lang` if it has one that formats,
    /// else the catalogue's.
    pub fn text_with(&self, lang: Lang, id: &str, args: &[(&str, Arg<'_>)]) -> String {
        let own = self
            .bundles
            .iter()
            .find(|(l, _)| *l == lang)
            .and_then(|(_, bundle)| format(bundle, id, Some(&fluent_args(args))));
        own.unwrap_or_else(|| text_with(lang, id, args))
    }

    /// How many languages have overrides.
    pub fn languages(&self) -> usize {
        self.bundles.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shop_template_replaces_the_catalogue_and_falls_back_when_broken() {
        let dir = std::env::temp_dir().join(format!("md-overrides-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        std::fs::write(
            dir.join("es.ftl"),
            "mail-no-subject = (sin asunto, tienda)\nmail-reply-body = { $reply } / { $nonexistent }\n",
        )
        .expect("write");
        let overrides = Overrides::load(&dir).expect("load");
        assert_eq!(
            overrides.text_with(Lang::Es, "mail-no-subject", &[]),
            "(sin asunto, tienda)"
        );
        assert_eq!(
            overrides.text_with(Lang::En, "mail-no-subject", &[]),
            crate::text(Lang::En, "mail-no-subject")
        );
        // A placeholder the code does not give: the catalogue's wording.
        let args = [
            ("reply", Arg::from("hola")),
            ("reference", Arg::from("MD-1")),
            ("footer", Arg::from("")),
            ("history", Arg::from("")),
            ("header", Arg::from("")),
        ];
        assert!(
            !overrides
                .text_with(Lang::Es, "mail-reply-body", &args)
                .contains("nonexistent")
        );
        std::fs::write(dir.join("es.ftl"), "mail-no-such-thing = x\n").expect("write");
        assert!(matches!(
            Overrides::load(&dir),
            Err(OverrideError::UnknownId { .. })
        ));
        std::fs::write(dir.join("es.ftl"), "this is = = not fluent {\n").expect("write");
        assert!(matches!(
            Overrides::load(&dir),
            Err(OverrideError::Syntax(..))
        ));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
