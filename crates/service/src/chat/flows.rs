//! The assistant's flows beyond tracking, address changes and returns:
//! cancel an order, refund status, reschedule a delivery, explain the
//! discounts of an order, open a dispute, get back into the account — and
//! the one-question satisfaction survey after each automated answer.
//!
//! Every flow runs after the order is verified (order number + email) and
//! acts through the same services, under the same policies, as the portal
//! and the agents; anything that changes the order is confirmed first.

use marketdesk_domain::access::Viewer;
use marketdesk_domain::orders::{OrderChange, check_change};
use marketdesk_messages::tr;
use marketdesk_store::chat::ChatSession;
use serde_json::Value;

use super::state::{ChatStep, lang_of, offer_lines, set, set_step, state_str, tried, yes};
use crate::after_sales::{CancelOrder, ChangeVariant, Reschedule};
use crate::commerce::OrderDetail;
use crate::{Result, ServiceError, Services};

/// A rating of 1 to 5 in a message ("4", "4/5", "５"), if that is all it says.
pub(super) fn rating(text: &str) -> Option<u8> {
    let t: String = text
        .trim()
        .chars()
        .map(|c| match c {
            '１'..='５' => char::from_u32(c as u32 - '１' as u32 + '1' as u32).unwrap_or(c),
            c => c,
        })
        .collect();
    let t = t
        .trim_end_matches("/5")
        .trim_end_matches(['.', '。', '!', '！']);
    match t.parse::<u8>() {
        Ok(n @ 1..=5) => Some(n),
        _ => None,
    }
}

/// Ends an automated answer with the satisfaction question; the next
/// message, if it is a rating, is recorded for the self-service report.
pub(super) fn with_survey(s: &mut ChatSession, mut replies: Vec<String>) -> Vec<String> {
    let question = tr!(lang_of(s), "chat-did-solve-rate-from-not").to_string();
    match replies.last_mut() {
        Some(last) => {
            last.push('\n');
            last.push_str(&question);
        }
        None => replies.push(question),
    }
    set_step(s, Some(ChatStep::Csat));
    replies
}

/// Records a rating; a bad one offers a person at once.
pub(super) fn record_rating(s: &mut ChatSession, rating: u8) -> Vec<String> {
    set(s, "csat", u64::from(rating));
    set_step(s, None);
    let lang = lang_of(s);
    if rating <= 2 {
        return vec![tr!(lang, "chat-sorry-did-not-help-write").to_string()];
    }
    vec![tr!(lang, "chat-thank-anything-else").to_string()]
}

/// Words that name an item's size or colour, in the three languages.
const SIZE_WORDS: &[&str] = &["size", "talla", "尺码", "尺寸", "码"];
const COLOUR_WORDS: &[&str] = &["colour", "color", "颜色"];

/// Whether a message is about an item's size or colour (not the address).
pub(super) fn about_an_item(text: &str) -> bool {
    let t = text.to_lowercase();
    SIZE_WORDS.iter().chain(COLOUR_WORDS).any(|w| t.contains(w))
}

/// "size M", "talla: 38", "颜色 黑色", or a bare "XL": the attribute and its new value.
pub(super) fn wanted_variant(text: &str) -> Option<(&'static str, String)> {
    let t = text.trim().to_lowercase();
    let found = SIZE_WORDS
        .iter()
        .map(|w| ("size", *w))
        .chain(COLOUR_WORDS.iter().map(|w| ("colour", *w)))
        .find(|(_, w)| t.contains(w));
    let (key, rest) = match found {
        Some((key, word)) => (key, t.replacen(word, " ", 1)),
        // A bare size such as "M", "XL" or "38" — not "yes", "是" or "null".
        None if bare_size(&t) => return Some(("size", t.to_uppercase())),
        None => return None,
    };
    let value: String = rest
        .split(|c: char| c.is_whitespace() || ":：=,，。.".contains(c))
        .filter(|w| {
            !w.is_empty()
                && !["to", "a", "in", "the", "改成", "换成", "改为", "la", "el"].contains(w)
        })
        .collect::<Vec<_>>()
        .join(" ");
    let value = value
        .trim_start_matches(['改', '换', '成', '为'])
        .trim()
        .to_string();
    if value.is_empty() || value.chars().count() > 30 {
        return None;
    }
    // Sizes are written in capitals ("m" → "M"); colours as said.
    Some((
        key,
        if key == "size" {
            value.to_uppercase()
        } else {
            value
        },
    ))
}

