//! A call's way through the support number, one provider webhook at a time
//! (docs/POLICY.md, "The phone line"): the language menu, the greeting
//! with the hours, the topic menu, an order number by keypad, the queue
//! with the position and wait, and the voicemail. Each step reads and
//! writes the call's row, found by the provider's call id, and answers what
//! the line does next as verbs the web adapter writes as TwiML. The URLs
//! the next steps come back to are absolute, under the public URL.

use std::net::IpAddr;

use marketdesk_domain::i18n::Lang;
use marketdesk_domain::phone::{
    self as menu, CallOutcome, MenuAnswer, PhoneTopic, entered_order_digits, normalized_phone,
};
use marketdesk_messages::tr;
use marketdesk_store::calls::{self as store, CallRow};
use marketdesk_store::commerce;

use super::tickets::CallTicket;
use crate::kernel::limits;
use crate::{Recovery, Result, ServiceError, Services, now_ms};

/// What the line does, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verb {
    Say(Lang, String),
    /// Listens for keys while saying `say`; the keys go to `action`.
    Gather {
        action: String,
        /// One key, or keys until `#`.
        one_key: bool,
        timeout_seconds: u32,
        say: Vec<(Lang, String)>,
    },
    Redirect(String),
    /// Waits in `queue`; the provider asks `wait_url` what to play while
    /// the caller waits and `action` once they leave it.
    Enqueue {
        queue: String,
        wait_url: String,
        action: String,
    },
    Record {
        action: String,
        transcribe_callback: String,
        max_seconds: u32,
    },
    Dial {
        number: String,
        action: String,
    },
    /// Leaves the queue (to the Enqueue's `action`).
    Leave,
    Hangup,
    /// Busy: the line cannot take the call now.
    Reject,
}

/// The answer to one webhook.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PhoneReply {
    pub verbs: Vec<Verb>,
}

impl PhoneReply {
    fn of(verbs: Vec<Verb>) -> Self {
        PhoneReply { verbs }
    }
}

/// The call a webhook is about, as the provider names it.
#[derive(Debug, Clone, Default)]
pub struct CallParams {
    pub call_sid: String,
    pub from: String,
    pub to: String,
}

/// Which webhook came, with what it carries.
#[derive(Debug, Clone)]
pub enum CallStep {
    /// The number's Voice URL: a new call.
    Start {
        lang: Option<Lang>,
        team: Option<i64>,
    },
    Language {
        attempt: u32,
        digits: String,
    },
    Topic {
        attempt: u32,
        digits: String,
    },
    Order {
        digits: String,
    },
    /// The queue's wait URL, asked again and again while the caller waits.
    Wait {
        position: u32,
        queue_seconds: u32,
    },
    WaitChoice {
        digits: String,
    },
    /// The caller left the queue: `result` is the provider's `QueueResult`.
    Queued {
        result: String,
        queue_seconds: u32,
    },
    /// A forwarded call ended: the provider's `DialCallStatus`.
    Dialed {
        status: String,
    },
    Recorded {
        url: Option<String>,
        seconds: u32,
    },
    Transcribed {
        text: String,
        completed: bool,
    },
    /// The call's status callback: it ended.
    Ended,
}

/// Longest call id, number, digits and recording URL a webhook may carry.
const MAX_SID: usize = 64;
const MAX_NUMBER: usize = 40;
const MAX_URL: usize = 1000;
/// The menu path is a few words; never more than this.
const MAX_PATH: usize = 300;

