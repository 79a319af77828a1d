//! The conversation engine: each message understood (intent, entities,
//! sentiment), the customer verified by order number + email before anything
//! is shown or changed, the tracking, address and return flows, answers from
//! the help center, and the hand-over to a person with the transcript.

use marketdesk_messages::tr;
use std::net::IpAddr;

use marketdesk_assistant::{EntityKind, Sentiment, analyze, detect_language};
use marketdesk_domain::Channel;
use marketdesk_domain::chat_answers::leaves_the_flow;
use marketdesk_domain::commerce::OrderStatus;
use marketdesk_domain::i18n::Lang;
use marketdesk_domain::orders::{OrderChange, check_change};
use marketdesk_store::chat::{self as store, ChatSession};
use marketdesk_store::{people, requests, tickets as store_tickets};
use serde_json::Value;

use super::flows::{about_an_item, rating, record_rating, with_survey};
use super::order_flows::{
    address_again, address_answer, forget_flow, item_number_please, pick_reason, reason_name,
    reasons_question,
};
use super::seller_flows::{about_a_chargeback, about_a_payout, is_seller_flow};
use super::state::{
    ChatStep, Verification, current_step, customer_viewer, forget_identity, lang_of, offer_lines,
    picked_line, set, set_step, state_str, tried, yes,
};
use super::views::{ChatLine, ChatStart};
use crate::kernel::auth::{hash_secret, new_secret};
use crate::kernel::limits;
use crate::tickets::NewMessage;
use crate::{Recovery, Result, ServiceError, Services, now_ms};

impl Services {
    /// Opens a chat in `language` (`en`, `zh-CN`, `es`); `client` is the
    /// address it comes from, whose chat starts are limited.
    /// `time_zone`: the customer's, as their browser reports it (kept when
    /// it is one of the tz database): times are told in it.
    pub async fn start_chat(
        &self,
        language: &str,
        time_zone: Option<&str>,
        client: Option<IpAddr>,
    ) -> Result<ChatStart> {
        if let Some(client) = client {
            let key = limits::client_key(client);
            self.take_limit(limits::CHAT_STARTS, &key, Recovery::Wait)
                .await?;
        }
        let lang = Lang::from_tag(language);
        let token = new_secret("mdc_");
        let now = now_ms();
        let mut tx = self.store.begin().await?;
        let mut state = serde_json::json!({});
        if let Some(zone) = time_zone.filter(|z| {
            z.len() <= 64
                && marketdesk_domain::business_hours::Schedule::weekday_time_in(z, now).is_some()
        }) {
            state["time_zone"] = zone.into();
        }
        let id = store::create(&mut tx, &hash_secret(&token), lang.code(), &state, now).await?;
        let greeting = tr!(lang, "chat-hi-m-shop-s-assistant").to_string();
        let message_id = store::add_message(&mut tx, id, "assistant", &greeting, now).await?;
        tx.commit().await?;
        Ok(ChatStart {
            token,
            messages: vec![ChatLine {
                id: message_id,
                sender: "assistant".into(),
                body: greeting,
                choices: vec![],
            }],
        })
    }

    pub(super) async fn chat_session(&self, token: &str) -> Result<ChatSession> {
        let mut conn = self.store.reader().await?;
        store::by_token(&mut conn, &hash_secret(token))
            .await?
            .ok_or(ServiceError::Unauthenticated)
    }

    /// The chat's messages after `after` (relaying an agent's new replies first).
    pub async fn chat_messages(&self, token: &str, after: i64) -> Result<Vec<ChatLine>> {
        let mut session = self.chat_session(token).await?;
        self.relay_agent_replies(&mut session).await?;
        self.ask_about_signals(&mut session).await?;
        let mut conn = self.store.reader().await?;
        Ok(store::messages(&mut conn, session.id, after)
            .await?
            .into_iter()
            .map(|m| ChatLine {
                id: m.id,
                sender: m.sender,
                body: m.body,
                choices: m.choices,
            })
            .collect())
    }

