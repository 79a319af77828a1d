//! The help center's rules that are not text.

crate::wire_enum! {
    /// Whether readers see an article: a draft is shown only to staff.
    pub enum ArticleStatus {
        Draft => "draft",
        Published => "published",
    }
}