impl Services {
    /// Answers one webhook of a call. A call the desk does not know (a step
    /// for another desk's call, or after its row was lost) hears a polite
    /// goodbye; so does anything this fails with, in the web adapter.
    pub async fn phone_call(
        &self,
        params: CallParams,
        step: CallStep,
        client: Option<IpAddr>,
    ) -> Result<PhoneReply> {
        let sid = params.call_sid.trim();
        if sid.is_empty() || sid.len() > MAX_SID || params.from.len() > MAX_NUMBER {
            return Err(ServiceError::field("CallSid", "a call id of the provider"));
        }
        if let CallStep::Start { lang, team } = step {
            return self.start_call(&params, lang, team, client).await;
        }
        let Some(mut call) = ({
            let mut conn = self.store.reader().await?;
            store::find(&mut conn, sid).await?
        }) else {
            return Ok(self.unknown_call());
        };
        let reply = self.next_step(&mut call, step).await?;
        call.updated_at = now_ms();
        let mut tx = self.store.begin().await?;
        store::update(&mut tx, &call).await?;
        tx.commit().await?;
        Ok(reply)
    }

    /// What a caller of an unknown call hears.
    pub fn unknown_call(&self) -> PhoneReply {
        let lang = self.policy().phone.first_language();
        say_and_hang_up(lang, tr!(lang, "phone-unknown-call"))
    }

    async fn start_call(
        &self,
        params: &CallParams,
        lang: Option<Lang>,
        team: Option<i64>,
        client: Option<IpAddr>,
    ) -> Result<PhoneReply> {
        if let Some(client) = client {
            let key = limits::client_key(client);
            self.take_limit(limits::PHONE_CALLS, &key, Recovery::Wait)
                .await?;
        }
        let policy = &self.policy().phone;
        let from = normalized_phone(&params.from).unwrap_or_else(|| params.from.trim().to_owned());
        let person_id = self.person_by_phone(&from).await?;
        // A number of one language, or a menu of one: no language menu.
        let fixed = lang.or((policy.languages.len() == 1).then(|| policy.first_language()));
        let now = now_ms();
        let mut call = CallRow {
            id: 0,
            call_sid: params.call_sid.trim().to_owned(),
            from_number: from,
            to_number: params.to.trim().chars().take(MAX_NUMBER).collect(),
            team_id: team,
            language: fixed.unwrap_or(policy.first_language()).code().to_owned(),
            topic: None,
            order_id: None,
            person_id,
            path: String::new(),
            outcome: CallOutcome::InProgress.name().to_owned(),
            leave_reason: None,
            started_at: now,
            queued_at: None,
            wait_seconds: None,
            recording_url: None,
            recording_seconds: None,
            transcription: None,
            ticket_id: None,
            updated_at: now,
        };
        let mut tx = self.store.begin().await?;
        match store::insert(&mut tx, &call).await? {
            Some(id) => call.id = id,
            // The provider asked twice for the same call: it starts over.
            None => match store::find(&mut tx, &call.call_sid).await? {
                Some(existing) => call = existing,
                None => return Ok(self.unknown_call()),
            },
        }
        tx.commit().await?;
        let reply = match fixed {
            Some(lang) => self.after_language(&mut call, lang).await?,
            None => self.language_menu(1),
        };
        call.updated_at = now_ms();
        let mut tx = self.store.begin().await?;
        store::update(&mut tx, &call).await?;
        tx.commit().await?;
        Ok(reply)
    }

    /// The person a caller's number belongs to: a person with the number,
    /// else the customer of the latest order with it.
    async fn person_by_phone(&self, number: &str) -> Result<Option<i64>> {
        if normalized_phone(number).is_none() {
            return Ok(None);
        }
        let mut conn = self.store.reader().await?;
        let people = marketdesk_store::people::find_by_phone(&mut conn, number).await?;
        if let Some(person) = people.first() {
            return Ok(Some(person.id));
        }
        Ok(store::customer_of_order_phone(&mut conn, number).await?)
    }