/// A size written alone: a number ("38", "9.5", "10/12") or letters such
/// as "S", "M", "XL", "XXL", "3XL".
fn bare_size(t: &str) -> bool {
    let numeric = !t.is_empty()
        && t.len() <= 5
        && t.chars().any(|c| c.is_ascii_digit())
        && t.chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == '/');
    let letters = t.trim_start_matches(|c: char| c.is_ascii_digit());
    let lettered = t.len() <= 4
        && (letters == "m"
            || letters
                .trim_start_matches('x')
                .strip_suffix(['s', 'l'])
                .is_some_and(str::is_empty));
    numeric || lettered
}

/// Today, as the shop's calendar reads it (UTC).
fn today() -> jiff::civil::Date {
    jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date()
}

/// A day from tomorrow to 30 days ahead, as `YYYY-MM-DD`.
fn delivery_day(text: &str) -> Option<String> {
    let date: jiff::civil::Date = text.parse().ok()?;
    let first = today().checked_add(jiff::Span::new().days(1)).ok()?;
    let last = today().checked_add(jiff::Span::new().days(30)).ok()?;
    (first <= date && date <= last).then(|| date.to_string())
}

fn date_again(lang: marketdesk_domain::i18n::Lang) -> String {
    // The example is a day that would be accepted, not one in the past.
    let example = today()
        .checked_add(jiff::Span::new().days(3))
        .map(|d| d.to_string())
        .unwrap_or_default();
    tr!(lang, "chat-date-does-not-work-give", example = example).to_string()
}

/// Ends a flow on the customer's answer to "shall I?": `None` on yes (go
/// ahead), the "nothing changed" reply otherwise.
fn declined(s: &mut ChatSession, answer: &str) -> Option<Vec<String>> {
    set_step(s, None);
    set(s, "flow", Value::Null);
    (!yes(answer)).then(|| vec![tr!(lang_of(s), "chat-ok-nothing-was-changed-2").to_string()])
}

fn money(minor: i64, currency: &str) -> String {
    crate::money_text(minor, currency)
}

impl Services {
    /// Cancellation: refused with the reason and the alternatives once the
    /// order has shipped; otherwise confirmed, then done (money back by itself).
    pub(super) fn cancel_flow(&self, s: &mut ChatSession, detail: &OrderDetail) -> Vec<String> {
        let lang = lang_of(s);
        let o = &detail.order;
        if let Err(refusal) = check_change(o.status, OrderChange::Cancel) {
            set(s, "flow", Value::Null);
            return with_survey(s, vec![refusal.explain(OrderChange::Cancel, lang)]);
        }
        set_step(s, Some(ChatStep::CancelConfirm));
        let total = money(o.total_minor, &o.currency);
        vec![tr!(
            lang,
            "chat-order-total-can-still-be",
            number = o.number,
            total = total
        )]
    }

    pub(super) async fn finish_cancel(
        &self,
        s: &mut ChatSession,
        viewer: &Viewer,
        order_id: i64,
        text: &str,
    ) -> Result<Vec<String>> {
        if let Some(no) = declined(s, text) {
            return Ok(no);
        }
        let input = CancelOrder {
            reason: "cancelled by the customer in the chat".into(),
            lines: None,
            ticket_id: None,
        };
        let reply = match self
            .cancel_order(viewer, &order_id.to_string(), input, None)
            .await
        {
            Ok(outcome) => outcome.message,
            Err(ServiceError::Refused { message, .. }) => message,
            Err(err) => return Err(err),
        };
        Ok(with_survey(s, vec![reply]))
    }

    /// "Change my order": the address or an item's size or colour?
    pub(super) fn change_choice(&self, s: &mut ChatSession) -> Vec<String> {
        set_step(s, Some(ChatStep::ChangeChoice));
        vec![tr!(lang_of(s), "chat-what-would-like-change-delivery").to_string()]
    }

