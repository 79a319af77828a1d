//! Links reported as phishing or off-platform payment (docs/TRUST.md),
//! taken out of messages before a person reads them: the chat's lines and
//! what sellers write on tickets.

use marketdesk_domain::moderation::links_in;
use marketdesk_store::moderation as store;

use crate::{Result, Services};

/// What a reported link is replaced by in a message.
pub const REMOVED: &str = "[link removed: reported as unsafe]";

impl Services {
    /// `text` with every reported link replaced, and whether any was.
    pub async fn without_reported_links(&self, text: &str) -> Result<(String, bool)> {
        let links = links_in(text);
        if links.is_empty() {
            return Ok((text.to_owned(), false));
        }
        let reported = {
            let mut conn = self.store.reader().await?;
            store::reported_among(&mut conn, &links).await?
        };
        if reported.is_empty() {
            return Ok((text.to_owned(), false));
        }
        // Word by word: a word whose link is reported is replaced whole.
        let cleaned = text
            .split_inclusive(char::is_whitespace)
            .map(|word| {
                let found = links_in(word);
                if found.iter().any(|l| reported.contains(l)) {
                    let tail: String = word.chars().filter(|c| c.is_whitespace()).collect();
                    format!("{REMOVED}{tail}")
                } else {
                    word.to_owned()
                }
            })
            .collect();
        Ok((cleaned, true))
    }
}