    async fn next_step(&self, call: &mut CallRow, step: CallStep) -> Result<PhoneReply> {
        let policy = self.policy().phone.clone();
        let lang = Lang::from_tag(&call.language);
        match step {
            CallStep::Start { .. } => Ok(self.unknown_call()),
            CallStep::Language { attempt, digits } => {
                match policy.choose_language(&digits, attempt) {
                    MenuAnswer::Chosen(lang) => self.after_language(call, lang).await,
                    MenuAnswer::Again => Ok(self.language_menu(attempt + 1)),
                    MenuAnswer::GiveUp | MenuAnswer::Voicemail => {
                        self.after_language(call, policy.first_language()).await
                    }
                }
            }
            CallStep::Topic { attempt, digits } => match policy.choose_topic(&digits, attempt) {
                MenuAnswer::Chosen(topic) => {
                    choose_topic(call, topic);
                    if topic.asks_order() {
                        return Ok(self.order_question(lang));
                    }
                    self.queue(call, Vec::new()).await
                }
                MenuAnswer::Voicemail => {
                    add_path(call, "voicemail");
                    Ok(self.voicemail(lang, None))
                }
                MenuAnswer::Again => {
                    let mut verbs = vec![Verb::Say(
                        lang,
                        tr!(lang, "phone-not-understood").to_string(),
                    )];
                    verbs.extend(self.topic_menu(lang, attempt + 1));
                    Ok(PhoneReply::of(verbs))
                }
                MenuAnswer::GiveUp => {
                    choose_topic(call, PhoneTopic::Other);
                    self.queue(call, Vec::new()).await
                }
            },
            CallStep::Order { digits } => {
                let said = self.match_order(call, &digits, lang).await?;
                self.queue(call, said).await
            }
            CallStep::Wait {
                position,
                queue_seconds,
            } => self.waiting(call, position, queue_seconds).await,
            CallStep::WaitChoice { digits } => Ok(match digits.trim() {
                "1" => {
                    call.leave_reason = Some("callback".into());
                    PhoneReply::of(vec![Verb::Leave])
                }
                "2" => {
                    call.leave_reason = Some("voicemail".into());
                    PhoneReply::of(vec![Verb::Leave])
                }
                _ => PhoneReply::of(vec![Verb::Say(
                    lang,
                    tr!(lang, "phone-not-understood").to_string(),
                )]),
            }),
            CallStep::Queued {
                result,
                queue_seconds,
            } => {
                call.wait_seconds = Some(i64::from(queue_seconds));
                self.left_queue(call, &result).await
            }
            CallStep::Dialed { status } => {
                if matches!(status.as_str(), "completed" | "answered") {
                    call.outcome = CallOutcome::Answered.name().into();
                    return Ok(PhoneReply::of(vec![Verb::Hangup]));
                }
                if self.policy().contact.phone_forward_to.is_some() {
                    return Ok(self.voicemail(lang, None));
                }
                // The agent rung did not answer: the queue, without ringing again.
                call.leave_reason = Some("agent_missed".into());
                add_path(call, "missed");
                self.queue(call, Vec::new()).await
            }
            CallStep::Recorded { url, seconds } => self.recorded(call, url, seconds).await,
            CallStep::Transcribed { text, completed } => {
                if completed && !text.trim().is_empty() && call.transcription.is_none() {
                    let text: String = text.trim().chars().take(10_000).collect();
                    call.transcription = Some(text.clone());
                    if let Some(ticket) = call.ticket_id {
                        self.add_transcription(ticket, &text).await?;
                    }
                }
                Ok(PhoneReply::default())
            }
            CallStep::Ended => {
                if call.outcome == CallOutcome::InProgress.name() {
                    if call.queued_at.is_some() {
                        // Gone from the queue without its action said so.
                        call.outcome = CallOutcome::Abandoned.name().into();
                        self.call_ticket(call, CallTicket::Callback { abandoned: true })
                            .await?;
                    } else {
                        call.outcome = CallOutcome::HungUp.name().into();
                    }
                }
                Ok(PhoneReply::default())
            }
        }
    }

    /// A webhook URL of the next step.
    fn step_url(&self, step: &str, query: &str) -> String {
        format!(
            "{}/webhooks/twilio/voice/{step}{query}",
            self.settings.public_url.trim_end_matches('/')
        )
    }

