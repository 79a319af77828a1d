//! A received message read into what a ticket needs. Reading never fails:
//! whatever could not be read is kept (the raw message stays stored, a bad
//! part becomes an attachment), because dropping a customer's mail is worse
//! than showing it imperfectly.

use mail_parser::{MessageParser, MimeHeaders};
use marketdesk_domain::email::{
    Origin, Suspicion, normalize_message_id, referenced_ids, suspicion,
};
use sha2::{Digest, Sha256};

use crate::tickets::{MAX_ATTACHMENTS, MAX_BODY_CHARS};

/// One attachment as found in the message.
#[derive(Debug, Clone)]
pub(crate) struct Part {
    /// An inline image's Content-ID, without angle brackets.
    pub(crate) content_id: Option<String>,
    pub(crate) filename: String,
    pub(crate) content_type: String,
    pub(crate) bytes: Vec<u8>,
}

#[derive(Debug, Clone)]
pub(crate) struct ParsedMail {
    /// The author's address, lower-cased (the From header, else the envelope).
    pub(crate) from: String,
    pub(crate) from_name: Option<String>,
    /// The `To` and `Cc` addresses, lower-cased, as the headers list them.
    pub(crate) to: Vec<String>,
    pub(crate) cc: Vec<String>,
    pub(crate) subject: String,
    /// Without angle brackets; made from the content when the message has none.
    pub(crate) message_id: String,
    /// In-Reply-To and References, the most recent first.
    pub(crate) referenced: Vec<String>,
    pub(crate) text: String,
    pub(crate) html: Option<String>,
    pub(crate) attachments: Vec<Part>,
    pub(crate) origin: Origin,
    /// `Content-Language`, when the sender's program says it.
    pub(crate) language: Option<String>,
    /// In a delivery report: the Message-IDs of the returned message.
    pub(crate) reported_ids: Vec<String>,
    /// In a delivery report: its `Diagnostic-Code` or `Status`.
    pub(crate) report_reason: Option<String>,
    /// Why it should wait for a person, by the verdicts of the servers it
    /// passed.
    pub(crate) suspicion: Option<Suspicion>,
}

