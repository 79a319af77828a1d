//! Handing the conversation to a person: a ticket with the transcript,
//! intent, entities, order and what was tried, the customer's place in the
//! queue, and when someone will answer.

use marketdesk_domain::i18n::Lang;
use marketdesk_domain::{Channel, EmailAddress, MessageKind};
use marketdesk_store::chat::{self as store, ChatSession};
use marketdesk_store::{commerce, people};

use super::state::{ChatStep, lang_of, say, set, set_step, state_str};
use crate::kernel::auth::system_viewer;
use crate::tickets::{MessageInput, NewMessage, NewTicket, RequesterInput};
use crate::{Result, Services, now_ms};

impl Services {
    /// Hands the conversation to a person: a ticket with the transcript and
    /// everything the assistant learned, and the queue position for the customer.
    pub(super) async fn hand_over(&self, s: &mut ChatSession, intent: &str) -> Result<Vec<String>> {
        let lang = lang_of(s);
        // A person needs to know who writes: ask for the email when unknown.
        let email = match s.person_id {
            Some(id) => {
                let mut conn = self.store.reader().await?;
                people::get(&mut conn, id).await?.map(|p| p.email)
            }
            None => state_str(s, "email").map(String::from),
        };
        let Some(email) = email.filter(|e| EmailAddress::parse(e).is_ok()) else {
            set(s, "flow", "handover");
            set_step(s, Some(ChatStep::Email));
            if let Some(map) = s.state.as_object_mut() {
                map.remove("email");
            }
            return Ok(vec![say(
                lang,
                "I'll get you a person. What is your email address, so they can reach you?",
                "马上为您转接人工客服。请留下您的邮箱地址，以便客服联系您。",
                "Te paso con una persona. ¿Cuál es tu correo, para que puedan contactarte?",
            )]);
        };
        let transcript = {
            let mut conn = self.store.reader().await?;
            store::messages(&mut conn, s.id, 0)
                .await?
                .iter()
                .map(|m| format!("[{}] {}", m.sender, m.body))
                .collect::<Vec<_>>()
                .join("\n")
        };
        let mut order_numbers = Vec::new();
        if let Some(order_id) = s.order_id {
            let mut conn = self.store.reader().await?;
            if let Some(order) = commerce::get_order(&mut conn, order_id).await? {
                order_numbers.push(order.number);
            }
        }
        let subject = say(
            lang,
            "Chat with the assistant",
            "与智能助手的对话",
            "Chat con el asistente",
        );
        let new = NewTicket {
            subject,
            requester: Some(RequesterInput {
                email: email.clone(),
                name: None,
                language: Some(s.language.clone()),
            }),
            message: MessageInput {
                body: transcript,
                html: None,
                attachments: vec![],
            },
            channel: Some(Channel::Chat),
            priority: None,
            language: Some(s.language.clone()),
            tags: if intent == "open_dispute" {
                vec!["chat".into(), "handover".into(), "dispute".into()]
            } else {
                vec!["chat".into(), "handover".into()]
            },
            custom_fields: None,
            order_numbers,
            assignee_id: None,
            team_id: None,
        };
        let system = system_viewer();
        let ticket = self.create_ticket(&system, new).await?;
        let context = format!(
            "Handed over by the assistant.\nDetected intent: {intent}\nKnown: {}\nTried: {}\nVerified order: {}",
            s.state
                .get("order_number")
                .map(|v| v.to_string())
                .unwrap_or_else(|| "—".into()),
            s.state
                .get("tried")
                .map(|v| v.to_string())
                .unwrap_or_else(|| "—".into()),
            if s.order_id.is_some() { "yes" } else { "no" }
        );
        let note = NewMessage {
            body: context,
            html: None,
            kind: Some(MessageKind::Note),
            channel: Some(Channel::Chat),
            attachments: vec![],
            status: None,
        };
        self.add_message(&system, ticket.ticket.id, note).await?;
        s.ticket_id = Some(ticket.ticket.id);
        s.person_id = Some(ticket.ticket.requester.id);
        set_step(s, None);
        // Everything after the hand-over goes to the ticket; relay from its start.
        let relayed_from = ticket.messages.last().map(|m| m.id).unwrap_or(0) + 1;
        set(s, "relayed", relayed_from);
        let position = self.chat_queue_position(ticket.ticket.id).await?;
        let contact = &self.policy().contact;
        if !contact.is_open(now_ms()) {
            let (day, hour) = contact.next_opening(now_ms()).unwrap_or((1, 9));
            let day_name = weekday_name(day, lang);
            return Ok(vec![say(
                lang,
                &format!(
                    "I've passed our conversation to the team ({}). They are back on {day_name} at {hour:02}:00 UTC and will answer here and by email to {email} — you won't need to repeat anything.",
                    ticket.ticket.reference
                ),
                &format!(
                    "已为您转接客服团队（{}）。团队将于{day_name} {hour:02}:00（UTC）上班，届时会在此对话并通过邮件 {email} 回复您，您无需重复说明。",
                    ticket.ticket.reference
                ),
                &format!(
                    "He pasado nuestra conversación al equipo ({}). Vuelven el {day_name} a las {hour:02}:00 UTC y te responderán aquí y por correo a {email}; no tendrás que repetir nada.",
                    ticket.ticket.reference
                ),
            )]);
        }
        Ok(vec![say(
            lang,
            &format!(
                "I've passed our conversation to a person ({}) — you won't need to repeat anything. You are number {position} in the queue; stay here and they will answer in this chat.",
                ticket.ticket.reference
            ),
            &format!(
                "已为您转接人工客服（{}），您无需重复说明。您前面还有 {} 位，请在此稍候，客服会在本对话中回复您。",
                ticket.ticket.reference,
                position - 1
            ),
            &format!(
                "He pasado nuestra conversación a una persona ({}); no tendrás que repetir nada. Eres el número {position} de la cola; quédate aquí y te responderán en este chat.",
                ticket.ticket.reference
            ),
        )])
    }

    /// How many chats wait for an agent now (unassigned new chat tickets).
    pub async fn chat_waiting(&self) -> Result<i64> {
        let query = crate::tickets::TicketQuery {
            status: Some("new".into()),
            channel: Some(Channel::Chat),
            assignee: Some("none".into()),
            limit: Some(100),
            ..Default::default()
        };
        Ok(self
            .list_tickets(&system_viewer(), &query)
            .await?
            .items
            .len() as i64)
    }

    /// Unassigned chat tickets waiting before this one, plus one.
    async fn chat_queue_position(&self, ticket_id: i64) -> Result<i64> {
        let query = crate::tickets::TicketQuery {
            status: Some("new".into()),
            channel: Some(Channel::Chat),
            assignee: Some("none".into()),
            limit: Some(100),
            ..Default::default()
        };
        let waiting = self.list_tickets(&system_viewer(), &query).await?;
        Ok(waiting
            .items
            .iter()
            .filter(|t| t.id <= ticket_id)
            .count()
            .max(1) as i64)
    }
}

fn weekday_name(day: u8, lang: Lang) -> &'static str {
    const EN: [&str; 7] = [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ];
    const ZH: [&str; 7] = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];
    const ES: [&str; 7] = [
        "lunes",
        "martes",
        "miércoles",
        "jueves",
        "viernes",
        "sábado",
        "domingo",
    ];
    let i = usize::from(day.clamp(1, 7) - 1);
    match lang {
        Lang::En => EN[i],
        Lang::Zh => ZH[i],
        Lang::Es => ES[i],
    }
}