    /// Each language's option in its own words; missing or wrong keys
    /// come back with the next attempt.
    fn language_menu(&self, attempt: u32) -> PhoneReply {
        let policy = &self.policy().phone;
        let first = policy.first_language();
        let opening = if attempt <= 1 {
            tr!(first, "phone-welcome", shop = self.spoken_shop_name()).to_string()
        } else {
            tr!(first, "phone-not-understood").to_string()
        };
        let mut say = vec![(first, opening)];
        for (key, lang) in policy.language_menu() {
            say.push((
                lang,
                tr!(lang, "phone-language-option", key = key).to_string(),
            ));
        }
        let url = self.step_url("language", &format!("?attempt={attempt}"));
        PhoneReply::of(vec![
            Verb::Gather {
                action: url.clone(),
                one_key: true,
                timeout_seconds: 6,
                say,
            },
            Verb::Redirect(url),
        ])
    }

    /// The greeting with the hours; then the topics while people are at
    /// work, or the voicemail while they are away.
    async fn after_language(&self, call: &mut CallRow, lang: Lang) -> Result<PhoneReply> {
        call.language = lang.code().to_owned();
        add_path(call, &format!("language:{}", lang.code()));
        let greeting = self.hours_greeting(lang, call.team_id).await?;
        if !greeting.open {
            add_path(call, "closed");
            return Ok(self.voicemail(lang, Some(greeting.text)));
        }
        let mut verbs = vec![Verb::Say(lang, greeting.text)];
        verbs.extend(self.topic_menu(lang, 1));
        Ok(PhoneReply::of(verbs))
    }

    fn topic_menu(&self, lang: Lang, attempt: u32) -> Vec<Verb> {
        let policy = &self.policy().phone;
        let mut say: Vec<(Lang, String)> = policy
            .topic_menu()
            .into_iter()
            .map(|(key, topic)| {
                let words = match topic {
                    PhoneTopic::Orders => tr!(lang, "phone-topic-orders", key = key),
                    PhoneTopic::Returns => tr!(lang, "phone-topic-returns", key = key),
                    PhoneTopic::Payments => tr!(lang, "phone-topic-payments", key = key),
                    PhoneTopic::Account => tr!(lang, "phone-topic-account", key = key),
                    PhoneTopic::Selling => tr!(lang, "phone-topic-selling", key = key),
                    PhoneTopic::Other => tr!(lang, "phone-topic-other", key = key),
                };
                (lang, words.to_string())
            })
            .collect();
        if policy.voicemail_key != 0 {
            say.push((
                lang,
                tr!(lang, "phone-voicemail-option", key = policy.voicemail_key).to_string(),
            ));
        }
        let url = self.step_url("topic", &format!("?attempt={attempt}"));
        vec![
            Verb::Gather {
                action: url.clone(),
                one_key: true,
                timeout_seconds: 6,
                say,
            },
            Verb::Redirect(url),
        ]
    }

    fn order_question(&self, lang: Lang) -> PhoneReply {
        let url = self.step_url("order", "");
        PhoneReply::of(vec![
            Verb::Gather {
                action: url.clone(),
                one_key: false,
                timeout_seconds: 8,
                say: vec![(lang, tr!(lang, "phone-order-ask").to_string())],
            },
            // No keys at all: on without an order.
            Verb::Redirect(format!("{url}?skipped=1")),
        ])
    }

    /// Matches typed digits to an order (the caller's own first) and says
    /// whether it was found.
    async fn match_order(&self, call: &mut CallRow, keys: &str, lang: Lang) -> Result<Vec<Verb>> {
        let Some(digits) = entered_order_digits(keys) else {
            return Ok(Vec::new());
        };
        let orders = {
            let mut conn = self.store.reader().await?;
            commerce::find_orders_by_digits(&mut conn, &digits).await?
        };
        let order = orders
            .iter()
            .find(|o| Some(o.customer_id) == call.person_id)
            .or(orders.first());
        let Some(order) = order else {
            add_path(call, "order:?");
            return Ok(vec![Verb::Say(
                lang,
                tr!(lang, "phone-order-not-found").to_string(),
            )]);
        };
        add_path(call, &format!("order:{}", order.number));
        call.order_id = Some(order.id);
        if call.person_id.is_none() {
            call.person_id = Some(order.customer_id);
        }
        Ok(vec![Verb::Say(
            lang,
            tr!(lang, "phone-order-found", number = spaced(&order.number)).to_string(),
        )])
    }

