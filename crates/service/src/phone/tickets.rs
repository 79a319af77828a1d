//! What calls leave behind (docs/POLICY.md, "The phone line"): a
//! phone-channel ticket for a voicemail or a callback task, on the ticket
//! of the caller matched by number (or a person known only by it), the
//! calls on a customer's timeline, and callbacks asked for in the help
//! center for a time within the opening hours.

use std::net::IpAddr;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use utoipa::ToSchema;

use marketdesk_domain::access::{Permission, Role};
use marketdesk_domain::i18n::Lang;
use marketdesk_domain::phone::{PhoneTopic, normalized_phone, phone_only_email};
use marketdesk_domain::text::{required_line, required_text};
use marketdesk_domain::{Channel, MessageKind, Millis, TicketRef};
use marketdesk_messages::tr;
use marketdesk_store::calls::{self as store, CallRow};
use marketdesk_store::{commerce, people};

use crate::kernel::auth::system_viewer;
use crate::kernel::limits;
use crate::tickets::{MessageInput, NewMessage, NewTicket, RequesterInput};
use crate::{Recovery, Result, ServiceError, Services, Viewer, now_ms, rfc3339};

/// The ticket a call leaves.
#[derive(Debug, Clone, Copy)]
pub(super) enum CallTicket {
    /// Call the caller back: they hung up waiting (`abandoned`) or asked.
    Callback {
        abandoned: bool,
    },
    Voicemail,
}

/// A call on a customer's timeline.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CallView {
    pub id: i64,
    /// The provider's call id.
    pub call_sid: String,
    pub from: String,
    pub to: String,
    pub person_id: Option<i64>,
    pub language: String,
    pub topic: Option<String>,
    pub order_number: Option<String>,
    /// What the caller chose, in order (`language:zh topic:orders queue`).
    pub path: String,
    /// `in_progress`, `answered`, `voicemail`, `abandoned`, `callback`, `hung_up`.
    pub outcome: String,
    /// Seconds in the queue.
    pub wait_seconds: Option<i64>,
    pub recording_url: Option<String>,
    pub recording_seconds: Option<i64>,
    pub transcription: Option<String>,
    /// The ticket it left (a voicemail, a callback task).
    pub ticket: Option<String>,
    pub started_at: String,
}

/// A callback asked for in the help center.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CallbackRequest {
    pub phone: String,
    #[serde(default)]
    pub name: String,
    /// When to call, in milliseconds since the epoch: a half hour within
    /// the opening hours of the coming week.
    pub at: Millis,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub language: Option<String>,
}

/// Offered callback times: each half hour the line is open, this many days ahead.
const CALLBACK_DAYS: i64 = 7;
const HALF_HOUR_MS: Millis = 30 * 60 * 1000;

