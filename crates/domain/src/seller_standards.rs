//! Seller standards (docs/DISPUTES.md, "Seller standards"): a seller's
//! figures over a rolling window — defect rate, late shipment rate, time to
//! answer cases, strikes — measured against the `[seller_standards]`
//! thresholds into a standing (good, warning, restricted, suspended); and
//! buyers whose cases keep ending against them, flagged for review. Rates
//! are integers in basis points (1 % = 100): no floats.

use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};

use crate::disputes::add_business_days;
use crate::{DAY_MS, HOUR_MS, Millis};

crate::wire_enum! {
    /// Where a seller stands, from best to worst.
    pub enum Standing {
        Good => "good",
        Warning => "warning",
        Restricted => "restricted",
        Suspended => "suspended",
    }
}

crate::wire_enum! {
    /// What the standing is measured on.
    pub enum Measure {
        /// Cases the platform decided against the seller, and orders the
        /// seller cancelled, per order.
        DefectRate => "defect_rate",
        /// Orders shipped (or still unshipped) after the handling time.
        LateShipmentRate => "late_shipment_rate",
        /// Median hours from a case's opening to the seller's first answer.
        CaseResponse => "case_response",
        /// Strikes staff gave, not yet expired or withdrawn.
        Strikes => "strikes",
    }
}

crate::wire_enum! {
    /// Why staff gave a strike.
    pub enum StrikeReason {
        OffPlatformPayment => "off_platform_payment",
        ProhibitedItem => "prohibited_item",
        MisleadingListing => "misleading_listing",
        CounterfeitItem => "counterfeit_item",
        AbusiveMessages => "abusive_messages",
        FeedbackManipulation => "feedback_manipulation",
        Other => "other",
    }
}

crate::wire_enum! {
    /// Where a seller's appeal of a notice stands.
    pub enum AppealStatus {
        Pending => "pending",
        /// The notice stands.
        Upheld => "upheld",
        /// The notice is withdrawn: the standing goes back.
        Lifted => "lifted",
    }
}

/// The three levels of one measure; 0 leaves a level unused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Thresholds {
    pub warning: u32,
    pub restriction: u32,
    pub suspension: u32,
}

impl Thresholds {
    /// The worst level `value` reaches.
    pub fn level(&self, value: u32) -> Standing {
        let reached = |limit: u32| limit > 0 && value >= limit;
        if reached(self.suspension) {
            Standing::Suspended
        } else if reached(self.restriction) {
            Standing::Restricted
        } else if reached(self.warning) {
            Standing::Warning
        } else {
            Standing::Good
        }
    }

    /// The limit of `standing` (0 for good or unused).
    pub fn limit(&self, standing: Standing) -> u32 {
        match standing {
            Standing::Good => 0,
            Standing::Warning => self.warning,
            Standing::Restricted => self.restriction,
            Standing::Suspended => self.suspension,
        }
    }

    fn problem(&self) -> Option<&'static str> {
        let used: Vec<u32> = [self.warning, self.restriction, self.suspension]
            .into_iter()
            .filter(|v| *v > 0)
            .collect();
        (!used.windows(2).all(|w| w[0] < w[1]))
            .then_some("warning < restriction < suspension (0 leaves a level unused)")
    }
}

/// `[seller_standards]` in the policy file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields, default)]
pub struct StandardsPolicy {
    /// The rolling window the figures cover.
    pub window_days: u32,
    /// Rates count only from this many orders in the window (a seller's
    /// first sale does not make a 100 % rate).
    pub min_orders: u32,
    /// Case answer time counts only from this many cases in the window.
    pub min_cases: u32,
    /// Business days (seller's time zone) to ship after the order.
    pub handling_business_days: u32,
    /// Days a strike counts.
    pub strike_days: u32,
    /// Days a seller has to appeal a notice.
    pub appeal_days: u32,
    /// Basis points (200 = 2 %).
    pub defect_rate_basis_points: Thresholds,
    /// Basis points (700 = 7 %).
    pub late_shipment_rate_basis_points: Thresholds,
    /// Median hours to the seller's first answer on a case.
    pub case_response_hours: Thresholds,
    pub strikes: Thresholds,
    /// A buyer is flagged from this many cases ended against them…
    pub buyer_flag_cases: u32,
    /// …when they are at least this share of the buyer's cases.
    pub buyer_flag_share_percent: u32,
}