    /// To a person: put through to `contact.phone_forward_to` when the
    /// shop takes calls there; else rung through to the online agent with
    /// the skills for the call (its language and topic), room for a call
    /// and a phone number; else into the queue of its language and topic.
    async fn queue(&self, call: &mut CallRow, mut verbs: Vec<Verb>) -> Result<PhoneReply> {
        let lang = Lang::from_tag(&call.language);
        let topic = call
            .topic
            .as_deref()
            .and_then(PhoneTopic::parse)
            .unwrap_or(PhoneTopic::Other);
        if self.policy().contact.phone_forward_to.is_none()
            && call.leave_reason.as_deref() != Some("agent_missed")
            && let Some((agent, number)) = self
                .agent_for_call(lang.code(), Some(topic.intent()), call.team_id)
                .await?
        {
            add_path(call, &format!("agent:{agent}"));
            verbs.push(Verb::Say(lang, tr!(lang, "phone-connecting").to_string()));
            verbs.push(Verb::Dial {
                number,
                action: self.step_url("dialed", ""),
            });
            return Ok(PhoneReply::of(verbs));
        }
        Ok(self.enqueue(call, verbs, lang, topic))
    }

    fn enqueue(
        &self,
        call: &mut CallRow,
        mut verbs: Vec<Verb>,
        lang: Lang,
        topic: PhoneTopic,
    ) -> PhoneReply {
        if let Some(number) = &self.policy().contact.phone_forward_to {
            verbs.push(Verb::Say(lang, tr!(lang, "phone-connecting").to_string()));
            verbs.push(Verb::Dial {
                number: number.clone(),
                action: self.step_url("dialed", ""),
            });
            return PhoneReply::of(verbs);
        }
        call.queued_at = Some(now_ms());
        add_path(call, "queue");
        verbs.push(Verb::Enqueue {
            queue: menu::queue_name(lang, topic),
            wait_url: self.step_url("wait", ""),
            action: self.step_url("queued", ""),
        });
        PhoneReply::of(verbs)
    }

    /// While the caller waits: the position and the expected wait, and the
    /// keys to be called back or leave a voicemail; past the longest wait,
    /// out of the queue to the voicemail.
    async fn waiting(&self, call: &mut CallRow, position: u32, waited: u32) -> Result<PhoneReply> {
        let policy = &self.policy().phone;
        let lang = Lang::from_tag(&call.language);
        if waited >= policy.max_wait_seconds {
            call.leave_reason = Some("waited_too_long".into());
            return Ok(PhoneReply::of(vec![Verb::Leave]));
        }
        let recent = {
            let mut conn = self.store.reader().await?;
            store::average_answered_wait(&mut conn, now_ms() - super::DAY_MS).await?
        };
        let minutes = menu::estimated_wait_minutes(
            position,
            recent.and_then(|s| u32::try_from(s).ok()),
            policy.default_wait_seconds,
        );
        Ok(PhoneReply::of(vec![Verb::Gather {
            action: self.step_url("wait-choice", ""),
            one_key: true,
            timeout_seconds: 15,
            say: vec![
                (
                    lang,
                    tr!(
                        lang,
                        "phone-queue-position",
                        position = position.max(1),
                        minutes = minutes
                    )
                    .to_string(),
                ),
                (lang, tr!(lang, "phone-queue-options").to_string()),
            ],
        }]))
    }