impl Services {
    /// Opens the ticket a call leaves, on the caller's person; answers its
    /// reference. The call row keeps the ticket.
    pub(super) async fn call_ticket(&self, call: &mut CallRow, kind: CallTicket) -> Result<String> {
        if let Some(ticket) = call.ticket_id {
            return Ok(TicketRef::from_id(ticket).to_string());
        }
        let lang = Lang::from_tag(&call.language);
        let email = self.caller_email(call).await?;
        let order = match call.order_id {
            Some(id) => {
                let mut conn = self.store.reader().await?;
                commerce::get_order(&mut conn, id).await?
            }
            None => None,
        };
        let number = call.from_number.clone();
        let chose = path_in_words(call, lang);
        let waited = minutes_seconds(call.wait_seconds.unwrap_or(0));
        let (subject, body, tag) = match kind {
            CallTicket::Callback { abandoned } => (
                tr!(lang, "phone-callback-subject", number = number.clone()),
                if abandoned {
                    tr!(
                        lang,
                        "phone-callback-abandoned",
                        number = number,
                        chose = chose,
                        waited = waited
                    )
                } else {
                    tr!(
                        lang,
                        "phone-callback-asked",
                        number = number,
                        chose = chose,
                        waited = waited
                    )
                },
                "callback",
            ),
            CallTicket::Voicemail => (
                tr!(lang, "phone-voicemail-subject", number = number.clone()),
                tr!(
                    lang,
                    "phone-voicemail-body",
                    number = number,
                    chose = chose,
                    duration = minutes_seconds(call.recording_seconds.unwrap_or(0)),
                    url = call.recording_url.clone().unwrap_or_default()
                ),
                "voicemail",
            ),
        };
        let topic = call.topic.as_deref().and_then(PhoneTopic::parse);
        let ticket = self
            .create_ticket(
                &system_viewer(),
                NewTicket {
                    subject: subject.to_string(),
                    requester: Some(RequesterInput {
                        email,
                        name: None,
                        language: Some(call.language.clone()),
                    }),
                    message: MessageInput {
                        email: None,
                        body: body.to_string(),
                        html: None,
                        attachments: vec![],
                    },
                    channel: Some(Channel::Phone),
                    priority: None,
                    language: Some(call.language.clone()),
                    tags: vec!["phone".into(), tag.into()],
                    custom_fields: Some(call_fields(call)),
                    order_numbers: order.map(|o| vec![o.number]).unwrap_or_default(),
                    assignee_id: None,
                    team_id: call.team_id,
                    intent: topic.map(|t| t.intent().to_owned()),
                },
            )
            .await?;
        call.ticket_id = Some(ticket.ticket.id);
        call.person_id = Some(ticket.ticket.requester.id);
        if let Some(text) = call.transcription.clone() {
            self.add_transcription(ticket.ticket.id, &text).await?;
        }
        Ok(ticket.ticket.reference)
    }

    /// The email the caller's ticket is filed under: the matched person's,
    /// or that of a person known only by this number (made now).
    async fn caller_email(&self, call: &CallRow) -> Result<String> {
        if let Some(id) = call.person_id {
            let mut conn = self.store.reader().await?;
            if let Some(person) = people::get(&mut conn, id).await? {
                return Ok(person.email);
            }
        }
        self.phone_person(&call.from_number, "", &call.language)
            .await
    }

