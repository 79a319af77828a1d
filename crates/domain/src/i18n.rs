//! The languages marketdesk speaks to customers in.

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

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
            Lang::Es => "es",
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