    /// The caller is out of the queue: taken by a person, gone (a callback
    /// task), asking for a callback, or on to the voicemail.
    async fn left_queue(&self, call: &mut CallRow, result: &str) -> Result<PhoneReply> {
        let lang = Lang::from_tag(&call.language);
        match result {
            "bridged" => {
                call.outcome = CallOutcome::Answered.name().into();
                Ok(PhoneReply::of(vec![Verb::Hangup]))
            }
            "hangup" => {
                call.outcome = CallOutcome::Abandoned.name().into();
                add_path(call, "hung up");
                self.call_ticket(call, CallTicket::Callback { abandoned: true })
                    .await?;
                Ok(PhoneReply::default())
            }
            "leave" if call.leave_reason.as_deref() == Some("callback") => {
                call.outcome = CallOutcome::Callback.name().into();
                add_path(call, "callback");
                let reference = self
                    .call_ticket(call, CallTicket::Callback { abandoned: false })
                    .await?;
                Ok(say_and_hang_up(
                    lang,
                    tr!(lang, "phone-callback-confirmed", reference = reference),
                ))
            }
            _ => {
                let sorry = (call.leave_reason.as_deref() == Some("waited_too_long"))
                    .then(|| tr!(lang, "phone-waited-too-long").to_string());
                add_path(call, "voicemail");
                Ok(self.voicemail(lang, sorry))
            }
        }
    }

    /// The voicemail: what is said first, the prompt, the recording; no
    /// recording at all goes on as an empty one (a callback task).
    fn voicemail(&self, lang: Lang, first: Option<String>) -> PhoneReply {
        let mut verbs = Vec::new();
        if let Some(first) = first {
            verbs.push(Verb::Say(lang, first));
        }
        verbs.push(Verb::Say(
            lang,
            tr!(lang, "phone-voicemail-prompt").to_string(),
        ));
        verbs.push(Verb::Record {
            action: self.step_url("recorded", ""),
            transcribe_callback: self.step_url("transcribed", ""),
            max_seconds: self.policy().phone.voicemail_max_seconds,
        });
        verbs.push(Verb::Redirect(self.step_url("recorded", "?empty=1")));
        PhoneReply::of(verbs)
    }

    async fn recorded(
        &self,
        call: &mut CallRow,
        url: Option<String>,
        seconds: u32,
    ) -> Result<PhoneReply> {
        let lang = Lang::from_tag(&call.language);
        let url = url.filter(|u| {
            u.len() <= MAX_URL && (u.starts_with("https://") || u.starts_with("http://"))
        });
        if call.ticket_id.is_some() && call.recording_url.is_some() {
            // Already taken (the provider's action and our own redirect).
            return Ok(PhoneReply::of(vec![Verb::Hangup]));
        }
        match url {
            Some(url) if seconds > 0 => {
                call.recording_url = Some(url);
                call.recording_seconds = Some(i64::from(seconds));
                call.outcome = CallOutcome::Voicemail.name().into();
                let reference = self.call_ticket(call, CallTicket::Voicemail).await?;
                Ok(say_and_hang_up(
                    lang,
                    tr!(lang, "phone-voicemail-thanks", reference = reference),
                ))
            }
            _ => {
                if call.ticket_id.is_none() {
                    call.outcome = CallOutcome::Callback.name().into();
                    self.call_ticket(call, CallTicket::Callback { abandoned: false })
                        .await?;
                }
                Ok(say_and_hang_up(lang, tr!(lang, "phone-voicemail-empty")))
            }
        }
    }
}

/// Says `words` and ends the call.
fn say_and_hang_up(lang: Lang, words: impl std::fmt::Display) -> PhoneReply {
    PhoneReply::of(vec![Verb::Say(lang, words.to_string()), Verb::Hangup])
}

fn choose_topic(call: &mut CallRow, topic: PhoneTopic) {
    call.topic = Some(topic.name().to_owned());
    add_path(call, &format!("topic:{}", topic.name()));
}

fn add_path(call: &mut CallRow, step: &str) {
    if call.path.len() + step.len() < MAX_PATH {
        if !call.path.is_empty() {
            call.path.push(' ');
        }
        call.path.push_str(step);
    }
}

/// An order number read out character by character (`S O 2 4 0 1 0 1`).
fn spaced(number: &str) -> String {
    number
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(String::from)
        .collect::<Vec<_>>()
        .join(" ")
}
