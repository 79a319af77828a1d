//! Handing the conversation to a person: a ticket with the transcript,
//! intent, entities, order and what was tried, the customer's place in the
//! queue, and when someone will answer.

use marketdesk_domain::business_hours::{BusinessHours, Schedule};
use marketdesk_domain::i18n::Lang;
use marketdesk_domain::{Channel, EmailAddress, MessageKind, Millis};
use marketdesk_messages::tr;
use marketdesk_store::chat::{self as store, ChatSession};
use marketdesk_store::{commerce, people};

use super::state::{ChatStep, lang_of, set, set_step, state_str};
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
            return Ok(vec![tr!(lang, "chat-ll-get-person-what-email").to_string()]);
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
        // A seller's question is about their sale: linked too.
        if let Some(number) = state_str(s, "sale_order")
            && !order_numbers.iter().any(|n| n == number)
        {
            order_numbers.push(number.to_string());
        }
        let subject = tr!(lang, "chat-chat-with-assistant").to_string();
        let new = NewTicket {
            subject,
            requester: Some(RequesterInput {
                email: email.clone(),
                name: None,
                language: Some(s.language.clone()),
            }),
            message: MessageInput {
                email: None,
                body: transcript,
                html: None,
                attachments: vec![],
            },
            channel: Some(Channel::Chat),
            priority: None,
            language: Some(s.language.clone()),
            tags: {
                let mut tags = vec!["chat".to_string(), "handover".to_string()];
                match intent {
                    "open_dispute" => tags.push("dispute".into()),
                    "seller_payout" => tags.push("payout".into()),
                    "chargeback" => tags.push("chargeback".into()),
                    _ => {}
                }
                tags
            },
            custom_fields: None,
            order_numbers,
            assignee_id: None,
            team_id: None,
            // "A person, please" says who, not what: the errand is what the
            // chat was about, and what routing looks for in an agent.
            intent: match intent {
                "contact_human_agent" | "contact_customer_service" | "other" => {
                    state_str(s, "topic").map(String::from)
                }
                _ if marketdesk_assistant::INTENTS.contains(&intent) => Some(intent.to_string()),
                _ => None,
            },
        };
        let system = system_viewer();
        let ticket = self.create_ticket(&system, new).await?;
        // A chat waits (or was taken by routing): the queue moved.
        self.live_ticket(ticket.ticket.id, true);
        // A note for the team, in the workspace's working language.
        let none = || "—".to_string();
        let context = tr!(
            Lang::En,
            "chat-handover-note",
            intent = intent,
            known = s
                .state
                .get("order_number")
                .map_or_else(none, |v| v.to_string()),
            tried = s.state.get("tried").map_or_else(none, |v| v.to_string()),
            verified = if s.order_id.is_some() { "yes" } else { "no" }
        );
        let note = NewMessage {
            email: None,
            cc: None,
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
        // Routing found someone online now: they answer, whatever the hours.
        if let Some(agent) = &ticket.ticket.assignee {
            return Ok(vec![tr!(
                lang,
                "chat-handed-over-agent",
                agent = agent.name.clone(),
                reference = ticket.ticket.reference,
            )]);
        }
        let position = self.chat_position(ticket.ticket.id).await?;
        // The team the ticket went to (by routing or a trigger: creating
        // answers the ticket as they left it) says when it is back.
        let team = self.hours_of_team(ticket.ticket.team_id).await?;
        let now = now_ms();
        let customer_zone = state_str(s, "time_zone").map(str::to_owned);
        if let Some(zone) = customer_zone
            && let Some(((day, time), (team_day, team_time))) =
                back_in_zone(&team.schedule, now, &zone, lang)
        {
            return Ok(vec![tr!(
                lang,
                "chat-handed-over-team-away-yours",
                reference = ticket.ticket.reference,
                day = day,
                time = time,
                team_day = team_day,
                team_time = team_time,
                zone = team.hours.time_zone.clone(),
                email = email,
            )]);
        }
        if let Some((day, time)) = back_at_work(&team.schedule, now, lang) {
            return Ok(vec![tr!(
                lang,
                "chat-handed-over-team-away",
                reference = ticket.ticket.reference,
                day = day,
                time = time,
                zone = team.hours.time_zone.clone(),
                email = email,
            )]);
        }
        Ok(vec![tr!(
            lang,
            "chat-handed-over-queue",
            reference = ticket.ticket.reference,
            position = position,
        )])
    }
}

/// When people are back, as (weekday, `HH:MM`) in the shop's time zone,
/// if they are away at `now` and come back within the schedule's horizon.
pub fn back_at_work(schedule: &Schedule, now: Millis, lang: Lang) -> Option<(String, String)> {
    if schedule.is_open(now) {
        return None;
    }
    let back = schedule.next_opening(now)?;
    let (day, time) = schedule.local_weekday_time(back);
    Some((
        weekday_name(day, lang).to_owned(),
        format!("{:02}:{:02}", time.hour(), time.minute()),
    ))
}

/// When people are back in the customer's `zone` and in the team's own,
/// as (weekday, `HH:MM`) each, when they are away at `now` and the two
/// read differently (a customer in the team's zone is told it once).
fn back_in_zone(
    schedule: &Schedule,
    now: Millis,
    zone: &str,
    lang: Lang,
) -> Option<((String, String), (String, String))> {
    if schedule.is_open(now) {
        return None;
    }
    let back = schedule.next_opening(now)?;
    let theirs = schedule.local_weekday_time(back);
    let yours = Schedule::weekday_time_in(zone, back)?;
    if yours == theirs {
        return None;
    }
    let words = |day: u8, hour: i8, minute: i8| {
        (
            weekday_name(day, lang).to_owned(),
            format!("{hour:02}:{minute:02}"),
        )
    };
    Some((
        words(yours.0, yours.1.hour(), yours.1.minute()),
        words(theirs.0, theirs.1.hour(), theirs.1.minute()),
    ))
}

/// The opening hours in words, days with the same hours together:
/// "Monday–Friday 09:00–20:00 · Saturday 10:00–14:00".
pub fn opening_hours(hours: &BusinessHours, lang: Lang) -> String {
    hours
        .weekly_runs()
        .into_iter()
        .map(|(first, last, spans)| {
            let days = if first == last {
                weekday_name(first, lang).to_owned()
            } else {
                format!("{}–{}", weekday_name(first, lang), weekday_name(last, lang))
            };
            let spans: Vec<String> = spans.iter().map(|span| span.replace('-', "–")).collect();
            format!("{days} {}", spans.join(", "))
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

fn weekday_name(day: u8, lang: Lang) -> &'static str {
    match day {
        2 => tr!(lang, "weekday-tuesday"),
        3 => tr!(lang, "weekday-wednesday"),
        4 => tr!(lang, "weekday-thursday"),
        5 => tr!(lang, "weekday-friday"),
        6 => tr!(lang, "weekday-saturday"),
        7 => tr!(lang, "weekday-sunday"),
        _ => tr!(lang, "weekday-monday"),
    }
}
