//! The email channel's rules that need no mailbox: which ticket a message
//! belongs to, whether it was written by a machine, and how replies are
//! addressed. The parsing of messages and their delivery live elsewhere.

use crate::TicketRef;

/// The ticket reference written in a subject as `[MD-1042]`.
pub fn reference_in_subject(subject: &str) -> Option<TicketRef> {
    subject
        .split('[')
        .skip(1)
        .filter_map(|rest| rest.split(']').next())
        .find_map(TicketRef::parse)
}

/// The subject of mail about a ticket: the reference in brackets first
/// (threading's fallback when a client drops the headers), then the
/// ticket's subject without reply prefixes.
pub fn ticket_subject(reference: TicketRef, subject: &str) -> String {
    let bare = without_reply_prefixes(subject);
    let bare = bare.replace(&format!("[{reference}]"), "");
    let bare = bare.trim();
    if bare.is_empty() {
        format!("[{reference}]")
    } else {
        format!("[{reference}] {bare}")
    }
}

/// `Re: Fwd: AW: 回复： Where is it?` → `Where is it?`.
pub fn without_reply_prefixes(subject: &str) -> String {
    const PREFIXES: &[&str] = &[
        "re:",
        "fw:",
        "fwd:",
        "aw:",
        "wg:",
        "sv:",
        "vs:",
        "rv:",
        "res:",
        "r:",
        "回复:",
        "回复：",
        "答复:",
        "答复：",
        "转发:",
        "转发：",
    ];
    let mut rest = subject.trim();
    loop {
        let lower = rest.to_lowercase();
        match PREFIXES.iter().find(|p| lower.starts_with(*p)) {
            // Prefixes are ASCII or whole CJK characters: the byte length
            // of the lower-cased prefix is that of the original.
            Some(prefix) => rest = rest[prefix.len()..].trim_start(),
            None => return rest.to_string(),
        }
    }
}

/// Message-IDs named by `In-Reply-To` and `References`, the most recent
/// first (a client lists `References` oldest first), without repeats.
pub fn referenced_ids(in_reply_to: &[String], references: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for id in in_reply_to.iter().chain(references.iter().rev()) {
        let id = normalize_message_id(id);
        if !id.is_empty() && !out.contains(&id) {
            out.push(id);
        }
    }
    out
}

/// A Message-ID without its angle brackets and surrounding space.
pub fn normalize_message_id(id: &str) -> String {
    id.trim()
        .trim_start_matches('<')
        .trim_end_matches('>')
        .trim()
        .to_string()
}

/// A reply split into what the person wrote now and what their mail
/// program quoted below it (earlier messages, often a signature): the
/// workspace folds the second part away, one click from view.
pub fn split_quoted(text: &str) -> (&str, Option<&str>) {
    let mut offset = 0;
    let mut cut = None;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        if starts_quote(trimmed) && !text[..offset].trim().is_empty() {
            cut = Some(offset);
            break;
        }
        offset += line.len();
    }
    match cut {
        Some(at) => {
            let (fresh, quoted) = text.split_at(at);
            (
                fresh.trim_end(),
                Some(quoted.trim()).filter(|q| !q.is_empty()),
            )
        }
        None => (text, None),
    }
}

/// The first line of a quoted block, in the forms common mail programs
/// write in English, Chinese and Spanish (and Outlook's header block).
fn starts_quote(line: &str) -> bool {
    let lower = line.to_lowercase();
    line.starts_with('>')
        || line == "--"
        || line == "-- "
        || lower.starts_with("-----original message-----")
        || lower.starts_with("-----mensaje original-----")
        || lower.starts_with("________________________________")
        || (lower.starts_with("on ") && lower.ends_with("wrote:"))
        || (lower.starts_with("el ") && lower.ends_with("escribió:"))
        || (line.starts_with('在') && (line.ends_with("写道：") || line.ends_with("写道:")))
        || (lower.starts_with("from: ") && lower.contains('@'))
        || line.starts_with("发件人：")
        || line.starts_with("发件人:")
        || (lower.starts_with("de: ") && lower.contains('@'))
        // The desk's own "type your reply above this line" header.
        || (line.starts_with("##-") && line.ends_with("-##"))
}

/// Why a received message waits for a person before it becomes a ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Suspicion {
    /// The receiving server's `Authentication-Results` say DMARC failed, or
    /// SPF and DKIM both failed: the sender is likely forged.
    FailedAuthentication,
    /// A spam filter upstream flagged it (`X-Spam-Flag: YES`,
    /// `X-Spam-Status: Yes, …`).
    Spam,
}