impl Default for StandardsPolicy {
    fn default() -> Self {
        StandardsPolicy {
            window_days: 90,
            min_orders: 10,
            min_cases: 3,
            handling_business_days: 3,
            strike_days: 365,
            appeal_days: 30,
            defect_rate_basis_points: Thresholds {
                warning: 200,
                restriction: 400,
                suspension: 800,
            },
            late_shipment_rate_basis_points: Thresholds {
                warning: 700,
                restriction: 1200,
                suspension: 2000,
            },
            case_response_hours: Thresholds {
                warning: 72,
                restriction: 120,
                suspension: 0,
            },
            strikes: Thresholds {
                warning: 1,
                restriction: 2,
                suspension: 3,
            },
            buyer_flag_cases: 3,
            buyer_flag_share_percent: 50,
        }
    }
}

impl StandardsPolicy {
    /// The first bad value, as (key, what is wrong).
    pub fn problem(&self) -> Option<(String, String)> {
        let ranges: [(&str, u32, u32, u32); 7] = [
            ("window_days", self.window_days, 7, 730),
            ("min_orders", self.min_orders, 1, 100_000),
            ("min_cases", self.min_cases, 1, 10_000),
            ("handling_business_days", self.handling_business_days, 1, 60),
            ("strike_days", self.strike_days, 1, 3650),
            ("appeal_days", self.appeal_days, 1, 365),
            (
                "buyer_flag_share_percent",
                self.buyer_flag_share_percent,
                1,
                100,
            ),
        ];
        if let Some((key, _, lo, hi)) = ranges.iter().find(|(_, v, lo, hi)| v < lo || v > hi) {
            return Some((
                format!("seller_standards.{key}"),
                format!("between {lo} and {hi}"),
            ));
        }
        if self.buyer_flag_cases == 0 {
            return Some((
                "seller_standards.buyer_flag_cases".into(),
                "at least 1".into(),
            ));
        }
        let rates = [
            ("defect_rate_basis_points", &self.defect_rate_basis_points),
            (
                "late_shipment_rate_basis_points",
                &self.late_shipment_rate_basis_points,
            ),
        ];
        for (key, t) in rates {
            if t.suspension > 10_000 || t.restriction > 10_000 || t.warning > 10_000 {
                return Some((
                    format!("seller_standards.{key}"),
                    "at most 10000 (100 %)".into(),
                ));
            }
        }
        let all = [
            ("defect_rate_basis_points", &self.defect_rate_basis_points),
            (
                "late_shipment_rate_basis_points",
                &self.late_shipment_rate_basis_points,
            ),
            ("case_response_hours", &self.case_response_hours),
            ("strikes", &self.strikes),
        ];
        all.iter().find_map(|(key, t)| {
            t.problem()
                .map(|m| (format!("seller_standards.{key}"), m.to_owned()))
        })
    }

    /// The thresholds of one measure.
    pub fn thresholds(&self, measure: Measure) -> &Thresholds {
        match measure {
            Measure::DefectRate => &self.defect_rate_basis_points,
            Measure::LateShipmentRate => &self.late_shipment_rate_basis_points,
            Measure::CaseResponse => &self.case_response_hours,
            Measure::Strikes => &self.strikes,
        }
    }

    /// The start of the window that ends at `now`.
    pub fn window_start(&self, now: Millis) -> Millis {
        now - i64::from(self.window_days) * DAY_MS
    }

    /// Strikes given before this no longer count.
    pub fn strikes_since(&self, now: Millis) -> Millis {
        now - i64::from(self.strike_days) * DAY_MS
    }
}

/// One of the seller's orders in the window, as shipping sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShippedOrder {
    pub placed_at: Millis,
    /// The first label for the seller's lines.
    pub shipped_at: Option<Millis>,
}

/// One case opened against the seller in the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaseAnswer {
    pub opened_at: Millis,
    /// The seller's first step or message.
    pub answered_at: Option<Millis>,
}

/// What the store counted for a seller over the window.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Figures {
    /// Orders with the seller's lines placed in the window.
    pub orders: u32,
    /// Of those, cancelled by the seller.
    pub seller_cancellations: u32,
    /// Cases the platform decided for the buyer, in the window.
    pub cases_lost: u32,
    /// The seller's orders (not cancelled) with when they shipped.
    pub shipping: Vec<ShippedOrder>,
    pub cases: Vec<CaseAnswer>,
    pub active_strikes: u32,
}

/// One measure's value against its limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Reading {
    pub measure: Measure,
    /// Basis points, hours or a count; absent when too few orders or cases
    /// to say.
    pub value: Option<u32>,
    /// What the orders or cases behind a rate were (its denominator).
    pub out_of: u32,
    pub level: Standing,
    pub thresholds: Thresholds,
}

