//! What the chat answers: its lines and a started chat.

use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ChatLine {
    pub id: i64,
    /// `customer`, `assistant` or `agent`.
    pub sender: String,
    pub body: String,
    /// Answers offered as buttons; sending one's words answers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<String>,
}

/// A started chat: the secret that identifies it, and the greeting.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ChatStart {
    pub token: String,
    pub messages: Vec<ChatLine>,
}