impl Suspicion {
    pub fn code(self) -> &'static str {
        match self {
            Suspicion::FailedAuthentication => "failed_authentication",
            Suspicion::Spam => "spam",
        }
    }
}

/// Reads the verdicts of the servers the message passed: only what they
/// wrote, nothing guessed from the content.
pub fn suspicion(
    authentication_results: &[String],
    spam_flag: Option<&str>,
    spam_status: Option<&str>,
) -> Option<Suspicion> {
    let flagged = spam_flag.is_some_and(|f| f.trim().eq_ignore_ascii_case("yes"))
        || spam_status.is_some_and(|s| s.trim().to_ascii_lowercase().starts_with("yes"));
    if flagged {
        return Some(Suspicion::Spam);
    }
    let verdict = |method: &str| -> Option<String> {
        authentication_results.iter().find_map(|header| {
            header.split(';').find_map(|part| {
                let part = part.trim().to_ascii_lowercase();
                let rest = part.strip_prefix(method)?.trim_start().strip_prefix('=')?;
                Some(
                    rest.split_whitespace()
                        .next()
                        .unwrap_or_default()
                        .to_string(),
                )
            })
        })
    };
    let failed = |method: &str| {
        verdict(method).is_some_and(|v| matches!(v.as_str(), "fail" | "softfail" | "permerror"))
    };
    let dmarc_failed = verdict("dmarc").is_some_and(|v| v == "fail");
    (dmarc_failed || (failed("spf") && failed("dkim"))).then_some(Suspicion::FailedAuthentication)
}

/// The headers that tell a machine's mail from a person's.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Origin {
    /// The envelope sender is empty (`MAIL FROM:<>`): a bounce or a notice.
    pub null_sender: bool,
    pub auto_submitted: Option<String>,
    pub precedence: Option<String>,
    pub x_autoreply: bool,
    pub x_auto_response_suppress: Option<String>,
    pub list_id: bool,
    /// `multipart/report; report-type=delivery-status`.
    pub delivery_report: bool,
}

/// What kind of sender wrote a message, for deciding what to answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sender {
    /// A person: acknowledge and reply.
    Person,
    /// An auto-reply, a list, a notice: keep it, never answer it.
    Machine,
    /// A delivery status notification about mail we sent.
    Bounce,
}

pub fn sender_of(origin: &Origin) -> Sender {
    if origin.delivery_report {
        return Sender::Bounce;
    }
    let auto = origin
        .auto_submitted
        .as_deref()
        .is_some_and(|v| !v.trim().eq_ignore_ascii_case("no"));
    let bulk = origin.precedence.as_deref().is_some_and(|v| {
        matches!(
            v.trim().to_ascii_lowercase().as_str(),
            "bulk" | "junk" | "list" | "auto_reply"
        )
    });
    let suppress = origin.x_auto_response_suppress.as_deref().is_some_and(|v| {
        let v = v.to_ascii_lowercase();
        v.contains("all") || v.contains("autoreply") || v.contains("oof")
    });
    if origin.null_sender || auto || bulk || origin.x_autoreply || suppress || origin.list_id {
        Sender::Machine
    } else {
        Sender::Person
    }
}

/// From, To and Cc of a message that came or went by email.
#[derive(
    Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema,
)]
pub struct EmailAddresses {
    pub from: String,
    pub to: Vec<String>,
    #[serde(default)]
    pub cc: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reference_is_found_in_brackets_only() {
        assert_eq!(
            reference_in_subject("Re: [MD-1042] Where is my parcel?"),
            TicketRef::parse("MD-1042")
        );
        assert_eq!(reference_in_subject("Re: MD-1042 Where is it"), None);
        assert_eq!(
            reference_in_subject("[urgent] [md-1043] x"),
            TicketRef::parse("MD-1043")
        );
        assert_eq!(reference_in_subject("[MD-12x]"), None);
    }

    #[test]
    fn subjects_carry_the_reference_once() {
        let r = TicketRef::parse("MD-1042").expect("valid");
        assert_eq!(
            ticket_subject(r, "Re: Where is it?"),
            "[MD-1042] Where is it?"
        );
        assert_eq!(
            ticket_subject(r, "RE: [MD-1042] Where is it?"),
            "[MD-1042] Where is it?"
        );
        assert_eq!(ticket_subject(r, ""), "[MD-1042]");
        assert_eq!(without_reply_prefixes("回复：Fwd: 包裹"), "包裹");
        assert_eq!(
            without_reply_prefixes("Regarding my order"),
            "Regarding my order"
        );
    }