/// A seller's figures read against the policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Assessment {
    pub standing: Standing,
    pub readings: Vec<Reading>,
    pub orders: u32,
    pub defects: u32,
    pub late_shipments: u32,
}

/// Shipped after the handling time, or still unshipped past it; `None`
/// while an unshipped order is still within it.
pub fn shipped_late(
    order: ShippedOrder,
    now: Millis,
    handling_business_days: u32,
    zone: &TimeZone,
) -> Option<bool> {
    let due = add_business_days(order.placed_at, handling_business_days, zone);
    match order.shipped_at {
        Some(shipped) => Some(shipped > due),
        None if now > due => Some(true),
        None => None,
    }
}

/// The median of `values` (the lower middle of an even count).
fn median(mut values: Vec<Millis>) -> Option<Millis> {
    if values.is_empty() {
        return None;
    }
    let middle = (values.len() - 1) / 2;
    let (_, m, _) = values.select_nth_unstable(middle);
    Some(*m)
}

fn rate_basis_points(part: u32, whole: u32) -> u32 {
    if whole == 0 {
        0
    } else {
        u32::try_from(u64::from(part) * 10_000 / u64::from(whole)).unwrap_or(u32::MAX)
    }
}

/// Reads a seller's figures against the policy at `now`.
pub fn assess(
    policy: &StandardsPolicy,
    figures: &Figures,
    now: Millis,
    zone: &TimeZone,
) -> Assessment {
    let enough_orders = figures.orders >= policy.min_orders;
    let defects = figures.cases_lost + figures.seller_cancellations;
    let judged: Vec<bool> = figures
        .shipping
        .iter()
        .filter_map(|o| shipped_late(*o, now, policy.handling_business_days, zone))
        .collect();
    let late = judged.iter().filter(|l| **l).count() as u32;
    let shippable = judged.len() as u32;
    // An unanswered case counts with the time it has waited so far.
    let waits: Vec<Millis> = figures
        .cases
        .iter()
        .map(|c| c.answered_at.unwrap_or(now).max(c.opened_at) - c.opened_at)
        .collect();
    let case_count = waits.len() as u32;
    let median_hours = median(waits).map(|ms| u32::try_from(ms / HOUR_MS).unwrap_or(u32::MAX));

    let reading = |measure: Measure, value: Option<u32>, out_of: u32| {
        let thresholds = *policy.thresholds(measure);
        Reading {
            measure,
            value,
            out_of,
            level: value.map_or(Standing::Good, |v| thresholds.level(v)),
            thresholds,
        }
    };
    let readings = vec![
        reading(
            Measure::DefectRate,
            enough_orders.then(|| rate_basis_points(defects, figures.orders.max(defects))),
            figures.orders,
        ),
        reading(
            Measure::LateShipmentRate,
            (enough_orders && shippable > 0).then(|| rate_basis_points(late, shippable)),
            shippable,
        ),
        reading(
            Measure::CaseResponse,
            median_hours.filter(|_| case_count >= policy.min_cases),
            case_count,
        ),
        reading(
            Measure::Strikes,
            Some(figures.active_strikes),
            figures.active_strikes,
        ),
    ];
    Assessment {
        standing: readings
            .iter()
            .map(|r| r.level)
            .max()
            .unwrap_or(Standing::Good),
        readings,
        orders: figures.orders,
        defects,
        late_shipments: late,
    }
}

/// An appeal that lifted a notice: the notice's standing and the one it
/// went back to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lifted {
    pub notice: Standing,
    pub back_to: Standing,
    pub lifted_at: Millis,
}

/// The standing that holds: the assessed one, unless an appeal lifted a
/// notice at least as severe within the window — then the figures must get
/// worse than that notice before it comes back.
pub fn settle(
    policy: &StandardsPolicy,
    assessed: Standing,
    lifted: Option<Lifted>,
    now: Millis,
) -> Standing {
    match lifted {
        Some(l) if assessed <= l.notice && l.lifted_at >= policy.window_start(now) => {
            assessed.min(l.back_to)
        }
        _ => assessed,
    }
}

/// A notice may be appealed once, within the policy's days.
pub fn may_appeal(
    policy: &StandardsPolicy,
    notice: Standing,
    issued_at: Millis,
    appealed: bool,
    now: Millis,
) -> bool {
    notice > Standing::Good
        && !appealed
        && now <= issued_at + i64::from(policy.appeal_days) * DAY_MS
}

