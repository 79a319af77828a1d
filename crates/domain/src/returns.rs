//! Returns: who may send what back until when, and what the warehouse's
//! inspection means for the money.

use std::collections::BTreeMap;

use marketdesk_messages::tr;
use serde::{Deserialize, Serialize};

use crate::i18n::Lang;
use crate::{DAY_MS, Millis};

/// When the refund of a return is paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RefundTrigger {
    OnRequest,
    OnCarrierScan,
    OnReceipt,
    OnInspection,
}

/// A warehouse returns are sent to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Warehouse {
    pub name: String,
    pub line1: String,
    pub city: String,
    pub postal_code: String,
    pub country: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields, default)]
pub struct ReturnPolicy {
    /// Days after delivery a return may be started.
    pub window_days: u32,
    /// Other windows for some categories (`electronics = 15`).
    pub category_window_days: BTreeMap<String, u32>,
    /// Other windows for some destination countries (`DE = 14`).
    pub country_window_days: BTreeMap<String, u32>,
    /// Days a return label stays valid.
    pub label_expiry_days: u32,
    pub refund_trigger: RefundTrigger,
    /// Where returns go, by the customer's country; `default` for the rest.
    pub warehouses: BTreeMap<String, Warehouse>,
}

impl Default for ReturnPolicy {
    fn default() -> Self {
        ReturnPolicy {
            window_days: 30,
            category_window_days: BTreeMap::new(),
            country_window_days: BTreeMap::new(),
            label_expiry_days: 28,
            refund_trigger: RefundTrigger::OnInspection,
            warehouses: BTreeMap::from([
                (
                    "default".to_string(),
                    Warehouse {
                        name: "marketdesk Returns Centre".into(),
                        line1: "Calle de la Logística 12".into(),
                        city: "Madrid".into(),
                        postal_code: "28042".into(),
                        country: "ES".into(),
                    },
                ),
                (
                    "CN".to_string(),
                    Warehouse {
                        name: "marketdesk 退货中心".into(),
                        line1: "浦东新区物流路 88 号".into(),
                        city: "上海".into(),
                        postal_code: "201206".into(),
                        country: "CN".into(),
                    },
                ),
            ]),
        }
    }
}

impl ReturnPolicy {
    /// The window for an item of `category` delivered to `country`: the
    /// shorter of the special windows that apply, else the default.
    pub fn window_for(&self, category: &str, country: &str) -> u32 {
        [
            self.category_window_days.get(category),
            self.country_window_days.get(country),
        ]
        .into_iter()
        .flatten()
        .copied()
        .min()
        .unwrap_or(self.window_days)
    }

    pub fn warehouse_for(&self, country: &str) -> Option<&Warehouse> {
        self.warehouses
            .get(country)
            .or_else(|| self.warehouses.get("default"))
    }
}

/// Why an item cannot be returned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotReturnable {
    NotDelivered,
    WindowClosed { days: u32 },
    FinalSale,
    NothingLeft,
}

impl NotReturnable {
    pub fn code(self) -> &'static str {
        match self {
            NotReturnable::NotDelivered => "return_not_delivered",
            NotReturnable::WindowClosed { .. } => "return_window_closed",
            NotReturnable::FinalSale => "return_final_sale",
            NotReturnable::NothingLeft => "return_nothing_left",
        }
    }

    pub fn explain(self, item: &str, lang: Lang) -> String {
        match self {
            NotReturnable::NotDelivered => tr!(lang, "return-refusal-not-delivered", item = item),
            NotReturnable::WindowClosed { days } => {
                tr!(
                    lang,
                    "return-refusal-window-closed",
                    item = item,
                    days = days
                )
            }
            NotReturnable::FinalSale => tr!(lang, "return-refusal-final-sale", item = item),
            NotReturnable::NothingLeft => tr!(lang, "return-refusal-nothing-left", item = item),
        }
    }
}

/// Whether an item delivered at `delivered_at` may be returned at `now`.
pub fn check_returnable(
    delivered_at: Option<Millis>,
    final_sale: bool,
    window_days: u32,
    now: Millis,
) -> Result<(), NotReturnable> {
    if final_sale {
        return Err(NotReturnable::FinalSale);
    }
    let delivered_at = delivered_at.ok_or(NotReturnable::NotDelivered)?;
    if now > delivered_at + i64::from(window_days) * DAY_MS {
        return Err(NotReturnable::WindowClosed { days: window_days });
    }
    Ok(())
}

/// What the warehouse found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum InspectionOutcome {
    /// Everything as expected: full refund of the returned units.
    Accept,
    /// Some units accepted (the rest damaged by use, missing…).
    Partial,
    /// Nothing refundable; the items go back to the customer.
    Reject,
}

/// The stage a return has reached, in the order it happens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stage {
    Requested,
    Scanned,
    Received,
    Inspected,
}

impl RefundTrigger {
    /// Whether reaching `stage` pays the refund.
    pub fn fires_at(self, stage: Stage) -> bool {
        let needed = match self {
            RefundTrigger::OnRequest => Stage::Requested,
            RefundTrigger::OnCarrierScan => Stage::Scanned,
            RefundTrigger::OnReceipt => Stage::Received,
            RefundTrigger::OnInspection => Stage::Inspected,
        };
        stage >= needed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_from_delivery() {
        let delivered = 1_000 * DAY_MS;
        assert_eq!(
            check_returnable(Some(delivered), false, 30, delivered + 30 * DAY_MS),
            Ok(())
        );
        assert_eq!(
            check_returnable(Some(delivered), false, 30, delivered + 30 * DAY_MS + 1),
            Err(NotReturnable::WindowClosed { days: 30 })
        );
        assert_eq!(
            check_returnable(None, false, 30, delivered),
            Err(NotReturnable::NotDelivered)
        );
        assert_eq!(
            check_returnable(Some(delivered), true, 30, delivered),
            Err(NotReturnable::FinalSale)
        );
    }

    #[test]
    fn special_windows_take_the_shorter() {
        let mut policy = ReturnPolicy::default();
        policy.category_window_days.insert("electronics".into(), 15);
        policy.country_window_days.insert("DE".into(), 14);
        assert_eq!(policy.window_for("apparel", "ES"), 30);
        assert_eq!(policy.window_for("electronics", "ES"), 15);
        assert_eq!(policy.window_for("electronics", "DE"), 14);
        assert_eq!(policy.warehouse_for("CN").unwrap().city, "上海");
        assert_eq!(policy.warehouse_for("MX").unwrap().city, "Madrid");
    }

    #[test]
    fn triggers_fire_at_their_stage_and_after() {
        assert!(RefundTrigger::OnInspection.fires_at(Stage::Inspected));
        assert!(!RefundTrigger::OnInspection.fires_at(Stage::Received));
        assert!(RefundTrigger::OnReceipt.fires_at(Stage::Inspected));
        assert!(RefundTrigger::OnRequest.fires_at(Stage::Requested));
        assert!(!RefundTrigger::OnCarrierScan.fires_at(Stage::Requested));
    }

    #[test]
    fn reasons_are_explained_in_every_language() {
        for reason in [
            NotReturnable::NotDelivered,
            NotReturnable::WindowClosed { days: 30 },
            NotReturnable::FinalSale,
            NotReturnable::NothingLeft,
        ] {
            for lang in Lang::ALL {
                assert!(reason.explain("Tee", *lang).contains("Tee"));
            }
        }
    }
}
