//! The order forms that the portal and the agent's customer sidebar share:
//! the shipping address (shown, prefilled, posted), the lines that may go
//! back, and the return request built from a posted form.

use marketdesk_domain::commerce::{OrderStatus, ReturnReason};
use marketdesk_service::ServiceError;

use crate::errors::error_text;
use crate::i18n::Tr;
use crate::session::Notice;
use marketdesk_service::after_sales::{
    ActionOutcome, Address, NewReturn, Resolution, ReturnLineInput,
};
use marketdesk_service::commerce::OrderDetail;

/// Return reasons with their UI keys, in the order the form lists them.
pub const REASONS: &[(&str, &str)] = &[
    ("too_small", "reason-too-small"),
    ("too_large", "reason-too-large"),
    ("not_as_described", "reason-not-as-described"),
    ("wrong_item", "reason-wrong-item"),
    ("damaged", "reason-damaged"),
    ("defective", "reason-defective"),
    ("changed_mind", "reason-changed-mind"),
    ("other", "reason-other"),
];

/// The address fields a form shows and posts.
#[derive(Default)]
pub struct AddressForm {
    pub name: String,
    pub line1: String,
    pub city: String,
    pub postal_code: String,
    pub country: String,
}

impl AddressForm {
    /// The fields of an order's stored shipping address.
    pub fn of(address: &serde_json::Value) -> Self {
        let text = |k: &str| address[k].as_str().unwrap_or_default().to_string();
        AddressForm {
            name: text("name"),
            line1: text("line1"),
            city: text("city"),
            postal_code: text("postal_code"),
            country: text("country"),
        }
    }

    /// The fields of a posted form.
    pub fn posted(form: &[(String, String)]) -> Self {
        let text = |k: &str| field(form, k).to_string();
        AddressForm {
            name: text("name"),
            line1: text("line1"),
            city: text("city"),
            postal_code: text("postal_code"),
            country: text("country"),
        }
    }

    /// One line: "Ana Ruiz, Calle Mayor 1, 28013 Madrid, ES".
    pub fn one_line(&self) -> String {
        [
            self.name.clone(),
            self.line1.clone(),
            format!("{} {}", self.postal_code, self.city),
            self.country.clone(),
        ]
        .into_iter()
        .filter(|s| !s.trim().is_empty())
        .collect::<Vec<_>>()
        .join(", ")
    }

    pub fn into_address(self) -> Address {
        Address {
            name: self.name,
            line1: self.line1,
            line2: None,
            city: self.city,
            region: None,
            postal_code: self.postal_code,
            country: self.country,
        }
    }
}

/// The lines of a delivered order that may be returned (final sale stays).
pub fn returnable_lines(detail: &OrderDetail) -> Vec<(i64, String)> {
    if !matches!(
        detail.order.status,
        OrderStatus::Delivered | OrderStatus::Completed
    ) {
        return Vec::new();
    }
    detail
        .lines
        .iter()
        .filter(|l| !l.final_sale)
        .map(|l| (l.id, l.title.clone()))
        .collect()
}

/// A refund-return of one unit of each checked `line`, for the posted reason.
pub fn return_request(form: &[(String, String)], ticket_id: Option<i64>) -> NewReturn {
    let lines = form
        .iter()
        .filter(|(k, _)| k == "line")
        .filter_map(|(_, v)| v.parse().ok())
        .map(|line_id| ReturnLineInput {
            line_id,
            quantity: 1,
        })
        .collect();
    // Refund by default; an exchange names what the customer wants instead
    // (a size or colour, in their words), store credit needs nothing more.
    let wanted = field(form, "exchange_for").trim();
    let resolution = match field(form, "resolution") {
        "exchange" => Resolution::Exchange,
        "store_credit" => Resolution::StoreCredit,
        _ => Resolution::Refund,
    };
    NewReturn {
        lines,
        reason: ReturnReason::parse(field(form, "reason")).unwrap_or(ReturnReason::Other),
        exchange_variant: (resolution == Resolution::Exchange && !wanted.is_empty()).then(|| {
            let mut variant = serde_json::Map::new();
            variant.insert("wanted".into(), serde_json::Value::from(wanted));
            variant
        }),
        resolution,
        method: None,
        note: None,
        ticket_id,
    }
}

/// The value of `name` in a posted form (the first one).
pub fn field<'a>(form: &'a [(String, String)], name: &str) -> &'a str {
    form.iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .unwrap_or_default()
}

/// What to tell the person after an order action: its message or the refusal.
pub fn outcome_notice(t: Tr, result: Result<ActionOutcome, ServiceError>) -> Notice {
    match result {
        Ok(outcome) => Notice::done(outcome.message),
        Err(err) => Notice::error(error_text(t, &err)),
    }
}

/// The order's chargebacks in sentences (see `ChargebackView::explain`).
pub fn chargeback_lines(t: Tr, detail: &OrderDetail) -> Vec<String> {
    detail
        .chargebacks
        .iter()
        .map(|c| c.explain(&detail.order.number, t.lang))
        .collect()
}

/// The order's changes that cost more, in sentences: what, what it costs,
/// where it stands (a replaced request is left out).
pub fn pending_lines(t: Tr, detail: &OrderDetail) -> Vec<String> {
    use marketdesk_domain::orders::PendingChangeState;
    detail
        .pending_changes
        .iter()
        .filter(|c| c.state != PendingChangeState::Replaced)
        .map(|c| {
            let described = c
                .attributes
                .as_object()
                .map(|a| {
                    a.values()
                        .filter_map(|v| v.as_str())
                        .collect::<Vec<_>>()
                        .join(" / ")
                })
                .unwrap_or_default();
            t.with(
                "order-pending-change",
                &[
                    ("quantity", c.quantity.into()),
                    ("title", c.title.as_str().into()),
                    ("described", described.into()),
                    (
                        "amount",
                        crate::format::money(c.amount_due_minor, &c.currency, t.lang).into(),
                    ),
                    (
                        "state",
                        t.s(&format!("order-pending-state-{}", c.state.as_str()))
                            .into(),
                    ),
                ],
            )
        })
        .collect()
}