/// A buyer with this record is flagged for review.
pub fn buyer_flagged(policy: &StandardsPolicy, cases_opened: u32, cases_lost: u32) -> bool {
    cases_lost >= policy.buyer_flag_cases
        && u64::from(cases_lost) * 100
            >= u64::from(cases_opened) * u64::from(policy.buyer_flag_share_percent)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MONDAY_NOON: Millis = 1_780_315_200_000; // 2026-06-01T12:00:00Z

    fn utc() -> TimeZone {
        TimeZone::UTC
    }

    fn policy() -> StandardsPolicy {
        StandardsPolicy::default()
    }

    fn figures(orders: u32) -> Figures {
        Figures {
            orders,
            ..Figures::default()
        }
    }

    fn level(a: &Assessment, m: Measure) -> (Option<u32>, Standing) {
        let r = a.readings.iter().find(|r| r.measure == m).unwrap();
        (r.value, r.level)
    }

    #[test]
    fn a_clean_seller_is_good() {
        let a = assess(&policy(), &figures(50), MONDAY_NOON, &utc());
        assert_eq!(a.standing, Standing::Good);
        assert_eq!(level(&a, Measure::DefectRate), (Some(0), Standing::Good));
    }

    #[test]
    fn defects_count_lost_cases_and_seller_cancellations_per_order() {
        let mut f = figures(100);
        f.cases_lost = 1;
        f.seller_cancellations = 1;
        let a = assess(&policy(), &f, MONDAY_NOON, &utc());
        assert_eq!(a.defects, 2);
        assert_eq!(
            level(&a, Measure::DefectRate),
            (Some(200), Standing::Warning)
        );
        f.cases_lost = 4;
        let a = assess(&policy(), &f, MONDAY_NOON, &utc());
        assert_eq!(
            level(&a, Measure::DefectRate),
            (Some(500), Standing::Restricted)
        );
        f.cases_lost = 7;
        assert_eq!(
            assess(&policy(), &f, MONDAY_NOON, &utc()).standing,
            Standing::Suspended
        );
    }

    #[test]
    fn rates_wait_for_enough_orders() {
        let mut f = figures(9);
        f.cases_lost = 5;
        let a = assess(&policy(), &f, MONDAY_NOON, &utc());
        assert_eq!(level(&a, Measure::DefectRate), (None, Standing::Good));
        assert_eq!(a.standing, Standing::Good);
        f.orders = 10;
        let a = assess(&policy(), &f, MONDAY_NOON, &utc());
        assert_eq!(
            level(&a, Measure::DefectRate),
            (Some(5000), Standing::Suspended)
        );
    }

    #[test]
    fn late_means_after_the_handling_business_days_in_the_sellers_zone() {
        // Placed Friday noon: three business days end Wednesday noon.
        let friday = MONDAY_NOON - 3 * DAY_MS;
        let wednesday = friday + 5 * DAY_MS;
        let on_time = ShippedOrder {
            placed_at: friday,
            shipped_at: Some(wednesday),
        };
        let late = ShippedOrder {
            placed_at: friday,
            shipped_at: Some(wednesday + 1),
        };
        let unshipped = ShippedOrder {
            placed_at: friday,
            shipped_at: None,
        };
        assert_eq!(
            shipped_late(on_time, wednesday + DAY_MS, 3, &utc()),
            Some(false)
        );
        assert_eq!(
            shipped_late(late, wednesday + DAY_MS, 3, &utc()),
            Some(true)
        );
        assert_eq!(shipped_late(unshipped, wednesday, 3, &utc()), None);
        assert_eq!(
            shipped_late(unshipped, wednesday + 1, 3, &utc()),
            Some(true)
        );
        // In Tokyo, Friday 21:00 local: due Wednesday 21:00 local = 12:00Z.
        let tokyo = TimeZone::get("Asia/Tokyo").unwrap();
        assert_eq!(
            shipped_late(late, wednesday + DAY_MS, 3, &tokyo),
            Some(true)
        );
    }

    #[test]
    fn late_shipment_rate_over_judged_orders() {
        let mut f = figures(10);
        let placed = MONDAY_NOON - 30 * DAY_MS;
        f.shipping = (0..10)
            .map(|i| ShippedOrder {
                placed_at: placed,
                shipped_at: Some(placed + if i < 2 { 10 * DAY_MS } else { DAY_MS }),
            })
            .collect();
        let a = assess(&policy(), &f, MONDAY_NOON, &utc());
        assert_eq!(a.late_shipments, 2);
        assert_eq!(
            level(&a, Measure::LateShipmentRate),
            (Some(2000), Standing::Suspended)
        );
    }

    #[test]
    fn case_answer_time_is_a_median_that_counts_unanswered_cases_as_still_waiting() {
        let mut f = figures(0);
        let opened = MONDAY_NOON - 10 * DAY_MS;
        f.cases = vec![
            CaseAnswer {
                opened_at: opened,
                answered_at: Some(opened + 2 * HOUR_MS),
            },
            CaseAnswer {
                opened_at: opened,
                answered_at: Some(opened + 80 * HOUR_MS),
            },
        ];
        // Two cases: fewer than min_cases, no reading.
        let a = assess(&policy(), &f, MONDAY_NOON, &utc());
        assert_eq!(level(&a, Measure::CaseResponse), (None, Standing::Good));
        f.cases.push(CaseAnswer {
            opened_at: opened,
            answered_at: None,
        });
        let a = assess(&policy(), &f, MONDAY_NOON, &utc());
        // 2 h, 80 h, 240 h (still waiting): median 80 h ≥ 72 h.
        assert_eq!(
            level(&a, Measure::CaseResponse),
            (Some(80), Standing::Warning)
        );
    }

    #[test]
    fn strikes_count_from_one_and_never_need_orders() {
        let mut f = figures(0);
        f.active_strikes = 2;
        let a = assess(&policy(), &f, MONDAY_NOON, &utc());
        assert_eq!(a.standing, Standing::Restricted);
        f.active_strikes = 3;
        assert_eq!(
            assess(&policy(), &f, MONDAY_NOON, &utc()).standing,
            Standing::Suspended
        );
    }

    #[test]
    fn the_worst_measure_sets_the_standing() {
        let mut f = figures(100);
        f.cases_lost = 2; // warning
        f.active_strikes = 2; // restricted
        assert_eq!(
            assess(&policy(), &f, MONDAY_NOON, &utc()).standing,
            Standing::Restricted
        );
    }

    #[test]
    fn a_lifted_notice_holds_until_the_figures_get_worse_or_the_window_passes() {
        let p = policy();
        let lifted = Some(Lifted {
            notice: Standing::Restricted,
            back_to: Standing::Good,
            lifted_at: MONDAY_NOON,
        });
        assert_eq!(
            settle(&p, Standing::Restricted, lifted, MONDAY_NOON),
            Standing::Good
        );
        assert_eq!(
            settle(&p, Standing::Warning, lifted, MONDAY_NOON),
            Standing::Good
        );
        assert_eq!(
            settle(&p, Standing::Suspended, lifted, MONDAY_NOON),
            Standing::Suspended
        );
        let later = MONDAY_NOON + 91 * DAY_MS;
        assert_eq!(
            settle(&p, Standing::Restricted, lifted, later),
            Standing::Restricted
        );
        assert_eq!(
            settle(&p, Standing::Warning, None, MONDAY_NOON),
            Standing::Warning
        );
    }

    #[test]
    fn a_notice_is_appealed_once_within_the_days() {
        let p = policy();
        assert!(may_appeal(
            &p,
            Standing::Warning,
            MONDAY_NOON,
            false,
            MONDAY_NOON + 30 * DAY_MS
        ));
        assert!(!may_appeal(
            &p,
            Standing::Warning,
            MONDAY_NOON,
            false,
            MONDAY_NOON + 31 * DAY_MS
        ));
        assert!(!may_appeal(
            &p,
            Standing::Warning,
            MONDAY_NOON,
            true,
            MONDAY_NOON
        ));
        assert!(!may_appeal(
            &p,
            Standing::Good,
            MONDAY_NOON,
            false,
            MONDAY_NOON
        ));
    }

    #[test]
    fn buyers_are_flagged_from_enough_lost_cases_that_are_a_large_share() {
        let p = policy();
        assert!(!buyer_flagged(&p, 3, 2));
        assert!(buyer_flagged(&p, 3, 3));
        assert!(buyer_flagged(&p, 6, 3));
        assert!(!buyer_flagged(&p, 7, 3));
    }

    #[test]
    fn thresholds_must_rise_and_rates_stay_within_a_hundred_percent() {
        assert_eq!(policy().problem(), None);
        let mut p = policy();
        p.strikes = Thresholds {
            warning: 2,
            restriction: 2,
            suspension: 3,
        };
        assert_eq!(p.problem().unwrap().0, "seller_standards.strikes");
        let mut p = policy();
        p.defect_rate_basis_points.suspension = 20_000;
        assert_eq!(
            p.problem().unwrap().0,
            "seller_standards.defect_rate_basis_points"
        );
        let mut p = policy();
        p.case_response_hours = Thresholds {
            warning: 0,
            restriction: 0,
            suspension: 10,
        };
        assert_eq!(p.problem(), None);
        let mut p = policy();
        p.window_days = 0;
        assert_eq!(p.problem().unwrap().0, "seller_standards.window_days");
    }
}
