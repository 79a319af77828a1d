//! The language a person is using right now, when it is not their
//! profile's: a customer whose account says Spanish may chat in Chinese,
//! and what the actions they ask for answer must be in Chinese too.

use marketdesk_domain::i18n::Lang;

tokio::task_local! {
    /// Set by the chat around the work one line of the conversation does.
    static CONVERSATION_LANG: Lang;
}

/// Runs `work` with `lang` as the conversation's language.
pub(crate) async fn in_language<T>(lang: Lang, work: impl Future<Output = T>) -> T {
    CONVERSATION_LANG.scope(lang, work).await
}

/// The conversation's language, when the work runs inside one.
pub(crate) fn conversation_lang() -> Option<Lang> {
    CONVERSATION_LANG.try_with(|lang| *lang).ok()
}