    /// Copies the agent's public replies on the hand-over ticket into the
    /// chat, each once: reads first, and writes only when there is one.
    async fn relay_agent_replies(&self, session: &mut ChatSession) -> Result<()> {
        let Some(ticket_id) = session.ticket_id else {
            return Ok(());
        };
        // Everything before the hand-over's own messages is not for relaying.
        let from = session
            .state
            .get("relayed")
            .and_then(Value::as_i64)
            .unwrap_or(0);
        let replies = {
            let mut conn = self.store.reader().await?;
            let last = store::last_relayed(&mut conn, session.id).await?.max(from);
            let mut replies = Vec::new();
            for m in store_tickets::messages(&mut conn, ticket_id, false)
                .await?
                .into_iter()
                .filter(|m| m.id > last)
            {
                let from_staff = match m.author_id {
                    Some(author) => people::get(&mut conn, author)
                        .await?
                        .is_some_and(|p| p.role.is_staff()),
                    None => false,
                };
                if from_staff {
                    // The files an agent sends, as links the chat can open.
                    let files = store_tickets::attachments_of_message(&mut conn, m.id).await?;
                    let mut body = m.body_text.clone();
                    for file in files {
                        body.push_str(&format!("\n📎 {}: /chat/files/{}", file.filename, file.id));
                    }
                    replies.push((m.id, body));
                }
            }
            replies
        };
        if replies.is_empty() {
            return Ok(());
        }
        let mut tx = self.store.begin().await?;
        for (source, body) in replies {
            store::relay_message(&mut tx, session.id, source, &body, now_ms()).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The customer writes from `client`; the assistant answers (one or more lines).
    pub async fn chat_send(
        &self,
        token: &str,
        text: &str,
        client: Option<IpAddr>,
    ) -> Result<Vec<ChatLine>> {
        let text = marketdesk_domain::text::required_text("text", text, 4000)?;
        // A link reported as unsafe never reaches the agent who reads the chat.
        let (text, _) = self.without_reported_links(&text).await?;
        let mut session = self.chat_session(token).await?;
        self.take_limit(limits::CHAT_LINES, &session.id.to_string(), Recovery::Wait)
            .await?;
        let now = now_ms();
        let first_id = {
            let mut tx = self.store.begin().await?;
            let id = store::add_message(&mut tx, session.id, "customer", &text, now).await?;
            tx.commit().await?;
            id
        };
        let replies = if session.ticket_id.is_some() {
            self.forward_to_ticket(&session, &text).await?;
            Vec::new()
        } else {
            // What the actions answer is in the chat's language.
            let lang = lang_of(&session);
            let mut replies = crate::kernel::conversation::in_language(
                lang,
                self.converse(&mut session, &text, client),
            )
            .await?;
            // A queued request starts once the one before needs nothing more.
            while let Some(next) = super::requests::next_request(&mut session) {
                let lang = lang_of(&session);
                replies.push(tr!(lang, "chat-next-request", request = next.clone()).to_string());
                replies.extend(
                    crate::kernel::conversation::in_language(
                        lang,
                        self.converse(&mut session, &next, client),
                    )
                    .await?,
                );
            }
            replies
        };
        // A question with buttons leaves its answers in the state: they go
        // with the last line.
        let choices: Vec<String> = session
            .state
            .as_object_mut()
            .and_then(|state| state.remove("choices"))
            .and_then(|c| serde_json::from_value(c).ok())
            .unwrap_or_default();
        let mut tx = self.store.begin().await?;
        for (n, reply) in replies.iter().enumerate() {
            let offered: &[String] = if n + 1 == replies.len() {
                &choices
            } else {
                &[]
            };
            store::add_message_with_choices(
                &mut tx,
                session.id,
                "assistant",
                reply,
                offered,
                now_ms(),
            )
            .await?;
        }
        store::save(&mut tx, &session, now_ms()).await?;
        tx.commit().await?;
        self.chat_messages(token, first_id - 1).await
    }

    async fn forward_to_ticket(&self, session: &ChatSession, text: &str) -> Result<()> {
        let (Some(ticket_id), Some(person_id)) = (session.ticket_id, session.person_id) else {
            return Ok(());
        };
        let viewer = customer_viewer(person_id, None);
        let message = NewMessage {
            email: None,
            cc: None,
            body: text.to_string(),
            html: None,
            kind: None,
            channel: Some(Channel::Chat),
            attachments: vec![],
            status: None,
        };
        self.add_message(&viewer, ticket_id, message).await?;
        Ok(())
    }

    /// Decides the next step of the conversation.
    pub(super) async fn converse(
        &self,
        s: &mut ChatSession,
        text: &str,
        client: Option<IpAddr>,
    ) -> Result<Vec<String>> {
        // The customer may switch language mid-way: follow them.
        // Not on answers to a question (an order number, a postal code), and
        // only when there is enough text to tell.
        let detected = detect_language(text);
        let cjk = text
            .chars()
            .filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
            .count();
        let words = text
            .split_whitespace()
            .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 2)
            .count();
        // Chinese with an English product name ("我想退 Smart Watch S2") is
        // still Chinese: two Han characters keep a Chinese chat Chinese.
        let stays_chinese = s.language.starts_with("zh") && cjk >= 2;
        if current_step(s).is_none()
            && matches!(detected, "en" | "zh" | "es")
            && (cjk >= 2 || words >= 3)
            && !stays_chinese
        {
            s.language = detected.to_string();
        }
        let lang = lang_of(s);
        let prediction = analyze(text);
        let asked = current_step(s);
        let mut order_taken = false;
        for entity in &prediction.entities {
            match entity.kind {
                // An answer to a question (a street, a postal code, a date, a
                // yes) names no new order: the flow keeps its own. Only the
                // order-number question, the rating and the "which one?"
                // question take a new order from what is said.
                EntityKind::OrderNumber
                    if asked.is_some_and(|step| {
                        !matches!(
                            step,
                            ChatStep::OrderNumber | ChatStep::Csat | ChatStep::IntentChoice
                        )
                    }) => {}
                // One message, one order: the first named is the first request's
                // ("cancel SO-1 and tell me where SO-2 is").
                EntityKind::OrderNumber if order_taken => {}
                EntityKind::OrderNumber => {
                    order_taken = true;
                    // Another order than the one verified: nothing is done on
                    // it until it is verified too (with the email given).
                    let same = state_str(s, "order_number")
                        .is_some_and(|known| known.eq_ignore_ascii_case(&entity.value));
                    if !same {
                        s.order_id = None;
                    }
                    set(s, "order_number", entity.value.clone());
                }
                EntityKind::Email => set(s, "email", entity.value.clone()),
                _ => {}
            }
        }
        // Several requests in one message: the first now, the others queued
        // (the order and email of the whole message count for each).
        let first_request;
        let (text, prediction) = match super::requests::queue_the_rest(s, text, asked) {
            Some((first, predicted)) => {
                first_request = first;
                (first_request.as_str(), predicted)
            }
            None => (text, prediction),
        };
        // The answer to "did this solve it?": recorded; anything else is a new message.
        if current_step(s) == Some(ChatStep::Csat) {
            if let Some(score) = rating(text) {
                return Ok(record_rating(s, score));
            }
            // Not solved: a person takes it from here, rather than the same
            // answer again.
            if super::state::no(text) {
                set_step(s, None);
                tried(s, "not_solved");
                return self.hand_over(s, "other").await;
            }
            // Solved: the number is still asked for, once more.
            if yes(text) {
                return Ok(vec![tr!(lang, "chat-glad-rate").to_string()]);
            }
            set_step(s, None);
        } else if current_step(s).is_none() && (yes(text) || super::state::no(text)) {
            // A bare "ok" or "no" with nothing asked starts no errand.
            return Ok(vec![tr!(lang, "chat-ok-anything-else").to_string()]);
        }
        let wants_person = matches!(
            prediction.intent.as_str(),
            "contact_human_agent" | "contact_customer_service" | "complaint"
        );
        // An answer to a question (an email, a street, a date) says nothing
        // about what the customer wants: only a clear request for a person
        // interrupts it.
        let answering = current_step(s).is_some_and(|step| step != ChatStep::Csat);
        // "Never mind", "算了", "déjalo": whatever was being asked is left,
        // with nothing half-kept.
        if leaves_the_flow(text) {
            set_step(s, None);
            forget_flow(s);
            set(s, "next_requests", Value::Null);
            return Ok(vec![
                if answering {
                    tr!(lang, "chat-left-flow")
                } else {
                    tr!(lang, "chat-ok-anything-else")
                }
                .to_string(),
            ]);
        }
        let clear_request = prediction.confidence > 0.9 && prediction.entities.is_empty();
        if (wants_person && (!answering || clear_request))
            || (prediction.sentiment == Sentiment::Negative && !answering)
        {
            tried(s, "handover_asked");
            return self.hand_over(s, &prediction.intent).await;
        }
        if let Some(step) = current_step(s) {
            return self.continue_flow(s, step, text, client).await;
        }
        // Not sure which of two or three errands: ask, with them as buttons.
        if let Some(candidates) = marketdesk_assistant::unsure_between(&prediction)
            && super::unsure::different_errands(&candidates, text)
        {
            return Ok(super::unsure::ask(s, text, &candidates));
        }
        self.start_errand(s, &prediction, text, client).await
    }

    /// Starts what the message asks for: a flow, a help-center answer, or a
    /// person.
    pub(super) async fn start_errand(
        &self,
        s: &mut ChatSession,
        prediction: &marketdesk_assistant::Prediction,
        text: &str,
        client: Option<IpAddr>,
    ) -> Result<Vec<String>> {
        let lang = lang_of(s);
        let flow = match (
            flow_for(&prediction.intent, text),
            prediction.intent.as_str(),
        ) {
            (Some(flow), _) => flow,
            (None, "recover_password") => {
                let email = prediction
                    .entities
                    .iter()
                    .find(|e| e.kind == EntityKind::Email)
                    .map(|e| e.value.clone());
                return self.account_access(s, email).await;
            }
            (None, "greeting") => {
                return Ok(vec![tr!(lang, "chat-hello-how-can-help").to_string()]);
            }
            (None, "thanks") => {
                return Ok(vec![tr!(lang, "chat-re-welcome-anything-else").to_string()]);
            }
            _ if prediction.confidence < 0.2 => {
                s.failures += 1;
                if s.failures >= 2 {
                    tried(s, "not_understood_twice");
                    return self.hand_over(s, &prediction.intent).await;
                }
                return Ok(vec![tr!(lang, "chat-sorry-did-not-get-can").to_string()]);
            }
            (None, other) => {
                // Questions are answered from the help center, with the article linked.
                if let Some(hit) = self
                    .help_search(text, lang)
                    .await
                    .ok()
                    .and_then(|hits| hits.into_iter().next())
                {
                    tried(s, "help_article");
                    let article = self.help_article(&hit.slug, lang).await?;
                    let first = marketdesk_domain::text::required_text(
                        "body",
                        &strip_tags(&article.body_html),
                        100_000,
                    )
                    .unwrap_or_default();
                    let lead: String = first.chars().take(400).collect();
                    return Ok(vec![format!(
                        "{}\n{lead}\n/help/{}",
                        article.title, article.slug
                    )]);
                }
                tried(s, other);
                return self.hand_over(s, other).await;
            }
        };
        set(s, "flow", flow);
        // The errand, for whoever takes the chat if it comes to that.
        set(s, "topic", prediction.intent.as_str());
        tried(s, flow);
        self.ask_for_identity_or_go(s, client).await
    }

    /// Asks for the order number and email unless known; then runs the flow.
    async fn ask_for_identity_or_go(
        &self,
        s: &mut ChatSession,
        client: Option<IpAddr>,
    ) -> Result<Vec<String>> {
        let lang = lang_of(s);
        let seller_flow = state_str(s, "flow").is_some_and(is_seller_flow);
        if seller_flow
            && let (Some(seller), Some(order)) = (
                s.state.get("seller_id").and_then(Value::as_i64),
                s.state.get("sale_order_id").and_then(Value::as_i64),
            )
        {
            return self.run_seller_flow(s, seller, order).await;
        }
        if s.order_id.is_some() && !seller_flow {
            return self.run_flow(s).await;
        }
        if state_str(s, "order_number").is_none() {
            set_step(s, Some(ChatStep::OrderNumber));
            return Ok(vec![if seller_flow {
                tr!(lang, "chat-seller-sale-number").to_string()
            } else {
                tr!(lang, "chat-sure-what-order-number-looks").to_string()
            }]);
        }
        if state_str(s, "email").is_none() {
            set_step(s, Some(ChatStep::Email));
            return Ok(vec![if seller_flow {
                tr!(lang, "chat-seller-account-email").to_string()
            } else {
                tr!(lang, "chat-email-address-ordered-with").to_string()
            }]);
        }
        let (number, email) = (
            state_str(s, "order_number").unwrap_or_default().to_string(),
            state_str(s, "email").unwrap_or_default().to_string(),
        );
        let verified = if seller_flow {
            self.verify_sale(&number, &email, client).await?
        } else {
            self.verify_order(&number, &email, client).await?
        };
        match verified {
            // A seller is verified for their sales only: the chat never
            // acts for them on the buyer's order.
            Verification::Verified { person, order } if seller_flow => {
                set(s, "seller_id", person);
                set(s, "sale_order_id", order);
                self.run_seller_flow(s, person, order).await
            }
            Verification::Verified { person, order } => {
                s.person_id = Some(person);
                s.order_id = Some(order);
                self.run_flow(s).await
            }
            Verification::Limited => {
                forget_identity(s);
                // The owner is never locked out by someone else's guesses:
                // a sign-in link goes to the address on file.
                set(s, "flow", "password");
                set_step(s, Some(ChatStep::PasswordEmail));
                Ok(vec![
                    tr!(lang, "chat-there-were-too-many-failed").to_string(),
                ])
            }
            Verification::Frozen => {
                forget_identity(s);
                set(s, "flow", Value::Null);
                Ok(vec![
                    tr!(lang, "chat-account-frozen-while-review-security").to_string(),
                ])
            }
            Verification::Mismatch => {
                s.failures += 1;
                forget_identity(s);
                if s.failures >= 2 {
                    tried(s, "verification_failed");
                    return self.hand_over(s, "other").await;
                }
                set_step(s, Some(ChatStep::OrderNumber));
                Ok(vec![
                    tr!(lang, "chat-order-number-email-do-not").to_string(),
                ])
            }
        }
    }

    /// Checks an order number and email as every sign-in door does, with the
    /// same shared counters of failures.
    async fn verify_order(
        &self,
        number: &str,
        email: &str,
        client: Option<IpAddr>,
    ) -> Result<Verification> {
        let matched = self.match_order_sign_in(number, email, client).await;
        self.verification(matched).await
    }

    /// A seller's sale: the order number and the email of a seller on it.
    async fn verify_sale(
        &self,
        number: &str,
        email: &str,
        client: Option<IpAddr>,
    ) -> Result<Verification> {
        let matched = self.match_sale_sign_in(number, email, client).await;
        self.verification(matched).await
    }

    async fn verification(
        &self,
        matched: Result<(marketdesk_store::people::PersonRow, i64)>,
    ) -> Result<Verification> {
        match matched {
            Ok((person, order)) => {
                let mut conn = self.store.reader().await?;
                if requests::frozen_at(&mut conn, person.id).await?.is_some() {
                    return Ok(Verification::Frozen);
                }
                Ok(Verification::Verified {
                    person: person.id,
                    order,
                })
            }
            Err(ServiceError::RateLimited { .. }) => Ok(Verification::Limited),
            Err(
                ServiceError::InvalidCredentials
                | ServiceError::Invalid(_)
                | ServiceError::InvalidField { .. },
            ) => Ok(Verification::Mismatch),
            Err(other) => Err(other),
        }
    }

    async fn continue_flow(
        &self,
        s: &mut ChatSession,
        step: ChatStep,
        text: &str,
        client: Option<IpAddr>,
    ) -> Result<Vec<String>> {
        let lang = lang_of(s);
        match step {
            ChatStep::SignalAnswer => self.signal_answer(s, text).await,
            ChatStep::IntentChoice => self.intent_chosen(s, text, client).await,
            ChatStep::OrderNumber => {
                if state_str(s, "order_number").is_none() {
                    let answer = text.trim();
                    // One code with a digit ("SO-240101", "1032"): anything
                    // else is a new request or asked again.
                    let looks_like_a_number = answer.chars().any(|c| c.is_ascii_digit())
                        && answer.chars().count() <= 40
                        && !answer.contains(char::is_whitespace);
                    if !looks_like_a_number {
                        let prediction = analyze(text);
                        if prediction.confidence >= 0.5
                            && !matches!(
                                prediction.intent.as_str(),
                                "greeting" | "thanks" | "other"
                            )
                        {
                            set_step(s, None);
                            forget_flow(s);
                            return self.start_errand(s, &prediction, text, client).await;
                        }
                        return Ok(vec![tr!(lang, "chat-order-number-again").to_string()]);
                    }
                    set(s, "order_number", answer.to_uppercase());
                }
                set_step(s, None);
                self.ask_for_identity_or_go(s, client).await
            }
            ChatStep::Email => {
                if state_str(s, "email").is_none() {
                    // Not an address ("yes", "👍", markup): asked again, and
                    // no failed lookup counted against anyone.
                    let Ok(email) = marketdesk_domain::text::EmailAddress::parse(text) else {
                        return Ok(vec![tr!(lang, "chat-email-again").to_string()]);
                    };
                    set(s, "email", email.as_str());
                }
                set_step(s, None);
                if state_str(s, "flow") == Some("handover") {
                    return self.hand_over(s, "contact_human_agent").await;
                }
                self.ask_for_identity_or_go(s, client).await
            }
            ChatStep::AddressLine1
            | ChatStep::AddressCity
            | ChatStep::AddressPostalCode
            | ChatStep::AddressCountry => match address_answer(step, text) {
                Some(value) => {
                    set(s, step.as_str(), value);
                    self.next_address_question(s)
                }
                // Asked again, in the customer's words: nothing odd is kept.
                None => Ok(vec![address_again(lang, step).to_string()]),
            },
            ChatStep::AddressConfirm => {
                set_step(s, None);
                if !yes(text) {
                    // Declined: the next address change starts from nothing.
                    forget_flow(s);
                    return Ok(vec![tr!(lang, "chat-ok-nothing-was-changed").to_string()]);
                }
                let replies = self.finish_address(s).await?;
                Ok(with_survey(s, replies))
            }
            ChatStep::RescheduleDate => Ok(self.confirm_reschedule(s, text)),
            ChatStep::CancelConfirm | ChatStep::RescheduleConfirm => {
                let (Some(person), Some(order_id)) = (s.person_id, s.order_id) else {
                    set_step(s, None);
                    return Ok(vec![]);
                };
                let viewer = customer_viewer(person, Some(order_id));
                if step == ChatStep::CancelConfirm {
                    self.finish_cancel(s, &viewer, order_id, text).await
                } else {
                    self.finish_reschedule(s, &viewer, order_id, text).await
                }
            }
            ChatStep::ChangeChoice => {
                let t = text.trim().to_lowercase();
                let flow = if t.starts_with('3') || fewer_units(&t) {
                    "reduce"
                } else if t.starts_with('2') || about_an_item(&t) {
                    "variant"
                } else if t.starts_with('1')
                    || ["address", "dirección", "direccion", "地址"]
                        .iter()
                        .any(|w| t.contains(w))
                {
                    "address"
                } else {
                    return Ok(self.change_choice(s));
                };
                set_step(s, None);
                set(s, "flow", flow);
                self.run_flow(s).await
            }
            ChatStep::VariantLine => {
                let pick = picked_line(s, text);
                match pick {
                    Some(line) => {
                        set(s, "line", line);
                        Ok(self.ask_variant_value(s))
                    }
                    None => Ok(vec![item_number_please(lang)]),
                }
            }
            ChatStep::VariantValue => Ok(self.confirm_variant(s, text)),
            ChatStep::ReduceLine | ChatStep::ReduceQuantity | ChatStep::ReduceConfirm => {
                let (Some(person), Some(order_id)) = (s.person_id, s.order_id) else {
                    set_step(s, None);
                    return Ok(vec![]);
                };
                let viewer = customer_viewer(person, Some(order_id));
                self.continue_reduce(s, step, &viewer, order_id, text).await
            }
            ChatStep::VariantConfirm => {
                let (Some(person), Some(order_id)) = (s.person_id, s.order_id) else {
                    set_step(s, None);
                    return Ok(vec![]);
                };
                let viewer = customer_viewer(person, Some(order_id));
                self.finish_variant(s, &viewer, order_id, text).await
            }
            ChatStep::DisputeText => self.open_chat_case(s, text).await,
            ChatStep::DisputeContacted | ChatStep::DisputeInsteadOfReturn => {
                self.answer_case_question(s, step, text).await
            }
            ChatStep::PasswordEmail => {
                let Ok(email) = marketdesk_domain::text::EmailAddress::parse(text) else {
                    return Ok(vec![tr!(lang, "chat-email-again").to_string()]);
                };
                let email = email.as_str().to_string();
                self.account_access(s, Some(email)).await
            }
            ChatStep::ReturnLine => {
                let pick = picked_line(s, text);
                let Some(line) = pick else {
                    return Ok(vec![item_number_please(lang)]);
                };
                set(s, "line", line);
                set_step(s, Some(ChatStep::ReturnReason));
                Ok(vec![reasons_question(lang)])
            }
            ChatStep::ReturnReason => {
                // "yes" or "是的" is no reason: the choices again.
                if yes(text) || super::state::no(text) {
                    return Ok(vec![reasons_question(lang)]);
                }
                let reason = pick_reason(text);
                set(s, "reason", reason.as_str());
                set_step(s, Some(ChatStep::ReturnConfirm));
                Ok(vec![tr!(
                    lang,
                    "chat-will-start-return-item-give",
                    reason = reason_name(reason, lang)
                )])
            }
            ChatStep::ReturnConfirm => {
                set_step(s, None);
                if !yes(text) {
                    set(s, "flow", Value::Null);
                    return Ok(vec![tr!(lang, "chat-ok-no-return-was-started").to_string()]);
                }
                let replies = self.finish_chat_return(s).await?;
                Ok(with_survey(s, replies))
            }
            _ => {
                set_step(s, None);
                Ok(vec![])
            }
        }
    }

    async fn run_flow(&self, s: &mut ChatSession) -> Result<Vec<String>> {
        let lang = lang_of(s);
        let (Some(person), Some(order_id)) = (s.person_id, s.order_id) else {
            return Ok(vec![]);
        };
        let viewer = customer_viewer(person, Some(order_id));
        let detail = self.get_order(&viewer, &order_id.to_string()).await?;
        let flow = state_str(s, "flow").unwrap_or("track").to_string();
        match flow.as_str() {
            "cancel" => Ok(self.cancel_flow(s, &detail)),
            "change" => Ok(self.change_choice(s)),
            "variant" => Ok(self.variant_flow(s, &detail)),
            "reduce" => Ok(self.reduce_flow(s, &detail)),
            "refund" => Ok(self.refund_status(s, &detail)),
            "reschedule" => Ok(self.reschedule_flow(s, &detail)),
            "discount" => self.discount_flow(s, &viewer, order_id).await,
            "dispute" => Ok(self.dispute_flow(s)),
            "address" => {
                if let Err(refusal) = check_change(detail.order.status, OrderChange::Address) {
                    set(s, "flow", Value::Null);
                    return Ok(vec![refusal.explain(OrderChange::Address, lang)]);
                }
                set(
                    s,
                    "address_name",
                    detail.order.shipping_address["name"]
                        .as_str()
                        .unwrap_or_default(),
                );
                self.next_address_question(s)
            }
            "return" => {
                if !matches!(
                    detail.order.status,
                    OrderStatus::Delivered | OrderStatus::Completed
                ) {
                    set(s, "flow", Value::Null);
                    return Ok(vec![
                        tr!(lang, "chat-order-has-not-been-delivered").to_string(),
                    ]);
                }
                let lines: Vec<_> = detail.lines.iter().filter(|l| !l.final_sale).collect();
                if lines.is_empty() {
                    // Nothing to choose from: said, not asked forever.
                    set(s, "flow", Value::Null);
                    return Ok(vec![tr!(lang, "chat-return-all-final-sale").to_string()]);
                }
                let list = offer_lines(s, &lines);
                set_step(s, Some(ChatStep::ReturnLine));
                Ok(vec![format!(
                    "{}\n{list}",
                    tr!(lang, "chat-which-item-would-like-return").to_string()
                )])
            }
            _ => {
                set(s, "flow", Value::Null);
                let status = status_words(detail.order.status, lang);
                let last = detail.shipments.iter().flat_map(|x| x.events.iter()).last();
                let mut reply = tr!(
                    lang,
                    "chat-order-status",
                    number = detail.order.number,
                    status = status
                );
                if let Some(e) = last {
                    reply.push(' ');
                    reply.push_str(&tr!(
                        lang,
                        "chat-latest-scan",
                        day = &e.occurred_at[..10],
                        description = e.description,
                        location = e.location
                    ));
                }
                // Past its estimated delivery it is late, said so with what
                // happens next, never "expected" on a day already gone.
                if let Some(since) = &detail.late_since {
                    reply.push(' ');
                    reply.push_str(&tr!(
                        lang,
                        "order-late",
                        day = since.get(..10).unwrap_or(since)
                    ));
                } else if let Some(eta) = detail
                    .shipments
                    .iter()
                    .find_map(|x| x.estimated_delivery_at.clone())
                {
                    reply.push(' ');
                    reply.push_str(&tr!(lang, "chat-expected-by", day = &eta[..10]));
                }
                Ok(with_survey(s, vec![reply]))
            }
        }
    }
}

/// An order status in words.
/// The flow an intent starts, if it starts one (the message's words decide
/// between a payout and a chargeback, a size change and an address change).
pub(crate) fn flow_for(intent: &str, text: &str) -> Option<&'static str> {
    Some(match intent {
        _ if about_a_chargeback(text) => "chargeback",
        _ if about_a_payout(text) => "payout",
        "seller_payout" => "payout",
        "track_order" | "delivery_period" | "item_not_received" => "track",
        "change_shipping_address" | "set_up_shipping_address" => "address",
        "change_order" if about_an_item(text) => "variant",
        "change_order" => "change",
        "return_item" | "exchange_item" | "wrong_item" | "item_damaged" => "return",
        "cancel_order" | "check_cancellation_fee" => "cancel",
        "get_refund" | "track_refund" => "refund",
        "reschedule_delivery" => "reschedule",
        "promotion_question" => "discount",
        "open_dispute" => "dispute",
        _ => return None,
    })
}

pub(crate) fn status_words(status: OrderStatus, lang: Lang) -> &'static str {
    use OrderStatus::*;
    match status {
        PendingPayment => tr!(lang, "chat-order-state-pending-payment"),
        Paid => tr!(lang, "chat-order-state-paid"),
        Processing => tr!(lang, "chat-order-state-processing"),
        Packed => tr!(lang, "chat-order-state-packed"),
        PartiallyShipped => tr!(lang, "chat-order-state-partially-shipped"),
        Shipped => tr!(lang, "chat-order-state-shipped"),
        Delivered => tr!(lang, "chat-order-state-delivered"),
        Completed => tr!(lang, "chat-order-state-completed"),
        Cancelled => tr!(lang, "chat-order-state-cancelled"),
        OnHold => tr!(lang, "chat-order-state-on-hold"),
    }
}

/// The text of sanitized article HTML (paragraphs become lines).
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.replace("</p>", "\n").chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .trim()
        .to_string()
}

/// "Fewer", "remove one", "quitar", "减少": fewer units of an item.
fn fewer_units(text: &str) -> bool {
    [
        "fewer", "remove", "quantity", "menos", "quitar", "cantidad", "减少", "数量",
    ]
    .iter()
    .any(|w| text.contains(w))
}