pub(crate) fn parse(raw: &[u8], envelope_from: &str) -> ParsedMail {
    let content_id = format!("{}@inbound.marketdesk", hex::encode(Sha256::digest(raw)));
    let Some(message) = MessageParser::default().parse(raw) else {
        // Not even headers: keep the bytes as text, from the envelope.
        return ParsedMail {
            from: envelope_from.to_lowercase(),
            from_name: None,
            to: Vec::new(),
            cc: Vec::new(),
            subject: String::new(),
            message_id: content_id,
            referenced: Vec::new(),
            text: clean_text(&String::from_utf8_lossy(raw)),
            html: None,
            attachments: Vec::new(),
            origin: Origin {
                null_sender: envelope_from.is_empty(),
                ..Origin::default()
            },
            language: None,
            reported_ids: Vec::new(),
            report_reason: None,
            suspicion: None,
        };
    };
    let author = message.from().and_then(|a| a.first());
    let from = author
        .and_then(|a| a.address())
        .map(str::to_lowercase)
        .filter(|a| a.contains('@'))
        .unwrap_or_else(|| envelope_from.to_lowercase());
    let from_name = author
        .and_then(|a| a.name())
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_string);
    let addresses = |list: Option<&mail_parser::Address<'_>>| -> Vec<String> {
        list.map(|l| {
            l.iter()
                .filter_map(|a| a.address())
                .map(str::to_lowercase)
                .filter(|a| a.contains('@') && a.len() <= 254)
                .take(50)
                .collect()
        })
        .unwrap_or_default()
    };
    let list = |value: &mail_parser::HeaderValue<'_>| -> Vec<String> {
        value
            .as_text_list()
            .map(|l| l.iter().map(|s| s.to_string()).collect())
            .unwrap_or_default()
    };
    let referenced = referenced_ids(&list(message.in_reply_to()), &list(message.references()));
    let raw_header = |name: &str| message.header_raw(name).map(|v| v.trim().to_string());
    let origin = Origin {
        null_sender: envelope_from.is_empty() || envelope_from == "<>",
        auto_submitted: raw_header("Auto-Submitted"),
        precedence: raw_header("Precedence"),
        x_autoreply: message.header_raw("X-Autoreply").is_some()
            || message.header_raw("X-Autorespond").is_some(),
        x_auto_response_suppress: raw_header("X-Auto-Response-Suppress"),
        list_id: message.header_raw("List-Id").is_some(),
        delivery_report: message.content_type().is_some_and(|ct| {
            ct.ctype().eq_ignore_ascii_case("multipart")
                && ct
                    .subtype()
                    .is_some_and(|s| s.eq_ignore_ascii_case("report"))
                && ct
                    .attribute("report-type")
                    .is_some_and(|t| t.eq_ignore_ascii_case("delivery-status"))
        }),
    };
    let html = message.body_html(0).map(|h| h.into_owned());
    let text = message
        .body_text(0)
        .map(|t| clean_text(&t))
        .filter(|t| !t.trim().is_empty())
        .unwrap_or_default();
    let mut attachments: Vec<Part> = Vec::new();
    for part in message.attachments() {
        if attachments.len() == MAX_ATTACHMENTS {
            break;
        }
        let filename = part
            .attachment_name()
            .map(str::to_string)
            .unwrap_or_else(|| format!("part-{}", attachments.len() + 1));
        let content_type = part
            .content_type()
            .map(|ct| match ct.subtype() {
                Some(sub) => format!("{}/{}", ct.ctype(), sub),
                None => ct.ctype().to_string(),
            })
            .unwrap_or_else(|| "application/octet-stream".to_string());
        // A forwarded message is kept whole, as the .eml it was.
        let bytes = match part.message() {
            Some(inner) => inner.raw_message().to_vec(),
            None => part.contents().to_vec(),
        };
        let content_id = part
            .content_id()
            .map(|id| id.trim().trim_matches(['<', '>']).to_string())
            .filter(|id| !id.is_empty() && id.len() <= 250);
        attachments.push(Part {
            content_id,
            filename,
            content_type,
            bytes,
        });
    }
    // Only the topmost Authentication-Results counts: the one our own MX
    // added; lower ones came with the message and prove nothing.
    let authentication: Vec<String> = message
        .headers_raw()
        .find(|(name, _)| name.eq_ignore_ascii_case("Authentication-Results"))
        .map(|(_, value)| vec![value.trim().to_string()])
        .unwrap_or_default();
    let suspicion = suspicion(
        &authentication,
        message.header_raw("X-Spam-Flag"),
        message.header_raw("X-Spam-Status"),
    );
    let reported_ids = if origin.delivery_report {
        report_ids(
            raw,
            message.message_id().map(normalize_message_id).as_deref(),
            &referenced,
        )
    } else {
        Vec::new()
    };
    // Nothing readable came out: show the message as it is rather than an
    // empty one (the raw bytes stay stored either way).
    // (mail-parser makes HTML from a text body and text from an HTML one,
    // so an empty text means the message had neither.)
    let unreadable = text.is_empty() && attachments.is_empty();
    let (text, html) = if unreadable {
        (clean_text(&String::from_utf8_lossy(raw)), None)
    } else {
        (text, html)
    };
    ParsedMail {
        from,
        from_name,
        to: addresses(message.to()),
        cc: addresses(message.cc()),
        subject: message.subject().map(clean_line).unwrap_or_default(),
        message_id: message
            .message_id()
            .map(normalize_message_id)
            .filter(|id| !id.is_empty() && id.len() <= 250)
            .unwrap_or(content_id),
        referenced,
        text,
        html,
        attachments,
        reported_ids,
        suspicion,
        report_reason: origin
            .delivery_report
            .then(|| report_field(raw, "Diagnostic-Code").or_else(|| report_field(raw, "Status")))
            .flatten(),
        origin,
        language: raw_header("Content-Language"),
    }
}

/// Who a message fetched from a mailbox came from, as the last server
/// recorded it (`Return-Path`; empty for `<>`, a bounce), else its author:
/// what the SMTP envelope would have said.
pub(crate) fn envelope_sender(raw: &[u8]) -> String {
    let Some(message) = MessageParser::default().parse_headers(raw) else {
        return String::new();
    };
    if let Some(path) = message.header_raw("Return-Path") {
        return path.trim().trim_matches(['<', '>']).trim().to_lowercase();
    }
    message
        .from()
        .and_then(|a| a.first())
        .and_then(|a| a.address())
        .map(str::to_lowercase)
        .unwrap_or_default()
}

