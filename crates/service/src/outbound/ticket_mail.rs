//! Ticket messages going out by email: who gets them, in which language,
//! and the headers that bring the customer's answer back to the ticket
//! (Message-ID, In-Reply-To, References, Reply-To, and the reference in the
//! subject for mail programs that drop headers).

use marketdesk_domain::email::ticket_subject;
use marketdesk_domain::i18n::Lang;
use marketdesk_domain::{Channel, MINUTE_MS, Millis, TicketRef};
use marketdesk_messages::tr;
use marketdesk_store::Conn;
use marketdesk_store::outbox::{self, TicketMail};
use marketdesk_store::people;
use marketdesk_store::tickets::{self as store, MessageRow, TicketRow};
use rand::RngCore;
use serde_json::json;

use crate::{Result, Settings};

/// A chat customer who wrote this recently reads the answer in the chat.
const CHAT_LIVE_MS: Millis = 5 * MINUTE_MS;

/// How many earlier Message-IDs a reply names in `References`.
const MAX_REFERENCES: usize = 10;

/// Sends a public staff reply to the requester (and everyone in copy) by
/// email, unless they have no address or are in the chat right now. Queued
/// in the caller's transaction, so the reply and its mail are one change.
/// Returns the addresses it went to (JSON, also stored on the message).
pub(crate) async fn mail_public_reply(
    conn: &mut Conn,
    settings: &Settings,
    ticket: &TicketRow,
    reply: &MessageRow,
    now: Millis,
) -> Result<Option<String>> {
    let Some(requester) = people::get(conn, ticket.requester_id).await? else {
        return Ok(None);
    };
    if !requester.email.contains('@') {
        return Ok(None);
    }
    if ticket.channel == Channel::Chat
        && marketdesk_store::chat::live_on_ticket(conn, ticket.id, now - CHAT_LIVE_MS).await?
    {
        return Ok(None);
    }
    let lang = Lang::from_tag(&requester.language);
    let thread = store::messages(conn, ticket.id, false).await?;
    let earlier: Vec<&MessageRow> = thread.iter().filter(|m| m.id != reply.id).collect();
    let reference = TicketRef::from_id(ticket.id).to_string();
    let history = history(conn, settings, lang, &earlier).await?;
    let body = settings.mail_texts.text_with(
        lang,
        "mail-reply-body",
        &[
            ("header", tr!(lang, "mail-reply-header").into()),
            ("reply", (&reply.body_text).into()),
            ("shop", shop_name(settings).into()),
            ("reference", (&reference).into()),
            ("history", history.into()),
        ],
    );
    // Everyone in copy gets it too (not the requester twice).
    let cc: Vec<String> = store::copied(conn, ticket.id)
        .await?
        .into_iter()
        .map(|(_, email)| email)
        .filter(|email| *email != requester.email && email.contains('@'))
        .collect();
    let addresses = marketdesk_domain::email::EmailAddresses {
        from: crate::outbound::mail::parse_from(&settings.mail_from)
            .map(|m| m.email.to_string())
            .unwrap_or_default(),
        to: vec![requester.email.clone()],
        cc: cc.clone(),
    };
    let json = serde_json::to_string(&addresses).ok();
    if let Some(json) = &json {
        store::set_email_addresses(conn, reply.id, json).await?;
    }
    enqueue(
        conn,
        settings,
        ticket,
        reply,
        (&requester.email, &cc),
        &body,
        &earlier,
        "ticket_reply",
        now,
    )
    .await?;
    Ok(json)
}

/// Tells the author of a new email ticket that it arrived, with its
/// reference, in their language.
pub(crate) async fn mail_acknowledgement(
    conn: &mut Conn,
    settings: &Settings,
    ticket: &TicketRow,
    now: Millis,
) -> Result<()> {
    let Some(requester) = people::get(conn, ticket.requester_id).await? else {
        return Ok(());
    };
    let thread = store::messages(conn, ticket.id, false).await?;
    let Some(first) = thread.first() else {
        return Ok(());
    };
    let lang = Lang::from_tag(&ticket.language);
    let reference = TicketRef::from_id(ticket.id);
    let body = settings.mail_texts.text_with(
        lang,
        "mail-acknowledgement-body",
        &[
            ("name", (&requester.name).into()),
            ("reference", reference.to_string().into()),
            ("quoted", quote(&first.body_text).into()),
        ],
    );
    // The acknowledgement answers the customer's message; it carries no
    // ticket message of its own.
    let own_id = message_id(settings, ticket.id, 0);
    let headers = json!({
        "message_id": own_id,
        "in_reply_to": first.email_message_id,
        "references": references(&thread.iter().collect::<Vec<_>>()),
        "reply_to": settings.mail_from,
        "auto_submitted": "auto-replied",
    });
    outbox::enqueue_ticket_mail(
        conn,
        &TicketMail {
            to: &requester.email,
            subject: &ticket_subject(reference, &ticket.subject),
            body: &body,
            purpose: "ticket_acknowledgement",
            headers: &headers,
            message_id: None,
        },
        now,
    )
    .await?;
    Ok(())
}

