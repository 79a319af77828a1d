//! What the chat answers: its lines and a started chat.

use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ChatLine {
    pub id: i64,
    /// `customer`, `assistant` or `agent`.
    pub sender: String,
    pub body: String,
}

/// A started chat: the secret that identifies it, and the greeting.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ChatStart {
    pub token: String,
    pub messages: Vec<ChatLine>,
}