    /// Size or colour of one line, until the order is packed; confirmed first.
    pub(super) fn variant_flow(&self, s: &mut ChatSession, detail: &OrderDetail) -> Vec<String> {
        let lang = lang_of(s);
        if let Err(refusal) = check_change(detail.order.status, OrderChange::Variant) {
            set(s, "flow", Value::Null);
            return with_survey(s, vec![refusal.explain(OrderChange::Variant, lang)]);
        }
        let lines: Vec<_> = detail.lines.iter().filter(|l| l.quantity > 0).collect();
        let list = offer_lines(s, &lines);
        if let [only] = lines.as_slice() {
            set(s, "line", only.id);
            return self.ask_variant_value(s);
        }
        set_step(s, Some(ChatStep::VariantLine));
        vec![format!(
            "{}\n{list}",
            tr!(lang, "chat-which-item-should-change").to_string()
        )]
    }

    pub(super) fn ask_variant_value(&self, s: &mut ChatSession) -> Vec<String> {
        set_step(s, Some(ChatStep::VariantValue));
        vec![tr!(lang_of(s), "chat-what-should-be-example-size").to_string()]
    }

    /// The new value, read back before anything changes.
    pub(super) fn confirm_variant(&self, s: &mut ChatSession, text: &str) -> Vec<String> {
        let lang = lang_of(s);
        let Some((key, value)) = wanted_variant(text) else {
            return self.ask_variant_value(s);
        };
        set(s, "variant_key", key);
        set(s, "variant_value", value.clone());
        set_step(s, Some(ChatStep::VariantConfirm));
        let attribute = match key {
            "size" => tr!(lang, "chat-attribute-size"),
            _ => tr!(lang, "chat-attribute-colour"),
        };
        vec![tr!(
            lang,
            "chat-variant-confirm",
            attribute = attribute,
            value = value
        )]
    }

    pub(super) async fn finish_variant(
        &self,
        s: &mut ChatSession,
        viewer: &Viewer,
        order_id: i64,
        text: &str,
    ) -> Result<Vec<String>> {
        if let Some(no) = declined(s, text) {
            return Ok(no);
        }
        let line_id = s
            .state
            .get("line")
            .and_then(Value::as_i64)
            .unwrap_or_default();
        let mut variant = serde_json::Map::new();
        variant.insert(
            state_str(s, "variant_key").unwrap_or("size").to_string(),
            Value::String(
                state_str(s, "variant_value")
                    .unwrap_or_default()
                    .to_string(),
            ),
        );
        let input = ChangeVariant {
            line_id,
            variant,
            ticket_id: None,
        };
        let reply = match self
            .change_variant(viewer, &order_id.to_string(), input, None)
            .await
        {
            Ok(outcome) => outcome.message,
            Err(ServiceError::Refused { message, .. }) => message,
            // The item does not come in that size or colour: said in the
            // customer's words, and no rating asked for a change not made.
            Err(ServiceError::InvalidField { .. }) => {
                return Ok(vec![
                    tr!(lang_of(s), "chat-variant-not-available").to_string(),
                ]);
            }
            Err(err) => return Err(err),
        };
        Ok(with_survey(s, vec![reply]))
    }

    /// Where the customer's money is: each refund with its state, and the
    /// return it may still be waiting for.
    pub(super) fn refund_status(&self, s: &mut ChatSession, detail: &OrderDetail) -> Vec<String> {
        let lang = lang_of(s);
        set(s, "flow", Value::Null);
        let mut lines = Vec::new();
        // Compensation coupons are not refunds of this order's payment.
        for r in detail.refunds.iter().filter(|r| r.destination != "coupon") {
            let amount = money(r.amount_minor, &r.currency);
            let day = r.created_at.get(..10).unwrap_or(&r.created_at);
            let to_credit = r.destination == "store_credit";
            lines.push(match (r.status.as_str(), to_credit) {
                ("completed", true) => tr!(
                    lang,
                    "chat-amount-was-added-store-credit",
                    amount = amount,
                    day = day
                ),
                ("completed", false) => tr!(
                    lang,
                    "chat-amount-was-refunded-day-original",
                    amount = amount,
                    day = day
                ),
                ("pending_approval", _) => tr!(
                    lang,
                    "chat-refund-amount-asked-day-waiting",
                    amount = amount,
                    day = day
                ),
                _ => tr!(
                    lang,
                    "chat-refund-amount-asked-day-was",
                    amount = amount,
                    day = day
                ),
            });
        }
        for r in &detail.returns {
            if matches!(
                r.status.as_str(),
                "requested" | "label_issued" | "in_transit" | "received" | "inspected"
            ) {
                // The status as the portal names it, in the customer's language.
                let name = marketdesk_messages::text(
                    lang,
                    &format!("status-{}", r.status.as_str().replace('_', "-")),
                );
                let status = match lang {
                    marketdesk_domain::i18n::Lang::Zh => name.to_string(),
                    _ => name.to_lowercase(),
                };
                lines.push(tr!(
                    lang,
                    "chat-return-in-progress",
                    rma = r.rma,
                    status = status
                ));
            }
        }
        if lines.is_empty() {
            lines.push(tr!(
                lang,
                "chat-there-no-refund-order-yet",
                number = detail.order.number
            ));
        }
        with_survey(s, vec![lines.join("\n")])
    }