#[allow(clippy::too_many_arguments)]
async fn enqueue(
    conn: &mut Conn,
    settings: &Settings,
    ticket: &TicketRow,
    message: &MessageRow,
    (to, cc): (&str, &[String]),
    body: &str,
    earlier: &[&MessageRow],
    purpose: &str,
    now: Millis,
) -> Result<()> {
    let own_id = message_id(settings, ticket.id, message.id);
    store::set_email_message_id(conn, message.id, &own_id).await?;
    let in_reply_to = earlier
        .iter()
        .rev()
        .filter(|m| m.author_id == Some(ticket.requester_id))
        .find_map(|m| m.email_message_id.clone())
        .or_else(|| {
            earlier
                .iter()
                .rev()
                .find_map(|m| m.email_message_id.clone())
        });
    let headers = json!({
        "message_id": own_id,
        "in_reply_to": in_reply_to,
        "references": references(earlier),
        "reply_to": settings.mail_from,
        "cc": cc,
        "attachments": store::attachments_of_message(conn, message.id)
            .await?
            .iter()
            .map(|a| a.id)
            .collect::<Vec<i64>>(),
    });
    outbox::enqueue_ticket_mail(
        conn,
        &TicketMail {
            to,
            subject: &ticket_subject(TicketRef::from_id(ticket.id), &ticket.subject),
            body,
            purpose,
            headers: &headers,
            message_id: Some(message.id),
        },
        now,
    )
    .await?;
    Ok(())
}

/// A new Message-ID in the desk's domain, naming the ticket and message so
/// a reply can be traced even by a person reading headers.
fn message_id(settings: &Settings, ticket_id: i64, message_id: i64) -> String {
    let mut salt = [0u8; 6];
    rand::rngs::OsRng.fill_bytes(&mut salt);
    format!(
        "md.{ticket_id}.{message_id}.{}@{}",
        hex::encode(salt),
        domain_of(&settings.mail_from)
    )
}

/// The domain of `Shop Support <help@shop.example>`.
fn domain_of(mailbox: &str) -> String {
    mailbox
        .rsplit('@')
        .next()
        .map(|d| d.trim_end_matches('>').trim())
        .filter(|d| !d.is_empty())
        .unwrap_or("marketdesk.localhost")
        .to_string()
}

/// The Message-IDs of the thread so far, oldest first, at most ten.
fn references(messages: &[&MessageRow]) -> Vec<String> {
    let ids: Vec<String> = messages
        .iter()
        .filter_map(|m| m.email_message_id.clone())
        .collect();
    ids[ids.len().saturating_sub(MAX_REFERENCES)..].to_vec()
}

/// Messages a reply quotes below it: the thread's last few, newest first.
const HISTORY_MESSAGES: usize = 3;

/// The last messages before a reply, each under a line saying who wrote
/// it and when, quoted the way mail programs do.
async fn history(
    conn: &mut Conn,
    settings: &Settings,
    lang: Lang,
    earlier: &[&MessageRow],
) -> Result<String> {
    let mut parts = Vec::new();
    for message in earlier.iter().rev().take(HISTORY_MESSAGES) {
        let author = match message.author_id {
            Some(id) => people::get(conn, id).await?.map(|p| p.name),
            None => None,
        }
        .unwrap_or_else(|| shop_name(settings));
        let when = crate::rfc3339(message.created_at);
        let when = format!(
            "{} {} UTC",
            when.get(..10).unwrap_or_default(),
            when.get(11..16).unwrap_or_default()
        );
        let line = settings.mail_texts.text_with(
            lang,
            "mail-history-entry",
            &[("when", when.into()), ("author", author.into())],
        );
        parts.push(format!("{line}\n{}", quote(&message.body_text)));
    }
    Ok(parts.join("\n\n"))
}

/// The shop's name as its mail says it (`Shop Support <help@…>`), else
/// the address's domain.
fn shop_name(settings: &Settings) -> String {
    match crate::outbound::mail::parse_from(&settings.mail_from) {
        Ok(mailbox) => mailbox
            .name
            .clone()
            .filter(|n| !n.trim().is_empty())
            .unwrap_or_else(|| mailbox.email.domain().to_string()),
        Err(_) => domain_of(&settings.mail_from),
    }
}

/// Text quoted the way mail programs do.
fn quote(text: &str) -> String {
    text.lines()
        .take(40)
        .map(|line| format!("> {line}"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_ids_live_in_the_desk_domain() {
        assert_eq!(
            domain_of("Shop Support <help@shop.example>"),
            "shop.example"
        );
        assert_eq!(domain_of("help@shop.example"), "shop.example");
        assert_eq!(domain_of("nobody"), "nobody");
        assert_eq!(quote("a\nb"), "> a\n> b");
    }
}
