//! The seller's questions in the chat: "my payout never arrived" and "why
//! is there a chargeback on my sale". A seller proves who they are with a
//! sale's order number and their own email (the customers' check, under
//! the same limits); the chat then answers from the payouts and the
//! payment's dispute status, and hands over to a person — with the order
//! linked — when someone must act: a late or failed payout, a chargeback
//! that wants evidence.

use marketdesk_domain::ledger::PayoutStatus;
use marketdesk_domain::payments::ChargebackStatus;
use marketdesk_messages::tr;
use marketdesk_store::chat::ChatSession;
use serde_json::Value;

use super::flows::with_survey;
use super::state::{lang_of, set, state_str};
use crate::kernel::auth::system_viewer;
use crate::{Result, Services};

/// Words that mean a card dispute in the three languages.
const CHARGEBACK_WORDS: &[&str] = &[
    "chargeback",
    "charge back",
    "charge-back",
    "contracargo",
    "retrocargo",
    "拒付",
    "退单",
    "撤单",
];

/// Whether the message is about a chargeback (the taxonomy has no intent
/// of its own for it; the words are unambiguous).
pub(super) fn about_a_chargeback(text: &str) -> bool {
    let t = text.to_lowercase();
    CHARGEBACK_WORDS.iter().any(|w| t.contains(w))
}

/// Words that name a seller's payout (kept beside the intent: "my payout
/// never arrived" also reads like a parcel that never arrived).
const PAYOUT_WORDS: &[&str] = &[
    "payout",
    "pay out",
    "pay-out",
    "liquidación",
    "liquidacion",
    "pago de mis ventas",
    "pago de ventas",
    "结算款",
    "打款",
    "货款",
];

pub(super) fn about_a_payout(text: &str) -> bool {
    let t = text.to_lowercase();
    PAYOUT_WORDS.iter().any(|w| t.contains(w))
}

/// The flows that verify a seller rather than the buyer.
pub(super) fn is_seller_flow(flow: &str) -> bool {
    matches!(flow, "payout" | "chargeback")
}

impl Services {
    /// Runs a seller flow once the seller is verified.
    pub(super) async fn run_seller_flow(
        &self,
        s: &mut ChatSession,
        seller_id: i64,
        order_id: i64,
    ) -> Result<Vec<String>> {
        let lang = lang_of(s);
        let flow = state_str(s, "flow").unwrap_or_default().to_string();
        set(s, "flow", Value::Null);
        let system = system_viewer();
        if flow == "chargeback" {
            let detail = self.get_order(&system, &order_id.to_string()).await?;
            set(s, "sale_order", detail.order.number.clone());
            if detail.chargebacks.is_empty() {
                return Ok(with_survey(
                    s,
                    vec![tr!(lang, "chargeback-none", order = detail.order.number)],
                ));
            }
            let lines: Vec<String> = detail
                .chargebacks
                .iter()
                .map(|c| c.explain(&detail.order.number, lang))
                .collect();
            let wants_evidence = detail.chargebacks.iter().any(|c| c.status.wants_evidence());
            if wants_evidence
                || detail
                    .chargebacks
                    .iter()
                    .any(|c| c.status == ChargebackStatus::Lost)
            {
                // A person gathers the evidence with the seller, on a ticket
                // linked to the order.
                let mut replies = vec![lines.join("\n")];
                replies.extend(self.hand_over(s, "chargeback").await?);
                return Ok(replies);
            }
            return Ok(with_survey(s, vec![lines.join("\n")]));
        }
        // Payouts: the newest three, each with where it stands and what
        // releases a hold.
        let order_number = {
            let detail = self.get_order(&system, &order_id.to_string()).await?;
            detail.order.number
        };
        set(s, "sale_order", order_number);
        let payouts = self.payouts(&system, seller_id, Some(lang.code())).await?;
        if payouts.is_empty() {
            return Ok(with_survey(s, vec![tr!(lang, "payout-none").to_string()]));
        }
        let mut lines = Vec::new();
        let mut needs_person = false;
        for p in payouts.iter().take(3) {
            lines.push(p.explanation.clone());
            for h in &p.holds {
                lines.push(format!("• {}", h.next_step));
            }
            needs_person |= p.late || p.status == PayoutStatus::Failed;
        }
        if needs_person {
            // "We are asking the provider to trace it": a person does, on a
            // ticket with the sale linked.
            let mut replies = vec![lines.join("\n")];
            replies.extend(self.hand_over(s, "seller_payout").await?);
            return Ok(replies);
        }
        Ok(with_survey(s, vec![lines.join("\n")]))
    }
}