    /// A new delivery date for a parcel on its way.
    pub(super) fn reschedule_flow(&self, s: &mut ChatSession, detail: &OrderDetail) -> Vec<String> {
        let lang = lang_of(s);
        let on_its_way = detail
            .shipments
            .iter()
            .any(|x| x.delivered_at.is_none() && x.status.as_str() != "delivered");
        if !on_its_way {
            set(s, "flow", Value::Null);
            return with_survey(
                s,
                vec![tr!(lang, "chat-order-has-no-parcel-its").to_string()],
            );
        }
        set_step(s, Some(ChatStep::RescheduleDate));
        vec![tr!(lang, "chat-which-day-suits-write-date").to_string()]
    }

    /// Reads the date back before the carrier is told.
    pub(super) fn confirm_reschedule(&self, s: &mut ChatSession, text: &str) -> Vec<String> {
        let lang = lang_of(s);
        let answer = text.trim().trim_end_matches(['.', '。']);
        let looks_like_a_date = answer.len() == 10
            && answer.chars().enumerate().all(|(i, c)| {
                if i == 4 || i == 7 {
                    c == '-'
                } else {
                    c.is_ascii_digit()
                }
            });
        // "2020-01-01" and "2026-13-45" are asked again, not read back.
        let Some(date) = looks_like_a_date.then(|| delivery_day(answer)).flatten() else {
            return vec![date_again(lang)];
        };
        set(s, "date", date.clone());
        set_step(s, Some(ChatStep::RescheduleConfirm));
        vec![tr!(lang, "chat-will-ask-carrier-deliver-date", date = date)]
    }

    pub(super) async fn finish_reschedule(
        &self,
        s: &mut ChatSession,
        viewer: &Viewer,
        order_id: i64,
        text: &str,
    ) -> Result<Vec<String>> {
        let lang = lang_of(s);
        let date = state_str(s, "date").unwrap_or_default().to_string();
        if let Some(no) = declined(s, text) {
            return Ok(no);
        }
        let input = Reschedule {
            shipment_id: None,
            date: Some(date),
            pickup_point: None,
            ticket_id: None,
        };
        match self
            .reschedule_delivery(viewer, &order_id.to_string(), input, None)
            .await
        {
            Ok(outcome) => Ok(with_survey(s, vec![outcome.message])),
            // A date that is not one, or too far: ask for another.
            Err(ServiceError::Invalid(_) | ServiceError::InvalidField { .. }) => {
                set(s, "flow", "reschedule");
                set_step(s, Some(ChatStep::RescheduleDate));
                Ok(vec![date_again(lang)])
            }
            Err(ServiceError::Refused { message, .. }) => Ok(with_survey(s, vec![message])),
            Err(err) => Err(err),
        }
    }

    /// Each discount of the order with how it was computed, and each offer
    /// or coupon that did not apply with the reason.
    pub(super) async fn discount_flow(
        &self,
        s: &mut ChatSession,
        viewer: &Viewer,
        order_id: i64,
    ) -> Result<Vec<String>> {
        let lang = lang_of(s);
        set(s, "flow", Value::Null);
        let explanation = self
            .explain_discounts(viewer, &order_id.to_string(), Some(lang.code()))
            .await?;
        let currency = explanation.currency.to_string();
        let mut lines = Vec::new();
        for d in &explanation.applied {
            lines.push(format!(
                "✓ {} (−{})",
                d.how,
                money(d.amount_minor, &currency)
            ));
        }
        for n in &explanation.not_applied {
            lines.push(format!("✗ {}", n.message));
        }
        let total = tr!(
            lang,
            "chat-saved-total-paid",
            saved = money(explanation.total_discount_minor, &currency),
            paid = money(explanation.payable_minor, &currency)
        );
        if lines.is_empty() {
            lines.push(tr!(lang, "chat-no-discount-coupon-applied-order").to_string());
        }
        lines.push(total);
        Ok(with_survey(s, vec![lines.join("\n")]))
    }

