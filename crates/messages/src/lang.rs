//! The languages marketdesk speaks to people in.

/// A supported language; anything else falls back to English.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    En,
    Zh,
    Es,
}

impl Lang {
    pub const ALL: &'static [Lang] = &[Lang::En, Lang::Zh, Lang::Es];

    /// From a language tag such as `zh-CN` or `es-419`.
    pub fn from_tag(tag: &str) -> Lang {
        match tag
            .split(['-', '_'])
            .next()
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("zh") => Lang::Zh,
            Some("es") => Lang::Es,
            _ => Lang::En,
        }
    }

    /// The short code, also the name of the language's folder of messages.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
            Lang::Es => "es",
        }
    }

    pub(crate) fn index(self) -> usize {
        match self {
            Lang::En => 0,
            Lang::Zh => 1,
            Lang::Es => 2,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_map_to_languages_with_english_fallback() {
        assert_eq!(Lang::from_tag("zh-CN"), Lang::Zh);
        assert_eq!(Lang::from_tag("es_MX"), Lang::Es);
        assert_eq!(Lang::from_tag("fr"), Lang::En);
        assert_eq!(Lang::from_tag(""), Lang::En);
    }
}