/// The Message-IDs a delivery report names: of the returned message (in its
/// `message/rfc822` or `text/rfc822-headers` part) and the report's own
/// references.
fn report_ids(raw: &[u8], own: Option<&str>, referenced: &[String]) -> Vec<String> {
    let text = String::from_utf8_lossy(raw);
    let mut ids: Vec<String> = text
        .lines()
        .filter_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.trim()
                .eq_ignore_ascii_case("Message-ID")
                .then(|| normalize_message_id(value))
        })
        .filter(|id| !id.is_empty() && Some(id.as_str()) != own)
        .collect();
    ids.extend(referenced.iter().cloned());
    ids
}

/// A field of the machine-readable part of a delivery report.
fn report_field(raw: &[u8], name: &str) -> Option<String> {
    let text = String::from_utf8_lossy(raw);
    text.lines().find_map(|line| {
        let (field, value) = line.split_once(':')?;
        field
            .trim()
            .eq_ignore_ascii_case(name)
            .then(|| clean_line(value))
            .filter(|v| !v.is_empty())
    })
}

/// Text a ticket accepts: no control characters but line breaks and tabs,
/// and no longer than a message may be.
fn clean_text(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
        .take(MAX_BODY_CHARS)
        .collect()
}

fn clean_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(250)
        .collect::<String>()
        .trim()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plain_message_is_read() {
        let raw = b"From: Ana Lopez <Ana@Example.com>\r\nTo: help@shop.example\r\nSubject: =?UTF-8?B?wr9Ew7NuZGUgZXN0w6E/?=\r\nMessage-ID: <abc@mail.example>\r\nIn-Reply-To: <md-7@shop.example>\r\n\r\nHola,\r\nmi pedido no llega.\r\n";
        let mail = parse(raw, "bounce@example.com");
        assert_eq!(mail.from, "ana@example.com");
        assert_eq!(mail.from_name.as_deref(), Some("Ana Lopez"));
        assert_eq!(mail.subject, "¿Dónde está?");
        assert_eq!(mail.message_id, "abc@mail.example");
        assert_eq!(mail.referenced, vec!["md-7@shop.example"]);
        assert!(mail.text.contains("mi pedido no llega"));
    }

    #[test]
    fn chinese_charsets_are_decoded() {
        // "你好" in GB2312 is C4 E3 BA C3.
        let mut raw = b"From: li@example.cn\r\nSubject: =?GB2312?B?xOO6ww==?=\r\nContent-Type: text/plain; charset=GB2312\r\n\r\n".to_vec();
        raw.extend_from_slice(&[0xC4, 0xE3, 0xBA, 0xC3, b'\r', b'\n']);
        let mail = parse(&raw, "li@example.cn");
        assert_eq!(mail.subject, "你好");
        assert!(mail.text.starts_with("你好"), "{:?}", mail.text);
    }

    #[test]
    fn copies_and_envelope_senders_are_read() {
        let raw = b"Return-Path: <Bounces+x@Example.com>\r\nFrom: Ana <ana@example.com>\r\nTo: help@shop.example, \"Bo\" <BO@example.com>\r\nCc: Carla <carla@example.com>, undisclosed-recipients:;\r\nSubject: s\r\n\r\nb\r\n";
        let mail = parse(raw, "");
        assert_eq!(mail.to, vec!["help@shop.example", "bo@example.com"]);
        assert_eq!(mail.cc, vec!["carla@example.com"]);
        assert_eq!(envelope_sender(raw), "bounces+x@example.com");
        assert_eq!(
            envelope_sender(b"Return-Path: <>\r\nFrom: a@b.example\r\n\r\n"),
            ""
        );
        assert_eq!(
            envelope_sender(b"From: A <A@b.example>\r\n\r\nx"),
            "a@b.example"
        );
    }

    #[test]
    fn garbage_is_kept_not_dropped() {
        let mail = parse(b"\x00\x01 not a message at all", "x@example.com");
        assert_eq!(mail.from, "x@example.com");
        assert!(mail.text.contains("not a message"));
        assert!(mail.message_id.ends_with("@inbound.marketdesk"));
    }
}
