//! Sending the mail outbox over SMTP. Mail is queued in the database with the
//! change that causes it (same transaction) and sent by this worker, so a
//! crash never loses a message and several nodes never send one twice.

use lettre::message::Mailbox;
use lettre::message::header::ContentType;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use marketdesk_domain::{MINUTE_MS, Millis};
use marketdesk_store::outbox::{self, MailRow};

use crate::{Result, ServiceError, Services};

/// How long a node may hold a message before another may try it.
const LEASE_MS: Millis = 2 * MINUTE_MS;

/// Checks an SMTP URL such as `smtp://mail.example.com:587?tls=required` or
/// `smtps://user:pass@mail.example.com`.
pub fn transport(url: &str) -> Result<AsyncSmtpTransport<Tokio1Executor>> {
    AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
        .map(|builder| builder.build())
        .map_err(|e| ServiceError::field("smtp_url", format!("is not a usable SMTP URL: {e}")))
}

pub fn parse_from(text: &str) -> Result<Mailbox> {
    text.parse::<Mailbox>().map_err(|e| {
        ServiceError::field(
            "mail_from",
            format!("'{text}' is not a mailbox such as \"Shop Support <help@shop.example>\": {e}"),
        )
    })
}

/// When to try again after `attempts` failures: 1 min, 5 min, 25 min, … capped at 12 h.
pub fn retry_delay(attempts: i64) -> Millis {
    let factor = 5i64.saturating_pow(attempts.clamp(0, 6) as u32);
    (MINUTE_MS * factor).min(12 * 60 * MINUTE_MS)
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct DeliveryRun {
    pub sent: usize,
    pub failed: usize,
}

impl Services {
    /// Sends the mail that is due. Without an SMTP server configured, mail
    /// stays queued.
    pub async fn deliver_mail(&self, now: Millis) -> Result<DeliveryRun> {
        let Some(url) = &self.settings.smtp_url else {
            return Ok(DeliveryRun::default());
        };
        let transport = transport(url)?;
        let from = parse_from(&self.settings.mail_from)?;
        let due = {
            let mut tx = self.store.begin().await?;
            let due = outbox::lease_due(&mut tx, self.store.backend(), now, LEASE_MS, 20).await?;
            tx.commit().await?;
            due
        };
        let mut run = DeliveryRun::default();
        for mail in due {
            if !marketdesk_domain::phone::deliverable(&mail.to_address) {
                // A caller known by number only: the ticket shows it was not sent.
                let mut tx = self.store.begin().await?;
                outbox::mark_failed(
                    &mut tx,
                    mail.id,
                    "no email address: known by phone only",
                    Millis::MAX,
                )
                .await?;
                tx.commit().await?;
                run.failed += 1;
                continue;
            }
            let outcome = match self.files_of(&mail).await {
                Ok(files) => send(&transport, &from, &mail, files).await,
                Err(err) => Err(format!("cannot read its attachments: {err}")),
            };
            let mut tx = self.store.begin().await?;
            match outcome {
                Ok(()) => {
                    outbox::mark_sent(&mut tx, mail.id, crate::now_ms()).await?;
                    run.sent += 1;
                }
                Err(error) => {
                    tracing::warn!(mail = mail.id, to = %mail.to_address, %error, "sending mail failed");
                    outbox::mark_failed(&mut tx, mail.id, &error, now + retry_delay(mail.attempts))
                        .await?;
                    run.failed += 1;
                }
            }
            tx.commit().await?;
        }
        Ok(run)
    }
}

/// A file going out with a message.
struct OutgoingFile {
    filename: String,
    content_type: String,
    bytes: Vec<u8>,
}

impl Services {
    /// The attachments of the ticket message a mail carries, read from the
    /// attachment store.
    async fn files_of(&self, mail: &MailRow) -> Result<Vec<OutgoingFile>> {
        let wanted = mail
            .headers
            .get("attachments")
            .and_then(|v| v.as_array())
            .is_some_and(|ids| !ids.is_empty());
        let Some(message_id) = mail.message_id.filter(|_| wanted) else {
            return Ok(Vec::new());
        };
        let rows = {
            let mut conn = self.store.reader().await?;
            marketdesk_store::tickets::attachments_of_message(&mut conn, message_id).await?
        };
        let mut files = Vec::with_capacity(rows.len());
        for row in rows {
            files.push(OutgoingFile {
                bytes: self.read_attachment_file(&row.sha256).await?,
                filename: row.filename,
                content_type: row.content_type,
            });
        }
        Ok(files)
    }
}

async fn send(
    transport: &AsyncSmtpTransport<Tokio1Executor>,
    from: &Mailbox,
    mail: &MailRow,
    files: Vec<OutgoingFile>,
) -> Result<(), String> {
    let to: Mailbox = mail
        .to_address
        .parse()
        .map_err(|e| format!("bad recipient: {e}"))?;
    let mut builder = Message::builder()
        .from(from.clone())
        .to(to)
        .subject(mail.subject.clone());
    for cc in mail
        .headers
        .get("cc")
        .and_then(|v| v.as_array())
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str())
    {
        // One unusable address in copy must not stop the mail to the rest.
        if let Ok(cc) = cc.parse::<Mailbox>() {
            builder = builder.cc(cc);
        }
    }
    builder = threading(builder, &mail.headers);
    // Ticket mail goes as HTML with the plain text beside it; other mail
    // (sign-in links) stays plain, so the link is never rewritten.
    let message = if mail.message_id.is_some() || mail.purpose.starts_with("ticket_") {
        let html = format!(
            "<!doctype html><html><body style=\"font-family: sans-serif; line-height: 1.5\">{}</body></html>",
            crate::kernel::html::from_text(&mail.body_text)
        );
        let alternative =
            lettre::message::MultiPart::alternative_plain_html(mail.body_text.clone(), html);
        if files.is_empty() {
            builder.multipart(alternative)
        } else {
            let mut mixed = lettre::message::MultiPart::mixed().multipart(alternative);
            for file in files {
                let content_type = ContentType::parse(&file.content_type)
                    .unwrap_or_else(|_| ContentType::parse("application/octet-stream").expect("a valid type"));
                mixed = mixed.singlepart(
                    lettre::message::Attachment::new(file.filename).body(file.bytes, content_type),
                );
            }
            builder.multipart(mixed)
        }
    } else {
        builder
            .header(ContentType::TEXT_PLAIN)
            .body(mail.body_text.clone())
    }
    .map_err(|e| format!("cannot build the message: {e}"))?;
    transport
        .send(message)
        .await
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// The headers that thread a ticket's mail (see `ticket_mail`): our own
/// Message-ID, the customer's message it answers, the thread so far, where
/// replies go, and `Auto-Submitted` on automatic answers.
fn threading(
    mut builder: lettre::message::MessageBuilder,
    headers: &serde_json::Value,
) -> lettre::message::MessageBuilder {
    let text = |key: &str| {
        headers
            .get(key)
            .and_then(|v| v.as_str())
            .map(str::to_string)
    };
    if let Some(id) = text("message_id") {
        builder = builder.message_id(Some(format!("<{id}>")));
    }
    if let Some(id) = text("in_reply_to") {
        builder = builder.in_reply_to(format!("<{id}>"));
    }
    let references: Vec<String> = headers
        .get("references")
        .and_then(|v| v.as_array())
        .map(|ids| {
            ids.iter()
                .filter_map(|id| id.as_str())
                .map(|id| format!("<{id}>"))
                .collect()
        })
        .unwrap_or_default();
    if !references.is_empty() {
        builder = builder.references(references.join(" "));
    }
    if let Some(reply_to) = text("reply_to").and_then(|r| r.parse::<Mailbox>().ok()) {
        builder = builder.reply_to(reply_to);
    }
    if let Some(value) = text("auto_submitted") {
        builder = builder.raw_header(lettre::message::header::HeaderValue::new(
            lettre::message::header::HeaderName::new_from_ascii_str("Auto-Submitted"),
            value,
        ));
    }
    builder
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_and_cap() {
        assert_eq!(retry_delay(0), MINUTE_MS);
        assert_eq!(retry_delay(1), 5 * MINUTE_MS);
        assert!(retry_delay(3) > retry_delay(2));
        assert_eq!(retry_delay(20), 12 * 60 * MINUTE_MS);
    }

    #[test]
    fn urls_and_senders_are_checked() {
        assert!(transport("smtp://127.0.0.1:2525").is_ok());
        assert!(transport("http://example.com").is_err());
        assert!(parse_from("Shop Support <help@shop.example>").is_ok());
        assert!(parse_from("not a mailbox").is_err());
    }
}
