//! The shop's policies as data: read from a TOML file at start, checked, and
//! shown to customers. Every key has a documented default (docs/POLICY.md).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::access::Role;
use crate::business_hours::{BusinessHours, Schedule};
use crate::money::{Currency, Money};
use crate::phone::PhonePolicy;
use crate::promotions::{Benefits, Tier};
use crate::refunds::RefundLimits;
use crate::returns::ReturnPolicy;
use crate::routing::RoutingPolicy;
use crate::sla::SlaPolicy;
use crate::tracking::TrackingThresholds;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Policy {
    pub refunds: RefundPolicy,
    pub shipping: TrackingThresholds,
    pub returns: ReturnPolicy,
    pub shop: ShopIdentity,
    pub membership: MembershipPolicy,
    pub contact: ContactPolicy,
    pub sla: SlaPolicy,
    pub routing: RoutingPolicy,
    pub phone: PhonePolicy,
    pub csat: crate::csat::CsatPolicy,
    pub disputes: crate::disputes::DisputePolicy,
    pub seller_standards: crate::seller_standards::StandardsPolicy,
}

/// How customers reach people, and when people are there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields, default)]
pub struct ContactPolicy {
    pub email: String,
    pub phone: String,
    /// Where a call to the support number goes while people are at work
    /// (E.164, such as `+34910000001`); without it the phone line greets,
    /// tells the hours and the other ways to reach us.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone_forward_to: Option<String>,
    /// When people are at work: the contact page, the chat's "back on
    /// Monday at 09:00", the phone line's greeting.
    pub business_hours: BusinessHours,
}

impl Default for ContactPolicy {
    fn default() -> Self {
        ContactPolicy {
            email: "help@demo.marketdesk.dev".into(),
            phone: "+34 910 000 000".into(),
            phone_forward_to: None,
            business_hours: BusinessHours::default(),
        }
    }
}

impl ContactPolicy {
    /// The business hours to compute with. They were checked when the
    /// policy was loaded; hours that were not (a policy built in code)
    /// and do not hold count as always open in UTC rather than never.
    pub fn schedule(&self) -> Schedule {
        self.business_hours.schedule().unwrap_or_else(|_| {
            BusinessHours::always_open("UTC")
                .schedule()
                .expect("round-the-clock UTC hours are valid")
        })
    }

    /// Whether people are at work at `now` (ms since the epoch).
    pub fn is_open(&self, now: crate::Millis) -> bool {
        self.schedule().is_open(now)
    }
}

/// Membership tiers, lowest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields, default)]
pub struct MembershipPolicy {
    #[schema(value_type = Vec<Object>)]
    pub tiers: Vec<Tier>,
}

impl Default for MembershipPolicy {
    fn default() -> Self {
        let tier =
            |name: &str, min_points, points_per_unit, free_shipping, priority_dispatch| Tier {
                name: name.into(),
                min_points,
                points_per_unit,
                benefits: Benefits {
                    free_shipping,
                    priority_dispatch,
                },
            };
        MembershipPolicy {
            tiers: vec![
                tier("Bronze", 0, 1, false, false),
                tier("Silver", 500, 1, false, false),
                tier("Gold", 2000, 2, true, false),
                tier("Platinum", 5000, 3, true, true),
            ],
        }
    }
}

/// The shop as it appears on invoices.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields, default)]
pub struct ShopIdentity {
    pub name: String,
    pub line1: String,
    pub city: String,
    pub postal_code: String,
    pub country: String,
}

