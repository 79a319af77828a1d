//! Fewer units of an item before packing, in the chat: which item, how
//! many to take off, read back, then cancelled and refunded at once through
//! the cancellation's action path.

use marketdesk_domain::orders::{OrderChange, check_change};
use marketdesk_messages::tr;
use marketdesk_store::chat::ChatSession;
use serde_json::Value;

use super::flows::with_survey;
use super::order_flows::item_number_please;
use super::state::{ChatStep, lang_of, offer_lines, picked_line, set, set_step, yes};
use crate::after_sales::{CancelOrder, LineCancel};
use crate::commerce::OrderDetail;
use crate::{Result, ServiceError, Services, Viewer};

/// Units left on a line (not yet cancelled).
fn left(detail: &OrderDetail, line_id: i64) -> i64 {
    detail
        .lines
        .iter()
        .find(|l| l.id == line_id)
        .map_or(0, |l| l.quantity - l.cancelled_quantity)
}

impl Services {
    /// Starts the flow: refused once packed; otherwise which item.
    pub(super) fn reduce_flow(&self, s: &mut ChatSession, detail: &OrderDetail) -> Vec<String> {
        let lang = lang_of(s);
        if let Err(refusal) = check_change(detail.order.status, OrderChange::Quantity) {
            set(s, "flow", Value::Null);
            return with_survey(s, vec![refusal.explain(OrderChange::Quantity, lang)]);
        }
        let lines: Vec<_> = detail
            .lines
            .iter()
            .filter(|l| l.quantity - l.cancelled_quantity > 0)
            .collect();
        let list = offer_lines(s, &lines);
        if let [only] = lines.as_slice() {
            set(s, "line", only.id);
            return self.ask_units(s, detail);
        }
        set_step(s, Some(ChatStep::ReduceLine));
        vec![format!("{}\n{list}", tr!(lang, "chat-reduce-which-item"))]
    }

    fn ask_units(&self, s: &mut ChatSession, detail: &OrderDetail) -> Vec<String> {
        let line = s
            .state
            .get("line")
            .and_then(Value::as_i64)
            .unwrap_or_default();
        set_step(s, Some(ChatStep::ReduceQuantity));
        vec![tr!(
            lang_of(s),
            "chat-reduce-how-many",
            left = left(detail, line)
        )]
    }

    /// The next answer of the flow (the line, the number, the yes).
    pub(super) async fn continue_reduce(
        &self,
        s: &mut ChatSession,
        step: ChatStep,
        viewer: &Viewer,
        order_id: i64,
        text: &str,
    ) -> Result<Vec<String>> {
        let lang = lang_of(s);
        let detail = self.get_order(viewer, &order_id.to_string()).await?;
        match step {
            ChatStep::ReduceLine => match picked_line(s, text) {
                Some(line) => {
                    set(s, "line", line);
                    Ok(self.ask_units(s, &detail))
                }
                None => Ok(vec![item_number_please(lang)]),
            },
            ChatStep::ReduceQuantity => {
                let line = s
                    .state
                    .get("line")
                    .and_then(Value::as_i64)
                    .unwrap_or_default();
                let most = left(&detail, line);
                let wanted = text
                    .trim()
                    .trim_end_matches(['.', '。'])
                    .parse::<i64>()
                    .ok()
                    .filter(|n| (1..=most).contains(n));
                let Some(units) = wanted else {
                    return Ok(self.ask_units(s, &detail));
                };
                set(s, "units", units);
                // One key per question asked: a second reduction later in the
                // same chat is a new one, not a replay of the first.
                set(s, "reduce_asked_at", crate::now_ms());
                set_step(s, Some(ChatStep::ReduceConfirm));
                let title = detail
                    .lines
                    .iter()
                    .find(|l| l.id == line)
                    .map(|l| l.title.clone())
                    .unwrap_or_default();
                Ok(vec![tr!(
                    lang,
                    "chat-reduce-confirm",
                    units = units,
                    title = title,
                    number = detail.order.number.clone()
                )])
            }
            _ => {
                set_step(s, None);
                set(s, "flow", Value::Null);
                if !yes(text) {
                    return Ok(vec![tr!(lang, "chat-ok-nothing-was-changed-2").to_string()]);
                }
                let line_id = s
                    .state
                    .get("line")
                    .and_then(Value::as_i64)
                    .unwrap_or_default();
                let units = s
                    .state
                    .get("units")
                    .and_then(Value::as_i64)
                    .unwrap_or_default();
                let input = CancelOrder {
                    reason: "fewer items asked in the chat".into(),
                    lines: Some(vec![LineCancel {
                        line_id,
                        quantity: units,
                    }]),
                    ticket_id: None,
                };
                // The chat's key: the same answer twice takes the units off once.
                let asked_at = s
                    .state
                    .get("reduce_asked_at")
                    .and_then(Value::as_i64)
                    .unwrap_or_default();
                let key = format!("chat-{}-reduce-{line_id}-{units}-{asked_at}", s.id);
                let reply = match self
                    .cancel_order(viewer, &order_id.to_string(), input, Some(&key))
                    .await
                {
                    Ok(outcome) => outcome.message,
                    Err(ServiceError::Refused { message, .. }) => message,
                    // Fewer left than asked (another chat took some off).
                    Err(ServiceError::InvalidField { .. }) => {
                        return Ok(vec![tr!(lang, "chat-reduce-not-possible").to_string()]);
                    }
                    Err(err) => return Err(err),
                };
                Ok(with_survey(s, vec![reply]))
            }
        }
    }
}
