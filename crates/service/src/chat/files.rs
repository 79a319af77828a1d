//! Files in a live chat (docs/CHAT.md): the customer sends one once a
//! person has the chat (it lands on the chat's ticket, checked like any
//! attachment), and downloads the files agents send, which the chat shows
//! as links under the chat's own address.

use base64::Engine;

use marketdesk_domain::Channel;
use marketdesk_store::chat as store;
use marketdesk_store::tickets::AttachmentRow;

use super::state::customer_viewer;
use super::views::ChatLine;
use crate::kernel::attachments::AttachmentInput;
use crate::kernel::limits;
use crate::tickets::NewMessage;
use crate::{Recovery, Result, ServiceError, Services, now_ms};

impl Services {
    /// The customer sends a file: answers the new lines, or `None` while
    /// no person has the chat yet (the assistant reads no files).
    pub async fn chat_attach(
        &self,
        token: &str,
        filename: &str,
        content_type: &str,
        bytes: &[u8],
    ) -> Result<Option<Vec<ChatLine>>> {
        let session = self.chat_session(token).await?;
        let (Some(ticket), Some(person)) = (session.ticket_id, session.person_id) else {
            return Ok(None);
        };
        self.take_limit(limits::CHAT_LINES, &session.id.to_string(), Recovery::Wait)
            .await?;
        let name: String = filename
            .chars()
            .filter(|c| !c.is_control())
            .take(200)
            .collect();
        let line = format!("📎 {name}");
        self.add_message(
            &customer_viewer(person, None),
            ticket,
            NewMessage {
                body: line.clone(),
                html: None,
                kind: None,
                channel: Some(Channel::Chat),
                attachments: vec![AttachmentInput {
                    filename: name,
                    content_type: content_type.to_owned(),
                    content_base64: base64::engine::general_purpose::STANDARD.encode(bytes),
                    content_id: None,
                }],
                status: None,
                cc: None,
                email: None,
            },
        )
        .await?;
        let first = {
            let mut tx = self.store.begin().await?;
            let id = store::add_message(&mut tx, session.id, "customer", &line, now_ms()).await?;
            tx.commit().await?;
            id
        };
        Ok(Some(self.chat_messages(token, first - 1).await?))
    }

    /// A file of the chat's conversation, for its customer.
    pub async fn chat_file(&self, token: &str, id: i64) -> Result<(AttachmentRow, Vec<u8>)> {
        let session = self.chat_session(token).await?;
        let person = session
            .person_id
            .ok_or(ServiceError::NotFound("attachment"))?;
        self.get_attachment(&customer_viewer(person, None), id)
            .await
    }
}