impl Default for ShopIdentity {
    fn default() -> Self {
        ShopIdentity {
            name: "marketdesk demo marketplace S.L.".into(),
            line1: "Calle de Alcalá 100".into(),
            city: "Madrid".into(),
            postal_code: "28009".into(),
            country: "ES".into(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields, default)]
pub struct RefundPolicy {
    /// The most an agent refunds without approval, in the order's currency.
    pub agent_limit: String,
    /// The most a supervisor refunds without approval; above it an admin approves.
    pub supervisor_limit: String,
    /// The most an agent moves without approval in 24 hours, across orders.
    pub agent_daily_limit: String,
    /// The most a supervisor moves without approval in 24 hours, across orders.
    pub supervisor_daily_limit: String,
    /// Limits for particular currencies, overriding the two above.
    pub currency_limits: BTreeMap<String, CurrencyLimits>,
    /// Business days a refund takes to reach the customer's account.
    pub expected_business_days: [u32; 2],
    /// Days store credit stays valid after it is issued; 0: it never expires.
    pub store_credit_valid_days: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CurrencyLimits {
    pub agent: String,
    pub supervisor: String,
    /// Daily totals in this currency; left out, five times the per-order limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent_daily: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supervisor_daily: Option<String>,
}

/// A currency's daily total when the policy names only its per-order limit.
pub const DAILY_LIMIT_MULTIPLE: i64 = 5;

impl Default for RefundPolicy {
    fn default() -> Self {
        RefundPolicy {
            agent_limit: "100.00".into(),
            supervisor_limit: "1000.00".into(),
            agent_daily_limit: "500.00".into(),
            supervisor_daily_limit: "5000.00".into(),
            currency_limits: BTreeMap::from([
                (
                    "JPY".to_string(),
                    CurrencyLimits {
                        agent: "15000".into(),
                        supervisor: "150000".into(),
                        agent_daily: None,
                        supervisor_daily: None,
                    },
                ),
                (
                    "CNY".to_string(),
                    CurrencyLimits {
                        agent: "700.00".into(),
                        supervisor: "7000.00".into(),
                        agent_daily: None,
                        supervisor_daily: None,
                    },
                ),
            ]),
            expected_business_days: [5, 10],
            store_credit_valid_days: 365,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("policy: {key}: {message}")]
pub struct PolicyError {
    pub key: String,
    pub message: String,
}

fn err(key: impl Into<String>, message: impl Into<String>) -> PolicyError {
    PolicyError {
        key: key.into(),
        message: message.into(),
    }
}

impl Policy {
    /// Checks every value, naming the key of the first bad one.
    pub fn validate(&self) -> Result<(), PolicyError> {
        // Limits must parse in every currency they may apply to; EUR stands
        // for the two-decimal currencies.
        let eur = Currency::parse("EUR").map_err(|e| err("refunds", e.to_string()))?;
        let agent = parse_amount("refunds.agent_limit", &self.refunds.agent_limit, eur)?;
        let supervisor = parse_amount(
            "refunds.supervisor_limit",
            &self.refunds.supervisor_limit,
            eur,
        )?;
        if agent > supervisor {
            return Err(err(
                "refunds.agent_limit",
                "must not be above supervisor_limit",
            ));
        }
        let agent_daily = parse_amount(
            "refunds.agent_daily_limit",
            &self.refunds.agent_daily_limit,
            eur,
        )?;
        let supervisor_daily = parse_amount(
            "refunds.supervisor_daily_limit",
            &self.refunds.supervisor_daily_limit,
            eur,
        )?;
        if agent_daily < agent {
            return Err(err(
                "refunds.agent_daily_limit",
                "must not be below agent_limit",
            ));
        }
        if supervisor_daily < supervisor {
            return Err(err(
                "refunds.supervisor_daily_limit",
                "must not be below supervisor_limit",
            ));
        }
        for (code, limits) in &self.refunds.currency_limits {
            let key = format!("refunds.currency_limits.{code}");
            let currency = Currency::parse(code).map_err(|e| err(&key, e.to_string()))?;
            let a = parse_amount(&format!("{key}.agent"), &limits.agent, currency)?;
            let s = parse_amount(&format!("{key}.supervisor"), &limits.supervisor, currency)?;
            if a > s {
                return Err(err(format!("{key}.agent"), "must not be above supervisor"));
            }
            for (name, daily, per_order) in [
                ("agent_daily", &limits.agent_daily, a),
                ("supervisor_daily", &limits.supervisor_daily, s),
            ] {
                if let Some(daily) = daily {
                    let key = format!("{key}.{name}");
                    if parse_amount(&key, daily, currency)? < per_order {
                        return Err(err(key, "must not be below the per-order limit"));
                    }
                }
            }
        }
        if let Some((key, message)) = self.sla.problem() {
            return Err(err(key, message));
        }
        if self.routing.away_after_minutes > 24 * 60 {
            return Err(err(
                "routing.away_after_minutes",
                "at most 1440 (a day); 0 turns it off",
            ));
        }
        let capacity = &self.routing.capacity;
        if [
            capacity.chat,
            capacity.email,
            capacity.phone,
            capacity.other,
        ]
        .iter()
        .any(|&n| n > 200)
        {
            return Err(err("routing.capacity", "at most 200 per channel"));
        }
        let s = &self.shipping;
        for (key, value, max) in [
            (
                "shipping.first_scan_business_days",
                s.first_scan_business_days,
                30,
            ),
            (
                "shipping.stalled_days_domestic",
                s.stalled_days_domestic,
                60,
            ),
            (
                "shipping.stalled_days_cross_border",
                s.stalled_days_cross_border,
                90,
            ),
            ("shipping.late_business_days", s.late_business_days, 30),
            ("shipping.failed_attempts", s.failed_attempts, 10),
            (
                "shipping.lost_after_days_domestic",
                s.lost_after_days_domestic,
                120,
            ),
            (
                "shipping.lost_after_days_cross_border",
                s.lost_after_days_cross_border,
                180,
            ),
        ] {
            if value == 0 || value > max {
                return Err(err(key, format!("must be between 1 and {max}")));
            }
        }
        if s.lost_after_days_domestic <= s.stalled_days_domestic {
            return Err(err(
                "shipping.lost_after_days_domestic",
                "must be more than stalled_days_domestic",
            ));
        }
        let r = &self.returns;
        if r.window_days == 0 || r.window_days > 365 {
            return Err(err("returns.window_days", "must be between 1 and 365"));
        }
        for (key, map) in [
            ("category_window_days", &r.category_window_days),
            ("country_window_days", &r.country_window_days),
        ] {
            if let Some((name, _)) = map.iter().find(|(_, d)| **d == 0 || **d > 365) {
                return Err(err(
                    format!("returns.{key}.{name}"),
                    "must be between 1 and 365",
                ));
            }
        }
        if r.label_expiry_days == 0 || r.label_expiry_days > 120 {
            return Err(err(
                "returns.label_expiry_days",
                "must be between 1 and 120",
            ));
        }
        if !r.warehouses.contains_key("default") {
            return Err(err(
                "returns.warehouses",
                "needs a `default` warehouse for countries without their own",
            ));
        }
        for (key, w) in &r.warehouses {
            if w.country.len() != 2 || w.name.trim().is_empty() || w.line1.trim().is_empty() {
                return Err(err(
                    format!("returns.warehouses.{key}"),
                    "needs name, line1, city, postal_code and a two-letter country",
                ));
            }
        }
        if let Some((key, message)) = self.disputes.problem() {
            return Err(err(key, message));
        }
        if let Some((key, message)) = self.seller_standards.problem() {
            return Err(err(key, message));
        }
        if let Some((key, message)) = self.csat.problem() {
            return Err(err(key, message));
        }
        if let Some((key, message)) = self.phone.problem() {
            return Err(err(key, message));
        }
        if let Some(number) = &self.contact.phone_forward_to {
            let digits = number.strip_prefix('+').unwrap_or_default();
            if !(8..=15).contains(&digits.len()) || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return Err(err(
                    "contact.phone_forward_to",
                    "an E.164 number: + and 8 to 15 digits, such as +34910000001",
                ));
            }
        }
        if let Err(problem) = self.contact.business_hours.schedule() {
            return Err(err(
                format!("contact.business_hours.{}", problem.key()),
                problem.to_string(),
            ));
        }
        let tiers = &self.membership.tiers;
        if tiers.is_empty() || tiers[0].min_points != 0 {
            return Err(err(
                "membership.tiers",
                "start with a tier at min_points = 0",
            ));
        }
        if tiers.windows(2).any(|w| w[0].min_points >= w[1].min_points)
            || tiers.iter().any(|t| t.name.trim().is_empty())
        {
            return Err(err(
                "membership.tiers",
                "give each tier a name, in increasing min_points",
            ));
        }
        let [min, max] = self.refunds.expected_business_days;
        if min == 0 || min > max || max > 60 {
            return Err(err(
                "refunds.expected_business_days",
                "use [min, max] with 1 <= min <= max <= 60",
            ));
        }
        if self.refunds.store_credit_valid_days > 3650 {
            return Err(err(
                "refunds.store_credit_valid_days",
                "must be 0 (never expires) to 3650",
            ));
        }
        Ok(())
    }

    /// Refund limits in minor units of `currency`.
    pub fn refund_limits(&self, currency: Currency) -> RefundLimits {
        // Validated at start; a currency with other decimals falls back to 0
        // (every refund needs approval) rather than to a wrong limit.
        let minor = |text: &str| Money::parse(text, currency).map(|m| m.minor).unwrap_or(0);
        match self.refunds.currency_limits.get(currency.code()) {
            Some(l) => {
                let (agent, supervisor) = (minor(&l.agent), minor(&l.supervisor));
                let daily = |text: &Option<String>, per_order: i64| {
                    text.as_deref()
                        .map_or_else(|| per_order.saturating_mul(DAILY_LIMIT_MULTIPLE), minor)
                };
                RefundLimits {
                    agent,
                    supervisor,
                    agent_daily: daily(&l.agent_daily, agent),
                    supervisor_daily: daily(&l.supervisor_daily, supervisor),
                }
            }
            None => RefundLimits {
                agent: minor(&self.refunds.agent_limit),
                supervisor: minor(&self.refunds.supervisor_limit),
                agent_daily: minor(&self.refunds.agent_daily_limit),
                supervisor_daily: minor(&self.refunds.supervisor_daily_limit),
            },
        }
    }

    /// The limit shown next to a refund button for `role`.
    pub fn refund_limit_for(&self, role: Role, currency: Currency) -> Option<i64> {
        self.refund_limits(currency).limit_for(role)
    }
}

fn parse_amount(key: &str, text: &str, currency: Currency) -> Result<i64, PolicyError> {
    let money = Money::parse(text, currency).map_err(|e| err(key, e.to_string()))?;
    if money.minor < 0 {
        return Err(err(key, "must not be negative"));
    }
    Ok(money.minor)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid_and_match_the_documentation() {
        let policy = Policy::default();
        policy.validate().unwrap();
        let eur = Currency::parse("EUR").unwrap();
        assert_eq!(
            policy.refund_limits(eur),
            RefundLimits {
                agent: 10_000,
                supervisor: 100_000,
                agent_daily: 50_000,
                supervisor_daily: 500_000,
            }
        );
        let jpy = Currency::parse("JPY").unwrap();
        assert_eq!(policy.refund_limits(jpy).agent, 15_000);
    }

    #[test]
    fn opening_hours_are_checked_with_their_key() {
        let mut policy = Policy::default();
        policy.contact.business_hours.time_zone = "Europe/Atlantis".into();
        let problem = policy.validate().unwrap_err();
        assert_eq!(problem.key, "contact.business_hours.time_zone");
        let mut policy = Policy::default();
        policy.contact.phone_forward_to = Some("0034 910 000 001".into());
        let problem = policy.validate().unwrap_err();
        assert_eq!(problem.key, "contact.phone_forward_to");
        policy.contact.phone_forward_to = Some("+34910000001".into());
        policy.contact.business_hours.monday = vec!["09:00-18:00".into(), "17:00-20:00".into()];
        let problem = policy.validate().unwrap_err();
        assert_eq!(problem.key, "contact.business_hours.monday");
        assert!(problem.message.contains("overlap"), "{}", problem.message);
    }

    #[test]
    fn bad_values_name_their_key() {
        let mut policy = Policy::default();
        policy.refunds.agent_limit = "lots".into();
        assert_eq!(policy.validate().unwrap_err().key, "refunds.agent_limit");
        let mut policy = Policy::default();
        policy.refunds.agent_limit = "5000.00".into();
        assert_eq!(policy.validate().unwrap_err().key, "refunds.agent_limit");
        let mut policy = Policy::default();
        policy.refunds.currency_limits.insert(
            "eur".into(),
            CurrencyLimits {
                agent: "1".into(),
                supervisor: "2".into(),
                agent_daily: None,
                supervisor_daily: None,
            },
        );
        assert_eq!(
            policy.validate().unwrap_err().key,
            "refunds.currency_limits.eur"
        );
        let mut policy = Policy::default();
        policy.refunds.expected_business_days = [10, 5];
        assert_eq!(
            policy.validate().unwrap_err().key,
            "refunds.expected_business_days"
        );
    }
}