    #[test]
    fn references_are_read_newest_first() {
        let ids = referenced_ids(
            &["<c@x>".to_string()],
            &[
                "<a@x>".to_string(),
                "<b@x>".to_string(),
                "<c@x>".to_string(),
            ],
        );
        assert_eq!(ids, vec!["c@x", "b@x", "a@x"]);
    }

    #[test]
    fn upstream_verdicts_decide_what_waits() {
        let pass = vec!["mx.shop.example; spf=pass smtp.mailfrom=a.example; dkim=pass header.d=a.example; dmarc=pass".to_string()];
        assert_eq!(suspicion(&pass, None, None), None);
        let dmarc =
            vec!["mx.shop.example; dmarc=fail (p=reject) header.from=bank.example".to_string()];
        assert_eq!(
            suspicion(&dmarc, None, None),
            Some(Suspicion::FailedAuthentication)
        );
        let both = vec!["mx; spf=softfail smtp.mailfrom=x; dkim=fail header.d=x".to_string()];
        assert_eq!(
            suspicion(&both, None, None),
            Some(Suspicion::FailedAuthentication)
        );
        let one = vec!["mx; spf=fail smtp.mailfrom=x; dkim=pass header.d=x".to_string()];
        assert_eq!(
            suspicion(&one, None, None),
            None,
            "a forwarded mail fails SPF only"
        );
        assert_eq!(suspicion(&[], Some("YES"), None), Some(Suspicion::Spam));
        assert_eq!(
            suspicion(&[], None, Some("Yes, score=9.1")),
            Some(Suspicion::Spam)
        );
        assert_eq!(suspicion(&[], None, Some("No, score=0.1")), None);
    }

    #[test]
    fn quoted_history_is_split_off() {
        let reply = "Thanks, that works.\n\nOn Fri, 4 Dec 2026 at 10:00, Shop <help@shop.example> wrote:\n> Your order ships tomorrow.\n";
        let (fresh, quoted) = split_quoted(reply);
        assert_eq!(fresh, "Thanks, that works.");
        assert!(quoted.is_some_and(|q| q.contains("ships tomorrow")));
        let zh = "好的，谢谢。\n\n在 2026年12月4日 10:00，Shop 写道：\n> 明天发货。";
        assert_eq!(split_quoted(zh).0, "好的，谢谢。");
        let es = "Vale.\n\nEl vie, 4 dic 2026, Shop escribió:\n> Sale mañana.";
        assert_eq!(split_quoted(es).0, "Vale.");
        let signed = "See attached.\n-- \nAna López\nBuyer";
        assert_eq!(split_quoted(signed).0, "See attached.");
        let above_the_line =
            "Yes please.\n\n##- Please type your reply above this line -##\n\nYour order ships.";
        assert_eq!(split_quoted(above_the_line).0, "Yes please.");
        // A message that starts with a quote keeps it: nothing is new above it.
        assert_eq!(split_quoted("> only a quote"), ("> only a quote", None));
        assert_eq!(split_quoted("no quote at all"), ("no quote at all", None));
    }

    #[test]
    fn machines_are_told_apart_from_people() {
        assert_eq!(sender_of(&Origin::default()), Sender::Person);
        let auto = Origin {
            auto_submitted: Some("auto-replied".into()),
            ..Origin::default()
        };
        assert_eq!(sender_of(&auto), Sender::Machine);
        let no = Origin {
            auto_submitted: Some("no".into()),
            ..Origin::default()
        };
        assert_eq!(sender_of(&no), Sender::Person);
        for origin in [
            Origin {
                precedence: Some("bulk".into()),
                ..Origin::default()
            },
            Origin {
                x_autoreply: true,
                ..Origin::default()
            },
            Origin {
                x_auto_response_suppress: Some("All".into()),
                ..Origin::default()
            },
            Origin {
                list_id: true,
                ..Origin::default()
            },
            Origin {
                null_sender: true,
                ..Origin::default()
            },
        ] {
            assert_eq!(sender_of(&origin), Sender::Machine, "{origin:?}");
        }
        let dsn = Origin {
            delivery_report: true,
            null_sender: true,
            ..Origin::default()
        };
        assert_eq!(sender_of(&dsn), Sender::Bounce);
    }
}
