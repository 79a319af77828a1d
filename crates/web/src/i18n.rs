//! The pages' language: which one a page is in and its messages from the
//! catalogue (`crates/messages/locales/*/web.ftl`).

use marketdesk_domain::i18n::Lang;
use marketdesk_messages::Arg;

/// The languages offered by the switcher: (tag, name in itself).
pub const LANGUAGES: &[(&str, &str)] =
    &[("en", "English"), ("zh-CN", "简体中文"), ("es", "Español")];

/// The strings of one language.
#[derive(Debug, Clone, Copy)]
pub struct Tr {
    pub lang: Lang,
}

impl Tr {
    /// The catalogue's message `id` (without placeholders); `??` when
    /// missing, so a gap shows.
    pub fn s(&self, id: &str) -> &'static str {
        marketdesk_messages::text(self.lang, id)
    }

    /// The catalogue's message `id` with its named values.
    pub fn with(&self, id: &str, args: &[(&str, Arg<'_>)]) -> String {
        marketdesk_messages::text_with(self.lang, id, args)
    }

    /// The `lang` attribute and tag of the language.
    pub fn tag(&self) -> &'static str {
        match self.lang {
            Lang::En => "en",
            Lang::Zh => "zh-CN",
            Lang::Es => "es",
        }
    }

    /// A ticket priority translated.
    pub fn priority(&self, priority: &str) -> &'static str {
        match priority {
            "low" => self.s("priority-low"),
            "high" => self.s("priority-high"),
            "urgent" => self.s("priority-urgent"),
            _ => self.s("priority-normal"),
        }
    }

    /// A status name (`status.<name>`) translated, or the name itself.
    pub fn status(&self, status: &str) -> String {
        let key = format!("status-{}", status.replace('_', "-"));
        if marketdesk_messages::exists(&key) {
            self.s(&key).to_string()
        } else {
            status.replace('_', " ")
        }
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn every_template_is_checked() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
        let mut pending = vec![root.clone()];
        while let Some(dir) = pending.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    pending.push(path);
                } else {
                    let name = path
                        .strip_prefix(&root)
                        .unwrap()
                        .to_string_lossy()
                        .replace('\\', "/");
                    assert!(
                        crate::TEMPLATE_SOURCES.iter().any(|(n, _)| *n == name),
                        "{name} is missing from TEMPLATE_SOURCES"
                    );
                }
            }
        }
    }

    #[test]
    fn templates_use_only_known_keys() {
        for (name, text) in crate::TEMPLATE_SOURCES {
            for piece in text.split("t.s(\"").skip(1) {
                let key = piece.split('"').next().unwrap_or_default();
                assert!(
                    marketdesk_messages::exists(key),
                    "{name} uses unknown key {key}"
                );
            }
        }
    }
}