    /// A person known by a phone number only: found by it, or made with an
    /// address that receives no mail (`….invalid`).
    async fn phone_person(&self, number: &str, name: &str, language: &str) -> Result<String> {
        let mut conn = self.store.reader().await?;
        if let Some(person) = people::find_by_phone(&mut conn, number).await?.first() {
            return Ok(person.email.clone());
        }
        drop(conn);
        let email = phone_only_email(number);
        let name = if name.trim().is_empty() {
            number
        } else {
            name.trim()
        };
        let now = now_ms();
        let mut tx = self.store.begin().await?;
        people::insert_unless_email_taken(
            &mut tx,
            &people::NewPerson {
                role: Role::Customer,
                email: &email,
                name,
                language,
                time_zone: "UTC",
                phone: Some(number),
                password_hash: None,
                external_id: None,
                now,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(email)
    }

    /// A voicemail's transcription: a note on its ticket, and the ticket
    /// triaged again from what the caller said.
    pub(super) async fn add_transcription(&self, ticket_id: i64, text: &str) -> Result<()> {
        let system = system_viewer();
        self.add_message(
            &system,
            ticket_id,
            NewMessage {
                body: format!("{}\n\n{text}", tr!(Lang::En, "phone-transcription")),
                html: None,
                kind: Some(MessageKind::Note),
                channel: Some(Channel::Phone),
                attachments: vec![],
                status: None,
                cc: None,
                email: None,
            },
        )
        .await?;
        self.triage_again(ticket_id, text).await
    }

    /// The calls of a person (or all), newest first (staff who may read customers).
    pub async fn list_calls(
        &self,
        viewer: &Viewer,
        person_id: Option<i64>,
        outcome: Option<&str>,
        before_id: Option<i64>,
        limit: Option<i64>,
    ) -> Result<Vec<CallView>> {
        if !viewer.may(Permission::ReadCustomers) {
            return Err(ServiceError::forbidden("read calls"));
        }
        if let Some(outcome) = outcome
            && marketdesk_domain::phone::CallOutcome::parse(outcome).is_none()
        {
            return Err(ServiceError::field(
                "outcome",
                "in_progress, answered, voicemail, abandoned, callback or hung_up",
            ));
        }
        let limit = limit.unwrap_or(50).clamp(1, 200);
        let mut conn = self.store.reader().await?;
        let rows = store::list(&mut conn, person_id, outcome, before_id, limit).await?;
        let mut views = Vec::with_capacity(rows.len());
        for row in rows {
            let order_number = match row.order_id {
                Some(id) => commerce::get_order(&mut conn, id).await?.map(|o| o.number),
                None => None,
            };
            views.push(call_view(row, order_number));
        }
        Ok(views)
    }

    pub async fn get_call(&self, viewer: &Viewer, id: i64) -> Result<CallView> {
        if !viewer.may(Permission::ReadCustomers) {
            return Err(ServiceError::forbidden("read calls"));
        }
        let mut conn = self.store.reader().await?;
        let row = store::get(&mut conn, id)
            .await?
            .ok_or_else(|| ServiceError::NotFound("call"))?;
        let order_number = match row.order_id {
            Some(id) => commerce::get_order(&mut conn, id).await?.map(|o| o.number),
            None => None,
        };
        Ok(call_view(row, order_number))
    }

    /// The times a callback can be asked for: each half hour the default
    /// line is open in the coming week, a few dozen at most.
    pub fn callback_slots(&self, now: Millis, count: usize) -> Vec<Millis> {
        let schedule = &self.business_hours;
        let first = (now / HALF_HOUR_MS + 1) * HALF_HOUR_MS + HALF_HOUR_MS;
        (0..CALLBACK_DAYS * 48)
            .map(|n| first + n * HALF_HOUR_MS)
            .filter(|t| schedule.is_open(*t) && schedule.is_open(t + HALF_HOUR_MS - 60_000))
            .take(count)
            .collect()
    }

    /// A callback asked for in the help center: a phone ticket for the
    /// number, due at the chosen time. Anonymous; counted per client.
    pub async fn request_callback(
        &self,
        viewer: Option<&Viewer>,
        request: CallbackRequest,
        client: Option<IpAddr>,
    ) -> Result<String> {
        if viewer.is_some_and(|v| !v.may(Permission::CreateTicket)) {
            return Err(ServiceError::forbidden("ask for a callback"));
        }
        let number = normalized_phone(&request.phone)
            .filter(|n| n.starts_with('+'))
            .ok_or_else(|| {
                ServiceError::field(
                    "phone",
                    "a phone number with its country code, such as +34 600 111 222",
                )
            })?;
        let name = match request.name.trim() {
            "" => String::new(),
            name => required_line("name", name, 100)?,
        };
        let note = match request.note.trim() {
            "" => String::new(),
            note => required_text("note", note, 2000)?,
        };
        let now = now_ms();
        let at = request.at;
        if at % HALF_HOUR_MS != 0
            || at <= now
            || at > now + (CALLBACK_DAYS + 1) * 24 * 3_600_000
            || !self.business_hours.is_open(at)
        {
            return Err(ServiceError::field(
                "at",
                "a half hour within the opening hours of the coming week",
            ));
        }
        if let Some(client) = client {
            let key = limits::client_key(client);
            self.take_limit(limits::CALLBACK_REQUESTS, &key, Recovery::Wait)
                .await?;
        }
        let lang = Lang::from_tag(request.language.as_deref().unwrap_or("en"));
        let email = match viewer.filter(|v| !v.is_staff()) {
            Some(viewer) => {
                let mut conn = self.store.reader().await?;
                people::get(&mut conn, viewer.person_id)
                    .await?
                    .map(|p| p.email)
                    .ok_or(ServiceError::Unauthenticated)?
            }
            None => self.phone_person(&number, &name, lang.code()).await?,
        };
        let zone = self.policy().contact.business_hours.time_zone.clone();
        let (_, time) = self.business_hours.local_weekday_time(at);
        let when = format!(
            "{} {:02}:{:02}",
            self.business_hours.local_date(at),
            time.hour(),
            time.minute()
        );
        let mut fields = Map::new();
        fields.insert("callback_at".into(), json!(rfc3339(at)));
        fields.insert("callback_number".into(), json!(number));
        let ticket = self
            .create_ticket(
                &system_viewer(),
                NewTicket {
                    subject: tr!(lang, "phone-callback-subject", number = number.clone())
                        .to_string(),
                    requester: Some(RequesterInput {
                        email,
                        name: (!name.is_empty()).then(|| name.clone()),
                        language: Some(lang.code().into()),
                    }),
                    message: MessageInput {
                        email: None,
                        body: format!(
                            "{}\n\n{note}",
                            tr!(
                                lang,
                                "phone-callback-scheduled",
                                number = number,
                                when = when,
                                zone = zone
                            )
                        )
                        .trim_end()
                        .to_owned(),
                        html: None,
                        attachments: vec![],
                    },
                    channel: Some(Channel::Phone),
                    priority: None,
                    language: Some(lang.code().into()),
                    tags: vec!["phone".into(), "callback".into()],
                    custom_fields: Some(fields),
                    order_numbers: vec![],
                    assignee_id: None,
                    team_id: None,
                    intent: None,
                },
            )
            .await?;
        Ok(ticket.ticket.reference)
    }
}

fn call_view(row: CallRow, order_number: Option<String>) -> CallView {
    CallView {
        id: row.id,
        call_sid: row.call_sid,
        from: row.from_number,
        to: row.to_number,
        person_id: row.person_id,
        language: row.language,
        topic: row.topic,
        order_number,
        path: row.path,
        outcome: row.outcome,
        wait_seconds: row.wait_seconds,
        recording_url: row.recording_url,
        recording_seconds: row.recording_seconds,
        transcription: row.transcription,
        ticket: row.ticket_id.map(|id| TicketRef::from_id(id).to_string()),
        started_at: rfc3339(row.started_at),
    }
}

/// The ticket's fields: the number to call and how long they waited.
fn call_fields(call: &CallRow) -> Map<String, Value> {
    let mut fields = Map::new();
    fields.insert("callback_number".into(), json!(call.from_number));
    fields.insert("call_sid".into(), json!(call.call_sid));
    if let Some(wait) = call.wait_seconds {
        fields.insert("queue_wait_seconds".into(), json!(wait));
    }
    if let Some(url) = &call.recording_url {
        fields.insert("recording_url".into(), json!(url));
    }
    fields
}

/// What the caller chose, in their language: "中文 › 订单与配送 › SO-240101".
fn path_in_words(call: &CallRow, lang: Lang) -> String {
    let mut words = vec![match call.language.as_str() {
        "zh" => "中文".to_owned(),
        "es" => "Español".to_owned(),
        _ => "English".to_owned(),
    }];
    if let Some(topic) = call.topic.as_deref().and_then(PhoneTopic::parse) {
        words.push(
            match topic {
                PhoneTopic::Orders => tr!(lang, "phone-topic-name-orders"),
                PhoneTopic::Returns => tr!(lang, "phone-topic-name-returns"),
                PhoneTopic::Payments => tr!(lang, "phone-topic-name-payments"),
                PhoneTopic::Account => tr!(lang, "phone-topic-name-account"),
                PhoneTopic::Selling => tr!(lang, "phone-topic-name-selling"),
                PhoneTopic::Other => tr!(lang, "phone-topic-name-other"),
            }
            .to_string(),
        );
    }
    if let Some(order) = call
        .path
        .split(' ')
        .find_map(|step| step.strip_prefix("order:"))
    {
        words.push(order.to_owned());
    }
    words.join(" › ")
}

/// `2:05` for 125 seconds.
fn minutes_seconds(seconds: i64) -> String {
    let seconds = seconds.max(0);
    format!("{}:{:02}", seconds / 60, seconds % 60)
}