    /// A dispute is a case between buyer and seller: the customer says what
    /// went wrong, and a case opens on the order (`dispute_flow`).
    pub(super) fn dispute_flow(&self, s: &mut ChatSession) -> Vec<String> {
        set_step(s, Some(ChatStep::DisputeText));
        vec![tr!(lang_of(s), "chat-m-sorry-tell-me-what").to_string()]
    }

    /// Customers sign in with links sent by email, not passwords: the way
    /// back into an account is a new link, sent only to the address on file.
    pub(super) async fn account_access(
        &self,
        s: &mut ChatSession,
        email: Option<String>,
    ) -> Result<Vec<String>> {
        let lang = lang_of(s);
        tried(s, "password");
        let Some(email) = email.or_else(|| state_str(s, "email").map(String::from)) else {
            set(s, "flow", "password");
            set_step(s, Some(ChatStep::PasswordEmail));
            return Ok(vec![tr!(lang, "chat-can-send-sign-link-which").to_string()]);
        };
        set_step(s, None);
        set(s, "flow", Value::Null);
        // The same answer whether or not the address has an account: the
        // chat must not tell strangers who shops here.
        match self.request_magic_link(&email).await {
            Ok(()) | Err(ServiceError::NotFound(_)) => {}
            Err(ServiceError::RateLimited { .. }) => {
                set_step(s, None);
                set(s, "flow", Value::Null);
                return Ok(vec![
                    tr!(lang, "chat-several-sign-links-were-already").to_string(),
                ]);
            }
            Err(ServiceError::Invalid(_) | ServiceError::InvalidField { .. }) => {
                set_step(s, Some(ChatStep::PasswordEmail));
                set(s, "flow", "password");
                return Ok(vec![tr!(lang, "chat-does-not-look-like-email").to_string()]);
            }
            Err(err) => return Err(err),
        }
        Ok(with_survey(
            s,
            vec![tr!(lang, "chat-if-email-has-account-with", email = email)],
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratings_are_a_number_from_one_to_five_and_nothing_else() {
        assert_eq!(rating("4"), Some(4));
        assert_eq!(rating(" 5/5 "), Some(5));
        assert_eq!(rating("１"), Some(1));
        assert_eq!(rating("3."), Some(3));
        assert_eq!(rating("0"), None);
        assert_eq!(rating("6"), None);
        assert_eq!(rating("4 stars but late"), None);
        assert_eq!(rating("SO-240101"), None);
    }

    #[test]
    fn the_wanted_size_or_colour_is_read_in_three_languages() {
        assert_eq!(wanted_variant("size M"), Some(("size", "M".into())));
        assert_eq!(wanted_variant("Talla: 38"), Some(("size", "38".into())));
        assert_eq!(wanted_variant("xl"), Some(("size", "XL".into())));
        assert_eq!(
            wanted_variant("colour to black"),
            Some(("colour", "black".into()))
        );
        assert_eq!(wanted_variant("颜色 黑色"), Some(("colour", "黑色".into())));
        assert_eq!(wanted_variant("尺码换成L"), Some(("size", "L".into())));
        assert_eq!(wanted_variant("I would like something else entirely"), None);
        // A yes, a no or a word is no size.
        for not_a_size in ["yes", "是", "null", "none", "no", "sí"] {
            assert_eq!(wanted_variant(not_a_size), None, "{not_a_size}");
        }
        assert_eq!(wanted_variant("3xl"), Some(("size", "3XL".into())));
        assert_eq!(wanted_variant("9.5"), Some(("size", "9.5".into())));
        assert!(about_an_item("Can I change the size of my order?"));
        assert!(!about_an_item("Can I change my order's address?"));
    }

    #[test]
    fn money_is_written_from_minor_units() {
        assert_eq!(money(4599, "EUR"), "45.99 EUR");
        assert_eq!(money(1200, "JPY"), "1200 JPY");
    }
}
