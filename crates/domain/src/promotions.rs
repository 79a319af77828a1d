//! Promotions: threshold discounts, coupons and membership points, each with
//! the reason behind its number.
//!
//! Customers ask "why did I only get 10 off?" and "why didn't my coupon
//! work?". [`explain`] answers both from plain data: every applied discount
//! says how it was computed and how it was shared between the lines, and every
//! offer that did not apply carries a [`RejectReason`] with a stable code and a
//! sentence in the customer's language.
//!
//! The rules are deliberately few, so an agent can restate them:
//! - Amounts are integer minor units of the cart's one currency.
//! - Spend thresholds and minimum spends are measured on the list value of the
//!   offer's eligible (in-scope) lines, and each saving is computed on it too.
//! - Stacking: two threshold offers combine only if both are stackable; two
//!   coupons only if both stack with coupons; a coupon and a threshold offer
//!   combine unless the coupon says it does not.
//! - Among the offers that qualify, the combination saving the customer the
//!   most wins (on a tie, the offer saving more alone, then the one listed
//!   first). An offer left out names the chosen offer it conflicts with.
//! - Threshold offers are applied first, then coupons. Each discount is shared
//!   over its eligible lines by value (largest remainder) and never exceeds
//!   what is still left to pay on them, so no line goes below zero.

use std::collections::{BTreeMap, BTreeSet};

use marketdesk_messages::tr;
use serde::{Deserialize, Serialize};

use crate::i18n::Lang;
use crate::money::{Currency, Money};
use crate::refunds::allocate_discount;
use crate::{DAY_MS, Millis};

/// One line of the order as priced when it was placed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CartLine {
    pub line_id: i64,
    pub sku: String,
    pub category: String,
    pub seller_id: Option<i64>,
    pub unit_price_minor: i64,
    pub quantity: u32,
}

impl CartLine {
    /// The list value of the line. A negative price counts as zero so that a
    /// bad line can never enlarge a discount.
    pub fn value(&self) -> i64 {
        self.unit_price_minor
            .max(0)
            .saturating_mul(i64::from(self.quantity))
    }
}

/// What is known about the customer that coupons depend on.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerFacts {
    /// Times the customer used each coupon code on earlier orders, not
    /// counting the order being explained.
    pub coupon_uses: BTreeMap<String, u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cart {
    pub currency: Currency,
    pub lines: Vec<CartLine>,
    pub customer: CustomerFacts,
    /// When the order was placed (or now, for a cart still open): validity
    /// windows are judged at this moment.
    pub now: Millis,
}

/// Which lines an offer covers. Categories match exactly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    All,
    Categories(Vec<String>),
    Sellers(Vec<i64>),
}

impl Scope {
    pub fn covers(&self, line: &CartLine) -> bool {
        match self {
            Scope::All => true,
            Scope::Categories(names) => names.contains(&line.category),
            Scope::Sellers(ids) => line.seller_id.is_some_and(|s| ids.contains(&s)),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LadderStep {
    pub spend_minor: i64,
    pub save_minor: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ThresholdRule {
    /// "Spend X save Y": the highest step reached applies.
    Ladder(Vec<LadderStep>),
    /// "Save Y for every X spent", at most `cap_minor` in all.
    EveryX {
        every_minor: i64,
        save_minor: i64,
        cap_minor: Option<i64>,
    },
}

/// An automatic discount on spend; the caller passes the offers running when
/// the order was placed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThresholdOffer {
    pub id: String,
    /// Shown to the customer, e.g. "Spring sale".
    pub name: String,
    pub rule: ThresholdRule,
    pub scope: Scope,
    /// Combines with other stackable threshold offers.
    pub stackable: bool,
    /// The currency its amounts are in: it applies to orders in that
    /// currency only (none: any, for a shop selling in one currency).
    #[serde(default)]
    pub currency: Option<Currency>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CouponKind {
    /// 1000 basis points = 10 % off, rounded down, at most `max_off_minor`.
    Percent {
        basis_points: u32,
        max_off_minor: Option<i64>,
    },
    Fixed {
        off_minor: i64,
    },
}

/// A coupon the customer entered, with its usage as of the order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Coupon {
    pub code: String,
    pub kind: CouponKind,
    pub valid_from: Option<Millis>,
    /// Exclusive: at this moment the coupon has expired.
    pub valid_until: Option<Millis>,
    pub min_spend_minor: i64,
    pub scope: Scope,
    pub once_per_customer: bool,
    pub usage_limit: Option<u32>,
    /// Uses by all customers before this order.
    pub times_used: u32,
    pub stacks_with_coupons: bool,
    pub stacks_with_thresholds: bool,
}

/// Names an offer in results and messages.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum OfferRef {
    Threshold { id: String, name: String },
    Coupon { code: String },
}

impl OfferRef {
    /// The threshold offer's id or the coupon's code.
    pub fn key(&self) -> &str {
        match self {
            OfferRef::Threshold { id, .. } => id,
            OfferRef::Coupon { code } => code,
        }
    }
}

/// Why an offer did not apply. Serialized with its [`RejectReason::code`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum RejectReason {
    NotYetValid {
        starts_at: Millis,
    },
    Expired {
        ended_at: Millis,
    },
    AlreadyUsedByCustomer,
    UsageLimitReached {
        limit: u32,
    },
    OutOfScope,
    MinimumSpendNotMet {
        required_minor: i64,
        missing_minor: i64,
    },
    /// Cannot combine with `with`, and the order saves the same either way.
    NotCombinable {
        with: OfferRef,
    },
    /// Cannot combine with `by`, and the order saves `extra_minor` more with it.
    BetterOfferWon {
        by: OfferRef,
        extra_minor: i64,
    },
    /// A code entered at checkout that is no coupon of the shop's.
    UnknownCode,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineShare {
    pub line_id: i64,
    pub minor: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppliedDiscount {
    pub offer: OfferRef,
    pub amount_minor: i64,
    /// Lines receiving a part of the discount; the parts add up to `amount_minor`.
    pub per_line: Vec<LineShare>,
    /// How the amount was computed, in the customer's language.
    pub how: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotApplied {
    pub offer: OfferRef,
    pub reason: RejectReason,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineResult {
    pub line_id: i64,
    pub subtotal_minor: i64,
    pub discount_minor: i64,
    pub payable_minor: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Explanation {
    pub currency: Currency,
    pub subtotal_minor: i64,
    /// In the order applied: threshold offers, then coupons.
    pub applied: Vec<AppliedDiscount>,
    /// In the order given: threshold offers, then coupons.
    pub not_applied: Vec<NotApplied>,
    pub lines: Vec<LineResult>,
    pub total_discount_minor: i64,
    pub payable_minor: i64,
    /// What the order recorded beyond (or short of) the offers on file,
    /// so the explanation adds up to the order's discount.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub other_discount: Option<OtherDiscount>,
}

/// The part of an order's recorded discount no offer on file explains.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OtherDiscount {
    /// Positive: recorded beyond the offers; negative: the offers would
    /// give more than was recorded.
    pub amount_minor: i64,
    /// The difference in words, in the customer's language.
    pub note: String,
}

/// The numbers behind one saving, kept to write the "how" sentence.
#[derive(Debug, Clone)]
enum Computation {
    Ladder {
        step: LadderStep,
        next: Option<LadderStep>,
    },
    EveryX {
        every: i64,
        save: i64,
        cap: Option<i64>,
        times: i64,
    },
    Percent {
        basis_points: u32,
        max_off: Option<i64>,
    },
    Fixed {
        off: i64,
    },
}

#[derive(Debug, Clone, Copy)]
enum Stacking {
    Threshold {
        stackable: bool,
    },
    Coupon {
        with_coupons: bool,
        with_thresholds: bool,
    },
}

/// An offer that qualifies on its own and competes for a place.
#[derive(Debug, Clone)]
struct Candidate {
    /// Position in the input (thresholds first), for ties and output order.
    order: usize,
    offer: OfferRef,
    eligible: Vec<bool>,
    eligible_minor: i64,
    saving: i64,
    computation: Computation,
    stacking: Stacking,
}

fn compatible(a: &Candidate, b: &Candidate) -> bool {
    use Stacking::*;
    match (a.stacking, b.stacking) {
        (Threshold { stackable: x }, Threshold { stackable: y }) => x && y,
        (
            Coupon {
                with_coupons: x, ..
            },
            Coupon {
                with_coupons: y, ..
            },
        ) => x && y,
        (
            Threshold { .. },
            Coupon {
                with_thresholds, ..
            },
        )
        | (
            Coupon {
                with_thresholds, ..
            },
            Threshold { .. },
        ) => with_thresholds,
    }
}

/// Which lines the scope covers, and their list value.
fn scoped(lines: &[CartLine], scope: &Scope) -> (Vec<bool>, i64) {
    let eligible: Vec<bool> = lines.iter().map(|l| scope.covers(l)).collect();
    let subtotal = lines
        .iter()
        .zip(&eligible)
        .filter(|(_, e)| **e)
        .fold(0i64, |sum, (l, _)| sum.saturating_add(l.value()));
    (eligible, subtotal)
}

fn threshold_candidate(
    order: usize,
    offer: &ThresholdOffer,
    lines: &[CartLine],
) -> Result<Candidate, RejectReason> {
    let (eligible, subtotal) = scoped(lines, &offer.scope);
    if !eligible.contains(&true) {
        return Err(RejectReason::OutOfScope);
    }
    let (saving, computation) = match &offer.rule {
        ThresholdRule::Ladder(steps) => {
            let reached = steps
                .iter()
                .filter(|s| s.spend_minor <= subtotal)
                .max_by_key(|s| (s.save_minor, std::cmp::Reverse(s.spend_minor)));
            let Some(step) = reached.copied() else {
                // An empty ladder offers nothing any order could reach.
                let lowest = steps.iter().map(|s| s.spend_minor).min();
                return Err(match lowest {
                    Some(required) => RejectReason::MinimumSpendNotMet {
                        required_minor: required,
                        missing_minor: required - subtotal,
                    },
                    None => RejectReason::OutOfScope,
                });
            };
            let next = steps
                .iter()
                .filter(|s| s.spend_minor > subtotal && s.save_minor > step.save_minor)
                .min_by_key(|s| (s.spend_minor, std::cmp::Reverse(s.save_minor)))
                .copied();
            (step.save_minor, Computation::Ladder { step, next })
        }
        ThresholdRule::EveryX {
            every_minor,
            save_minor,
            cap_minor,
        } => {
            let every = (*every_minor).max(1);
            let times = subtotal / every;
            if times == 0 {
                return Err(RejectReason::MinimumSpendNotMet {
                    required_minor: every,
                    missing_minor: every - subtotal,
                });
            }
            let saving = times
                .saturating_mul((*save_minor).max(0))
                .min(cap_minor.unwrap_or(i64::MAX));
            let computation = Computation::EveryX {
                every,
                save: *save_minor,
                cap: *cap_minor,
                times,
            };
            (saving, computation)
        }
    };
    Ok(Candidate {
        order,
        offer: OfferRef::Threshold {
            id: offer.id.clone(),
            name: offer.name.clone(),
        },
        eligible,
        eligible_minor: subtotal,
        saving: saving.clamp(0, subtotal),
        computation,
        stacking: Stacking::Threshold {
            stackable: offer.stackable,
        },
    })
}

fn coupon_candidate(order: usize, coupon: &Coupon, cart: &Cart) -> Result<Candidate, RejectReason> {
    if let Some(starts_at) = coupon.valid_from.filter(|from| cart.now < *from) {
        return Err(RejectReason::NotYetValid { starts_at });
    }
    if let Some(ended_at) = coupon.valid_until.filter(|until| cart.now >= *until) {
        return Err(RejectReason::Expired { ended_at });
    }
    let uses = cart.customer.coupon_uses.get(&coupon.code).copied();
    if coupon.once_per_customer && uses.unwrap_or(0) > 0 {
        return Err(RejectReason::AlreadyUsedByCustomer);
    }
    if let Some(limit) = coupon.usage_limit.filter(|l| coupon.times_used >= *l) {
        return Err(RejectReason::UsageLimitReached { limit });
    }
    let (eligible, subtotal) = scoped(&cart.lines, &coupon.scope);
    if !eligible.contains(&true) {
        return Err(RejectReason::OutOfScope);
    }
    if subtotal < coupon.min_spend_minor {
        return Err(RejectReason::MinimumSpendNotMet {
            required_minor: coupon.min_spend_minor,
            missing_minor: coupon.min_spend_minor - subtotal,
        });
    }
    let (saving, computation) = match coupon.kind {
        CouponKind::Percent {
            basis_points,
            max_off_minor,
        } => {
            let basis_points = basis_points.min(10_000);
            let off = i128::from(subtotal) * i128::from(basis_points) / 10_000;
            let off = i64::try_from(off).unwrap_or(subtotal);
            let computation = Computation::Percent {
                basis_points,
                max_off: max_off_minor,
            };
            (off.min(max_off_minor.unwrap_or(i64::MAX)), computation)
        }
        CouponKind::Fixed { off_minor } => (off_minor, Computation::Fixed { off: off_minor }),
    };
    Ok(Candidate {
        order,
        offer: OfferRef::Coupon {
            code: coupon.code.clone(),
        },
        eligible,
        eligible_minor: subtotal,
        saving: saving.clamp(0, subtotal),
        computation,
        stacking: Stacking::Coupon {
            with_coupons: coupon.stacks_with_coupons,
            with_thresholds: coupon.stacks_with_thresholds,
        },
    })
}

/// Every largest set of candidates that may apply together. The stacking
/// flags allow few shapes: all stackable threshold offers or a single other
/// one, plus all coupons that stack with coupons or a single other one, where
/// only coupons accepting thresholds join a set that has one. Any compatible
/// set lies within one of these, so checking them finds the best in
/// polynomial time, however many offers a shop runs.
fn combinations(candidates: &[Candidate]) -> Vec<Vec<usize>> {
    let (mut stacking_thresholds, mut lone_thresholds) = (Vec::new(), Vec::new());
    for (i, c) in candidates.iter().enumerate() {
        match c.stacking {
            Stacking::Threshold { stackable: true } => stacking_thresholds.push(i),
            Stacking::Threshold { stackable: false } => lone_thresholds.push(vec![i]),
            Stacking::Coupon { .. } => {}
        }
    }
    let mut sets = Vec::new();
    for thresholds in [vec![], stacking_thresholds]
        .into_iter()
        .chain(lone_thresholds)
    {
        let (mut stacking_coupons, mut lone_coupons) = (Vec::new(), Vec::new());
        for (i, c) in candidates.iter().enumerate() {
            if let Stacking::Coupon {
                with_coupons,
                with_thresholds,
            } = c.stacking
                && (with_thresholds || thresholds.is_empty())
            {
                match with_coupons {
                    true => stacking_coupons.push(i),
                    false => lone_coupons.push(vec![i]),
                }
            }
        }
        for coupons in [vec![], stacking_coupons].into_iter().chain(lone_coupons) {
            let mut set = [thresholds.as_slice(), &coupons].concat();
            set.sort_unstable();
            sets.push(set);
        }
    }
    sets
}

/// The combination saving the most, among those containing `forced` if
/// given. Candidates are sorted best first and a tie goes to the set holding
/// the earlier candidate, so the choice is deterministic.
fn best_combination(candidates: &[Candidate], forced: Option<usize>) -> (i128, Vec<usize>) {
    let total = |set: &[usize]| set.iter().map(|&i| i128::from(candidates[i].saving)).sum();
    let holds =
        |set: &[usize]| -> Vec<bool> { (0..candidates.len()).map(|i| set.contains(&i)).collect() };
    combinations(candidates)
        .into_iter()
        .filter(|set| forced.is_none_or(|f| set.contains(&f)))
        .map(|set| (total(&set), set))
        .max_by_key(|(sum, set)| (*sum, holds(set)))
        .unwrap_or_default()
}

/// Explains the discounts of an order: which offers applied, how each was
/// computed and shared between lines, and why the others did not apply.
/// Coupons repeating an earlier code are ignored, so a code counts once.
/// `explain` for an order as it was recorded: codes entered that are no
/// coupon are "not a valid code", and the explanation adds up to the
/// discount the order recorded — a difference (the platform's own
/// discounts, or offers changed since) is named and spread over the lines.
pub fn explain_recorded(
    cart: &Cart,
    thresholds: &[ThresholdOffer],
    coupons: &[Coupon],
    unknown_codes: &[String],
    recorded_discount_minor: i64,
    lang: Lang,
) -> Explanation {
    let mut explanation = explain(cart, thresholds, coupons, lang);
    for code in unknown_codes {
        let offer = OfferRef::Coupon { code: code.clone() };
        explanation.not_applied.push(NotApplied {
            message: RejectReason::UnknownCode.message(&offer, cart.currency, lang),
            offer,
            reason: RejectReason::UnknownCode,
        });
    }
    let difference = recorded_discount_minor - explanation.total_discount_minor;
    if difference == 0 {
        return explanation;
    }
    let m = |minor: i64| Money::new(minor, cart.currency).to_string();
    // More recorded than the offers give: take it off what is left of each
    // line; less: give back in proportion to what each line saved.
    let weights: Vec<i64> = explanation
        .lines
        .iter()
        .map(|l| {
            if difference > 0 {
                l.payable_minor
            } else {
                l.discount_minor
            }
        })
        .collect();
    let shares = allocate_discount(difference.abs(), &weights);
    for (line, share) in explanation.lines.iter_mut().zip(&shares) {
        let change = if difference > 0 { *share } else { -share };
        line.discount_minor += change;
        line.payable_minor -= change;
    }
    explanation.other_discount = Some(OtherDiscount {
        amount_minor: difference,
        note: if difference > 0 {
            tr!(lang, "promotion-other-discount", amount = m(difference))
        } else {
            tr!(lang, "promotion-less-discount", amount = m(-difference))
        },
    });
    explanation.total_discount_minor = recorded_discount_minor;
    explanation.payable_minor = explanation.subtotal_minor - recorded_discount_minor;
    explanation
}

pub fn explain(
    cart: &Cart,
    thresholds: &[ThresholdOffer],
    coupons: &[Coupon],
    lang: Lang,
) -> Explanation {
    // An offer in another currency is not this order's to consider.
    let thresholds: Vec<ThresholdOffer> = thresholds
        .iter()
        .filter(|t| t.currency.is_none_or(|c| c == cart.currency))
        .cloned()
        .collect();
    let thresholds = thresholds.as_slice();
    let mut candidates = Vec::new();
    let mut rejected: Vec<(usize, OfferRef, RejectReason)> = Vec::new();
    for (order, offer) in thresholds.iter().enumerate() {
        match threshold_candidate(order, offer, &cart.lines) {
            Ok(candidate) => candidates.push(candidate),
            Err(reason) => {
                let offer = OfferRef::Threshold {
                    id: offer.id.clone(),
                    name: offer.name.clone(),
                };
                rejected.push((order, offer, reason));
            }
        }
    }
    let mut seen = BTreeSet::new();
    for (i, coupon) in coupons.iter().enumerate() {
        if !seen.insert(coupon.code.as_str()) {
            continue;
        }
        let order = thresholds.len() + i;
        match coupon_candidate(order, coupon, cart) {
            Ok(candidate) => candidates.push(candidate),
            Err(reason) => {
                let offer = OfferRef::Coupon {
                    code: coupon.code.clone(),
                };
                rejected.push((order, offer, reason));
            }
        }
    }
    candidates.sort_by_key(|c| (std::cmp::Reverse(c.saving), c.order));

    let (best_sum, chosen) = best_combination(&candidates, None);
    for (i, loser) in candidates.iter().enumerate() {
        if chosen.contains(&i) {
            continue;
        }
        // `chosen` is sorted best first, so this names the strongest rival.
        // A candidate compatible with every chosen one would have been chosen.
        let Some(&rival) = chosen.iter().find(|&&j| !compatible(loser, &candidates[j])) else {
            continue;
        };
        let with = candidates[rival].offer.clone();
        let extra = best_sum - best_combination(&candidates, Some(i)).0;
        let reason = match i64::try_from(extra).unwrap_or(i64::MAX) {
            0 => RejectReason::NotCombinable { with },
            extra_minor => RejectReason::BetterOfferWon {
                by: with,
                extra_minor,
            },
        };
        rejected.push((loser.order, loser.offer.clone(), reason));
    }
    rejected.sort_by_key(|r| r.0);

    let values: Vec<i64> = cart.lines.iter().map(CartLine::value).collect();
    let mut remaining = values.clone();
    let mut applied = Vec::new();
    let mut chosen = chosen;
    chosen.sort_by_key(|&i| (matches!(candidates[i].stacking, Stacking::Coupon { .. }), i));
    for i in chosen {
        let candidate = &candidates[i];
        let open: Vec<i64> = remaining
            .iter()
            .zip(&candidate.eligible)
            .map(|(v, e)| if *e { *v } else { 0 })
            .collect();
        let available = open.iter().fold(0i64, |sum, v| sum.saturating_add(*v));
        let amount = candidate.saving.min(available);
        let shares = allocate_discount(amount, &open);
        for (left, share) in remaining.iter_mut().zip(&shares) {
            *left -= share;
        }
        let per_line = cart
            .lines
            .iter()
            .zip(&shares)
            .filter(|(_, share)| **share > 0)
            .map(|(line, share)| LineShare {
                line_id: line.line_id,
                minor: *share,
            })
            .collect();
        applied.push(AppliedDiscount {
            offer: candidate.offer.clone(),
            amount_minor: amount,
            per_line,
            how: how(candidate, amount, cart.currency, lang),
        });
    }

    let sum = |v: &[i64]| v.iter().fold(0i64, |s, x| s.saturating_add(*x));
    let lines = cart
        .lines
        .iter()
        .zip(values.iter().zip(&remaining))
        .map(|(line, (value, left))| LineResult {
            line_id: line.line_id,
            subtotal_minor: *value,
            discount_minor: value - left,
            payable_minor: *left,
        })
        .collect();
    Explanation {
        currency: cart.currency,
        subtotal_minor: sum(&values),
        total_discount_minor: sum(&applied.iter().map(|a| a.amount_minor).collect::<Vec<_>>()),
        payable_minor: sum(&remaining),
        other_discount: None,
        applied,
        not_applied: rejected
            .into_iter()
            .map(|(_, offer, reason)| NotApplied {
                message: reason.message(&offer, cart.currency, lang),
                offer,
                reason,
            })
            .collect(),
        lines,
    }
}

/// "12.5" for 1250 basis points.
fn percent_text(basis_points: u32) -> String {
    let (whole, frac) = (basis_points / 100, basis_points % 100);
    match frac {
        0 => whole.to_string(),
        f if f % 10 == 0 => format!("{whole}.{}", f / 10),
        f => format!("{whole}.{f:02}"),
    }
}

/// The offer as the subject opening a sentence.
fn subject(offer: &OfferRef, lang: Lang) -> String {
    match offer {
        OfferRef::Coupon { code } => tr!(lang, "promotion-subject-coupon", code = code),
        OfferRef::Threshold { name, .. } => tr!(lang, "promotion-subject-offer", name = name),
    }
}

/// The offer inside a sentence: its own message, as some languages write it
/// differently there (lower case in English and Spanish).
fn object(offer: &OfferRef, lang: Lang) -> String {
    match offer {
        OfferRef::Coupon { code } => tr!(lang, "promotion-object-coupon", code = code),
        OfferRef::Threshold { name, .. } => tr!(lang, "promotion-object-offer", name = name),
    }
}

/// The sentence saying how a saving was computed.
fn how(candidate: &Candidate, amount: i64, currency: Currency, lang: Lang) -> String {
    let m = |minor: i64| Money::new(minor, currency).to_string();
    let (base, saved) = (m(candidate.eligible_minor), m(amount));
    let name = match &candidate.offer {
        OfferRef::Threshold { name, .. } => name,
        OfferRef::Coupon { code } => code,
    };
    let mut text = match &candidate.computation {
        Computation::Ladder { step, .. } => tr!(
            lang,
            "promotion-how-ladder",
            name = name,
            spend = m(step.spend_minor),
            save = m(step.save_minor),
            base = &base,
            saved = &saved,
        ),
        Computation::EveryX {
            every,
            save,
            cap,
            times,
        } => {
            // The optional limit is a fragment of its own, empty when absent.
            let cap = cap
                .map(|c| tr!(lang, "promotion-how-every-cap", amount = m(c)))
                .unwrap_or_default();
            tr!(
                lang,
                "promotion-how-every",
                name = name,
                every = m(*every),
                save = m(*save),
                cap = cap,
                times = *times,
                base = &base,
                saved = &saved,
            )
        }
        Computation::Percent {
            basis_points,
            max_off,
        } => {
            let max = max_off
                .map(|x| tr!(lang, "promotion-how-percent-max", amount = m(x)))
                .unwrap_or_default();
            tr!(
                lang,
                "promotion-how-percent",
                name = name,
                percent = percent_text(*basis_points),
                max = max,
                base = &base,
                saved = &saved,
            )
        }
        Computation::Fixed { off } => tr!(
            lang,
            "promotion-how-fixed",
            name = name,
            off = m(*off),
            base = &base,
            saved = &saved,
        ),
    };
    if amount < candidate.saving {
        text.push_str(tr!(lang, "promotion-how-limited"));
    }
    if let Computation::Ladder {
        next: Some(next), ..
    } = &candidate.computation
    {
        text.push_str(&tr!(
            lang,
            "promotion-how-next-step",
            more = m(next.spend_minor - candidate.eligible_minor),
            save = m(next.save_minor),
        ));
    }
    text
}

impl RejectReason {
    /// A stable snake_case name, for APIs, logs and templates.
    pub fn code(&self) -> &'static str {
        match self {
            RejectReason::NotYetValid { .. } => "not_yet_valid",
            RejectReason::Expired { .. } => "expired",
            RejectReason::AlreadyUsedByCustomer => "already_used_by_customer",
            RejectReason::UsageLimitReached { .. } => "usage_limit_reached",
            RejectReason::OutOfScope => "out_of_scope",
            RejectReason::MinimumSpendNotMet { .. } => "minimum_spend_not_met",
            RejectReason::NotCombinable { .. } => "not_combinable",
            RejectReason::BetterOfferWon { .. } => "better_offer_won",
            RejectReason::UnknownCode => "unknown_code",
        }
    }

    /// The reason, for the customer, in their language.
    pub fn message(&self, offer: &OfferRef, currency: Currency, lang: Lang) -> String {
        use RejectReason::*;
        let offer = subject(offer, lang);
        let m = |minor: i64| Money::new(minor, currency).to_string();
        match self {
            NotYetValid { .. } => tr!(lang, "promotion-reject-not-yet-valid", offer = offer),
            Expired { .. } => tr!(lang, "promotion-reject-expired", offer = offer),
            AlreadyUsedByCustomer => tr!(lang, "promotion-reject-already-used", offer = offer),
            UsageLimitReached { limit } => {
                tr!(
                    lang,
                    "promotion-reject-usage-limit",
                    offer = offer,
                    limit = *limit
                )
            }
            OutOfScope => tr!(lang, "promotion-reject-out-of-scope", offer = offer),
            MinimumSpendNotMet {
                required_minor,
                missing_minor,
            } => tr!(
                lang,
                "promotion-reject-minimum-spend",
                offer = offer,
                required = m(*required_minor),
                missing = m(*missing_minor),
            ),
            NotCombinable { with } => tr!(
                lang,
                "promotion-reject-not-combinable",
                offer = offer,
                other = object(with, lang),
            ),
            BetterOfferWon { by, extra_minor } => tr!(
                lang,
                "promotion-reject-better-offer",
                offer = offer,
                other = object(by, lang),
                extra = m(*extra_minor),
            ),
            UnknownCode => tr!(lang, "promotion-reject-unknown-code", offer = offer),
        }
    }
}

// ---------------------------------------------------------------- membership

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Benefits {
    pub free_shipping: bool,
    pub priority_dispatch: bool,
}

impl Benefits {
    /// The benefits as short phrases, to list them to a member.
    pub fn describe(&self, lang: Lang) -> Vec<&'static str> {
        let mut out = Vec::new();
        if self.free_shipping {
            out.push(tr!(lang, "membership-benefit-free-shipping"));
        }
        if self.priority_dispatch {
            out.push(tr!(lang, "membership-benefit-priority-dispatch"));
        }
        out
    }
}

/// A membership level, reached by collecting `min_points`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tier {
    pub name: String,
    pub min_points: u64,
    /// Points earned per whole currency unit paid (1 EUR, 1 JPY).
    pub points_per_unit: u32,
    pub benefits: Benefits,
}

/// The highest tier the points reach; `None` below the lowest tier.
pub fn tier_for(tiers: &[Tier], points: u64) -> Option<&Tier> {
    tiers
        .iter()
        .filter(|t| t.min_points <= points)
        .max_by_key(|t| t.min_points)
}

/// Points for an order: whole currency units paid (after discounts) times the
/// tier's rate. Partial units earn nothing, so refunds never owe fractions.
pub fn points_earned(tier: Option<&Tier>, paid_minor: i64, currency: Currency) -> u64 {
    let units = paid_minor.max(0).unsigned_abs() / 10u64.pow(currency.exponent());
    units.saturating_mul(u64::from(tier.map_or(0, |t| t.points_per_unit)))
}

/// Points stay pending until the return window has ended, so that points for
/// goods sent back are never spent first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum PointsStatus {
    /// `available_at` is unknown until the order is delivered.
    Pending {
        available_at: Option<Millis>,
    },
    Available,
}

pub fn points_status(now: Millis, delivered_at: Option<Millis>, window_days: u32) -> PointsStatus {
    match delivered_at {
        None => PointsStatus::Pending { available_at: None },
        Some(at) => {
            let available_at = at.saturating_add(i64::from(window_days).saturating_mul(DAY_MS));
            if now >= available_at {
                PointsStatus::Available
            } else {
                PointsStatus::Pending {
                    available_at: Some(available_at),
                }
            }
        }
    }
}

impl PointsStatus {
    pub fn message(&self, points: u64, lang: Lang) -> String {
        match self {
            PointsStatus::Pending { .. } => {
                tr!(lang, "membership-points-pending", points = points)
            }
            PointsStatus::Available => tr!(lang, "membership-points-available", points = points),
        }
    }
}

/// Points taken back for a refund, in proportion to the money returned. The
/// customer keeps `earned × (paid − refunded) / paid` rounded down after each
/// refund, so any sequence of refunds takes back exactly what a single refund
/// of the same total would, and a full refund takes back every point.
pub fn points_reversed(
    earned: u64,
    paid_minor: i64,
    refunded_before_minor: i64,
    refund_minor: i64,
) -> u64 {
    if paid_minor <= 0 {
        return earned;
    }
    let kept = |refunded: i64| -> u64 {
        let left = i128::from(paid_minor) - i128::from(refunded.clamp(0, paid_minor));
        let kept = i128::from(earned) * left / i128::from(paid_minor);
        u64::try_from(kept).unwrap_or(0)
    };
    let before = refunded_before_minor.clamp(0, paid_minor);
    let after = before.saturating_add(refund_minor.max(0));
    kept(before) - kept(after)
}

/// How far a member is from the next tier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TierProgress {
    pub next_tier: String,
    pub points_missing: u64,
    /// The spend that earns the missing points at the current tier's rate;
    /// `None` when the current tier earns nothing.
    pub spend_missing_minor: Option<i64>,
}

/// Progress to the next tier above `points`; `None` at the top.
pub fn tier_progress(tiers: &[Tier], points: u64, currency: Currency) -> Option<TierProgress> {
    let next = tiers
        .iter()
        .filter(|t| t.min_points > points)
        .min_by_key(|t| t.min_points)?;
    let missing = next.min_points - points;
    let rate = u64::from(tier_for(tiers, points).map_or(0, |t| t.points_per_unit));
    let spend = (rate > 0)
        .then(|| {
            missing
                .div_ceil(rate)
                .checked_mul(10u64.pow(currency.exponent()))
        })
        .flatten()
        .and_then(|minor| i64::try_from(minor).ok());
    Some(TierProgress {
        next_tier: next.name.clone(),
        points_missing: missing,
        spend_missing_minor: spend,
    })
}

impl TierProgress {
    pub fn message(&self, currency: Currency, lang: Lang) -> String {
        let (tier, points) = (&self.next_tier, self.points_missing);
        match self.spend_missing_minor {
            Some(spend) => tr!(
                lang,
                "membership-tier-spend-to-reach",
                spend = Money::new(spend, currency).to_string(),
                tier = tier,
                points = points,
            ),
            None => tr!(
                lang,
                "membership-tier-points-to-reach",
                points = points,
                tier = tier,
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn eur() -> Currency {
        Currency::parse("EUR").unwrap()
    }

    fn line(line_id: i64, category: &str, seller: i64, price: i64, quantity: u32) -> CartLine {
        CartLine {
            line_id,
            sku: format!("SKU-{line_id}"),
            category: category.into(),
            seller_id: Some(seller),
            unit_price_minor: price,
            quantity,
        }
    }

    fn cart(lines: Vec<CartLine>) -> Cart {
        Cart {
            currency: eur(),
            lines,
            customer: CustomerFacts::default(),
            now: 1_000_000,
        }
    }

    fn coupon(code: &str, kind: CouponKind) -> Coupon {
        Coupon {
            code: code.into(),
            kind,
            valid_from: None,
            valid_until: None,
            min_spend_minor: 0,
            scope: Scope::All,
            once_per_customer: false,
            usage_limit: None,
            times_used: 0,
            stacks_with_coupons: false,
            stacks_with_thresholds: true,
        }
    }

    fn fixed(code: &str, off_minor: i64) -> Coupon {
        coupon(code, CouponKind::Fixed { off_minor })
    }

    fn percent(code: &str, basis_points: u32) -> Coupon {
        let max_off_minor = None;
        coupon(
            code,
            CouponKind::Percent {
                basis_points,
                max_off_minor,
            },
        )
    }

    fn offer(id: &str, rule: ThresholdRule) -> ThresholdOffer {
        let (name, scope, stackable) = ("Spring sale".into(), Scope::All, false);
        ThresholdOffer {
            id: id.into(),
            name,
            rule,
            scope,
            stackable,
            currency: None,
        }
    }

    fn ladder(id: &str, steps: &[(i64, i64)]) -> ThresholdOffer {
        let steps = steps.iter().map(|&(spend_minor, save_minor)| LadderStep {
            spend_minor,
            save_minor,
        });
        offer(id, ThresholdRule::Ladder(steps.collect()))
    }

    fn reason<'a>(e: &'a Explanation, name: &str) -> &'a RejectReason {
        let hit = e.not_applied.iter().find(|n| n.offer.key() == name);
        &hit.unwrap_or_else(|| panic!("{name} was not rejected: {e:#?}"))
            .reason
    }

    fn applied(e: &Explanation) -> Vec<(String, i64)> {
        e.applied
            .iter()
            .map(|a| (a.offer.key().to_string(), a.amount_minor))
            .collect()
    }

    fn applied_one(name: &str, minor: i64) -> Vec<(String, i64)> {
        vec![(name.to_string(), minor)]
    }

    #[test]
    fn a_ladder_applies_its_highest_step_reached_and_names_the_next() {
        let c = cart(vec![line(1, "shoes", 7, 6000, 2)]);
        let e = explain(
            &c,
            &[ladder("spring", &[(10000, 1000), (15000, 2500)])],
            &[],
            Lang::En,
        );
        assert_eq!(applied(&e), applied_one("spring", 1000));
        assert_eq!(
            (e.subtotal_minor, e.total_discount_minor, e.payable_minor),
            (12000, 1000, 11000)
        );
        let how = &e.applied[0].how;
        for text in [
            "100.00 EUR",
            "10.00 EUR",
            "120.00 EUR",
            "30.00 EUR more",
            "25.00 EUR",
        ] {
            assert!(how.contains(text), "{how}");
        }
        let zh = &explain(&c, &[ladder("spring", &[(10000, 1000)])], &[], Lang::Zh).applied[0].how;
        assert!(zh.contains("满 100.00 EUR 减 10.00 EUR"), "{zh}");
    }

    #[test]
    fn a_recorded_order_adds_up_to_its_discount_and_names_unknown_codes() {
        let c = cart(vec![
            line(1, "shoes", 7, 6000, 1),
            line(2, "tea", 7, 4000, 1),
        ]);
        let offers = [ladder("spring", &[(10000, 1000)])];
        // 45.89 recorded where the offers explain 10.00: the rest is named.
        let e = explain_recorded(&c, &offers, &[], &["SUMMER5".into()], 4589, Lang::En);
        assert_eq!(e.total_discount_minor, 4589);
        assert_eq!(e.payable_minor, 10000 - 4589);
        let line_sum: i64 = e.lines.iter().map(|l| l.discount_minor).sum();
        assert_eq!(line_sum, 4589);
        let other = e.other_discount.as_ref().expect("the difference is named");
        assert_eq!(other.amount_minor, 3589);
        assert!(other.note.contains("35.89 EUR"), "{}", other.note);
        let unknown = e
            .not_applied
            .iter()
            .find(|n| n.reason == RejectReason::UnknownCode);
        assert!(unknown.is_some_and(
            |n| n.message.contains("SUMMER5") && n.message.contains("not a valid code")
        ));
        // Less recorded than the offers give today: given back, said so.
        let e = explain_recorded(&c, &offers, &[], &[], 400, Lang::Es);
        assert_eq!(e.total_discount_minor, 400);
        assert_eq!(e.lines.iter().map(|l| l.discount_minor).sum::<i64>(), 400);
        assert!(e.other_discount.is_some_and(|o| o.amount_minor == -600));
        // The same: no note.
        assert!(
            explain_recorded(&c, &offers, &[], &[], 1000, Lang::En)
                .other_discount
                .is_none()
        );
    }

    #[test]
    fn an_offer_in_another_currency_is_not_considered() {
        let c = cart(vec![line(1, "shoes", 7, 20000, 1)]);
        let mut usd = ladder("usd-only", &[(10000, 1000)]);
        usd.currency = Some(Currency::parse("USD").unwrap());
        let e = explain(&c, &[usd.clone()], &[], Lang::En);
        assert_eq!(e.total_discount_minor, 0);
        assert!(e.not_applied.is_empty());
        usd.currency = Some(eur());
        assert_eq!(
            explain(&c, &[usd], &[], Lang::En).total_discount_minor,
            1000
        );
    }

    #[test]
    fn every_x_counts_whole_multiples_up_to_the_cap() {
        let c = cart(vec![line(1, "shoes", 7, 35000, 1)]);
        let rule = |cap_minor| ThresholdRule::EveryX {
            every_minor: 10000,
            save_minor: 1500,
            cap_minor,
        };
        let e = explain(&c, &[offer("every", rule(Some(4000)))], &[], Lang::Es);
        assert_eq!(applied(&e), applied_one("every", 4000));
        assert!(
            e.applied[0].how.contains("3 × 15.00 EUR"),
            "{}",
            e.applied[0].how
        );
        let e = explain(&c, &[offer("every", rule(None))], &[], Lang::En);
        assert_eq!(applied(&e), applied_one("every", 4500));
        let small = cart(vec![line(1, "shoes", 7, 9000, 1)]);
        let e = explain(&small, &[offer("every", rule(None))], &[], Lang::En);
        let missing = RejectReason::MinimumSpendNotMet {
            required_minor: 10000,
            missing_minor: 1000,
        };
        assert_eq!(reason(&e, "every"), &missing);
    }

    #[test]
    fn an_unmet_minimum_names_the_missing_amount_in_every_language() {
        let c = cart(vec![line(1, "shoes", 7, 8000, 1)]);
        let mut min = fixed("BIG", 500);
        min.min_spend_minor = 9950;
        for lang in Lang::ALL.iter().copied() {
            let e = explain(
                &c,
                &[ladder("spring", &[(10000, 1000)])],
                &[min.clone()],
                lang,
            );
            assert!(e.applied.is_empty());
            let missing = RejectReason::MinimumSpendNotMet {
                required_minor: 10000,
                missing_minor: 2000,
            };
            assert_eq!(reason(&e, "spring"), &missing);
            assert_eq!(reason(&e, "BIG").code(), "minimum_spend_not_met");
            assert!(
                e.not_applied[0].message.contains("20.00 EUR"),
                "{}",
                e.not_applied[0].message
            );
            assert!(
                e.not_applied[1].message.contains("19.50 EUR"),
                "{}",
                e.not_applied[1].message
            );
        }
    }

    #[test]
    fn percentages_round_down_and_respect_their_maximum() {
        let c = cart(vec![line(1, "shoes", 7, 999, 1)]);
        let e = explain(&c, &[], &[percent("P125", 1250)], Lang::En);
        assert_eq!(applied(&e), applied_one("P125", 124));
        assert!(
            e.applied[0].how.contains("12.5% off"),
            "{}",
            e.applied[0].how
        );
        let c = cart(vec![line(1, "shoes", 7, 50000, 1)]);
        let capped = coupon(
            "P10",
            CouponKind::Percent {
                basis_points: 1000,
                max_off_minor: Some(2000),
            },
        );
        assert_eq!(
            applied(&explain(&c, &[], &[capped], Lang::En)),
            applied_one("P10", 2000)
        );
        let c = cart(vec![line(1, "shoes", 7, 300, 1)]);
        assert_eq!(
            applied(&explain(&c, &[], &[fixed("F5", 500)], Lang::En)),
            applied_one("F5", 300)
        );
    }

    #[test]
    fn coupons_are_valid_from_their_start_until_just_before_their_end() {
        let c = cart(vec![line(1, "shoes", 7, 5000, 1)]);
        let mut early = fixed("EARLY", 100);
        early.valid_from = Some(c.now + 1);
        let mut ended = fixed("ENDED", 100);
        ended.valid_until = Some(c.now);
        let e = explain(&c, &[], &[early, ended], Lang::En);
        assert_eq!(
            reason(&e, "EARLY"),
            &RejectReason::NotYetValid {
                starts_at: c.now + 1
            }
        );
        assert_eq!(
            reason(&e, "ENDED"),
            &RejectReason::Expired { ended_at: c.now }
        );
        let mut ok = fixed("OK", 100);
        (ok.valid_from, ok.valid_until) = (Some(c.now), Some(c.now + 1));
        assert_eq!(
            applied(&explain(&c, &[], &[ok], Lang::En)),
            applied_one("OK", 100)
        );
    }

    #[test]
    fn usage_limits_and_once_per_customer_are_enforced() {
        let mut c = cart(vec![line(1, "shoes", 7, 5000, 1)]);
        c.customer.coupon_uses.insert("WELCOME".into(), 1);
        let mut welcome = fixed("WELCOME", 500);
        welcome.once_per_customer = true;
        let mut limited = fixed("LIMITED", 500);
        (limited.usage_limit, limited.times_used) = (Some(100), 100);
        let e = explain(&c, &[], &[welcome.clone(), limited.clone()], Lang::En);
        assert_eq!(reason(&e, "WELCOME"), &RejectReason::AlreadyUsedByCustomer);
        assert_eq!(
            reason(&e, "LIMITED"),
            &RejectReason::UsageLimitReached { limit: 100 }
        );
        c.customer.coupon_uses.clear();
        limited.times_used = 99;
        let e = explain(&c, &[], &[welcome], Lang::En);
        assert_eq!(applied(&e), applied_one("WELCOME", 500));
        assert_eq!(
            applied(&explain(&c, &[], &[limited], Lang::En)),
            applied_one("LIMITED", 500)
        );
    }

    #[test]
    fn scope_limits_what_counts_and_which_lines_are_discounted() {
        let c = cart(vec![
            line(1, "shoes", 7, 4000, 1),
            line(2, "books", 8, 6000, 1),
        ]);
        let mut shoes = percent("SHOES", 5000);
        shoes.scope = Scope::Categories(vec!["shoes".into()]);
        shoes.min_spend_minor = 4000;
        let e = explain(&c, &[], &[shoes.clone()], Lang::En);
        assert_eq!(
            e.applied[0].per_line,
            vec![LineShare {
                line_id: 1,
                minor: 2000
            }]
        );
        assert_eq!(e.lines[1].discount_minor, 0);
        shoes.min_spend_minor = 4001;
        let e = explain(&c, &[], &[shoes], Lang::En);
        let missing = RejectReason::MinimumSpendNotMet {
            required_minor: 4001,
            missing_minor: 1,
        };
        assert_eq!(reason(&e, "SHOES"), &missing);
        let mut seller = fixed("SELLER9", 100);
        seller.scope = Scope::Sellers(vec![9]);
        let mut toys = ladder("toys", &[(0, 100)]);
        toys.scope = Scope::Categories(vec!["toys".into()]);
        let e = explain(&c, &[toys], &[seller], Lang::En);
        assert_eq!(reason(&e, "SELLER9"), &RejectReason::OutOfScope);
        assert_eq!(reason(&e, "toys"), &RejectReason::OutOfScope);
        let mut seller8 = fixed("SELLER8", 100);
        seller8.scope = Scope::Sellers(vec![8]);
        let e = explain(&c, &[], &[seller8], Lang::En);
        assert_eq!(
            e.applied[0].per_line,
            vec![LineShare {
                line_id: 2,
                minor: 100
            }]
        );
    }

    #[test]
    fn of_two_coupons_that_do_not_stack_the_better_one_wins() {
        let c = cart(vec![line(1, "shoes", 7, 10000, 1)]);
        let e = explain(
            &c,
            &[],
            &[fixed("FIVE", 500), percent("TEN", 1000)],
            Lang::En,
        );
        assert_eq!(applied(&e), applied_one("TEN", 1000));
        let by = OfferRef::Coupon { code: "TEN".into() };
        assert_eq!(
            reason(&e, "FIVE"),
            &RejectReason::BetterOfferWon {
                by,
                extra_minor: 500
            }
        );
        assert!(
            e.not_applied[0]
                .message
                .contains("5.00 EUR more with coupon TEN")
        );
        let e = explain(&c, &[], &[fixed("A", 500), fixed("B", 500)], Lang::En);
        assert_eq!(applied(&e), applied_one("A", 500));
        let with = OfferRef::Coupon { code: "A".into() };
        assert_eq!(reason(&e, "B"), &RejectReason::NotCombinable { with });
    }

    #[test]
    fn stackable_coupons_together_can_beat_a_single_exclusive_one() {
        let c = cart(vec![line(1, "shoes", 7, 10000, 1)]);
        let (mut b, mut d) = (fixed("B", 600), fixed("D", 600));
        (b.stacks_with_coupons, d.stacks_with_coupons) = (true, true);
        let e = explain(&c, &[], &[fixed("A", 1000), b, d], Lang::En);
        assert_eq!(
            applied(&e),
            vec![("B".to_string(), 600), ("D".to_string(), 600)]
        );
        let by = OfferRef::Coupon { code: "B".into() };
        assert_eq!(
            reason(&e, "A"),
            &RejectReason::BetterOfferWon {
                by,
                extra_minor: 200
            }
        );
    }

    #[test]
    fn coupons_combine_with_threshold_offers_unless_they_say_no() {
        let c = cart(vec![
            line(1, "shoes", 7, 6000, 1),
            line(2, "books", 8, 6000, 1),
        ]);
        let spring = ladder("spring", &[(10000, 1000)]);
        let e = explain(
            &c,
            std::slice::from_ref(&spring),
            &[percent("TEN", 1000)],
            Lang::En,
        );
        assert_eq!(
            applied(&e),
            vec![("spring".into(), 1000), ("TEN".into(), 1200)]
        );
        assert_eq!(e.payable_minor, 12000 - 2200);
        let mut alone = percent("TEN", 1000);
        alone.stacks_with_thresholds = false;
        let e = explain(&c, std::slice::from_ref(&spring), &[alone], Lang::En);
        assert_eq!(applied(&e), applied_one("TEN", 1200));
        let by = OfferRef::Coupon { code: "TEN".into() };
        assert_eq!(
            reason(&e, "spring"),
            &RejectReason::BetterOfferWon {
                by,
                extra_minor: 200
            }
        );
        let mut second = ladder("autumn", &[(5000, 700)]);
        (second.stackable, second.name) = (true, "Autumn".into());
        let e = explain(&c, &[spring, second], &[], Lang::Zh);
        assert_eq!(applied(&e), applied_one("spring", 1000));
        assert!(
            e.not_applied[0]
                .message
                .contains("“Autumn”活动不能与“Spring sale”活动同时使用"),
            "{}",
            e.not_applied[0].message
        );
    }

    #[test]
    fn a_discount_never_takes_a_line_below_zero() {
        let c = cart(vec![
            line(1, "shoes", 7, 3333, 1),
            line(2, "books", 8, 6667, 1),
        ]);
        let e = explain(
            &c,
            &[ladder("spring", &[(10000, 9000)])],
            &[fixed("BIG", 5000)],
            Lang::En,
        );
        assert_eq!(
            applied(&e),
            vec![("spring".into(), 9000), ("BIG".into(), 1000)]
        );
        assert!(e.applied[1].how.contains("limited to what was still left"));
        assert_eq!((e.total_discount_minor, e.payable_minor), (10000, 0));
        assert!(e.lines.iter().all(|l| l.payable_minor == 0));
    }

    #[test]
    fn a_repeated_code_counts_once() {
        let c = cart(vec![line(1, "shoes", 7, 10000, 1)]);
        let mut code = fixed("AGAIN", 500);
        code.stacks_with_coupons = true;
        let e = explain(&c, &[], &[code.clone(), code], Lang::En);
        assert_eq!(
            (applied(&e), e.not_applied.len()),
            (applied_one("AGAIN", 500), 0)
        );
    }

    #[test]
    fn every_reason_has_a_code_and_a_sentence_in_every_language() {
        let coupon = OfferRef::Coupon {
            code: "SAVE10".into(),
        };
        let reasons = [
            RejectReason::NotYetValid { starts_at: 0 },
            RejectReason::Expired { ended_at: 0 },
            RejectReason::AlreadyUsedByCustomer,
            RejectReason::UsageLimitReached { limit: 3 },
            RejectReason::OutOfScope,
            RejectReason::MinimumSpendNotMet {
                required_minor: 5000,
                missing_minor: 1250,
            },
            RejectReason::NotCombinable {
                with: coupon.clone(),
            },
            RejectReason::BetterOfferWon {
                by: coupon,
                extra_minor: 300,
            },
        ];
        let codes: BTreeSet<&str> = reasons.iter().map(RejectReason::code).collect();
        assert_eq!(codes.len(), reasons.len());
        let threshold = OfferRef::Threshold {
            id: "s".into(),
            name: "Spring".into(),
        };
        for r in &reasons {
            assert!(
                r.code()
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b == b'_')
            );
            let texts: Vec<String> = Lang::ALL
                .iter()
                .map(|l| r.message(&threshold, eur(), *l))
                .collect();
            assert!(
                texts.iter().all(|t| t.len() > 20 && t.contains("Spring")),
                "{texts:?}"
            );
            assert!(
                texts[1]
                    .chars()
                    .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
            );
            assert!(texts[0] != texts[2] && texts[2].contains("La oferta «Spring»"));
        }
    }

    fn tiers() -> Vec<Tier> {
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
        vec![
            tier("Gold", 1000, 2, true, true),
            tier("Member", 0, 1, false, false),
            tier("Silver", 300, 1, true, false),
        ]
    }

    #[test]
    fn tiers_points_and_progress() {
        let tiers = tiers();
        assert_eq!(
            tier_for(&tiers, 299).map(|t| t.name.as_str()),
            Some("Member")
        );
        assert_eq!(
            tier_for(&tiers, 300).map(|t| t.name.as_str()),
            Some("Silver")
        );
        assert_eq!(tier_for(&tiers[..1], 10), None);
        assert_eq!(
            tier_for(&tiers, 5000).unwrap().benefits.describe(Lang::Zh),
            vec!["免运费", "优先发货"]
        );
        assert_eq!(points_earned(tier_for(&tiers, 1000), 12_399, eur()), 246);
        assert_eq!(points_earned(None, 12_399, eur()), 0);
        assert_eq!(
            points_earned(tier_for(&tiers, 0), 1200, Currency::parse("JPY").unwrap()),
            1200
        );
        let progress = tier_progress(&tiers, 955, eur()).unwrap();
        assert_eq!(
            (progress.next_tier.as_str(), progress.points_missing),
            ("Gold", 45)
        );
        assert_eq!(progress.spend_missing_minor, Some(4500));
        assert_eq!(
            progress.message(eur(), Lang::En),
            "Spend 45.00 EUR more to reach Gold (45 points to go)."
        );
        assert!(
            progress
                .message(eur(), Lang::Zh)
                .contains("再消费 45.00 EUR")
        );
        assert!(
            progress
                .message(eur(), Lang::Es)
                .contains("Gasta 45.00 EUR más")
        );
        assert_eq!(tier_progress(&tiers, 1000, eur()), None);
        let no_rate = tier_progress(&tiers[..1], 10, eur()).unwrap();
        assert_eq!(no_rate.spend_missing_minor, None);
        assert!(no_rate.message(eur(), Lang::En).contains("990 more points"));
    }

    #[test]
    fn points_wait_for_the_return_window() {
        let delivered = 10 * DAY_MS;
        assert_eq!(
            points_status(0, None, 14),
            PointsStatus::Pending { available_at: None }
        );
        let pending = points_status(delivered + 14 * DAY_MS - 1, Some(delivered), 14);
        assert_eq!(
            pending,
            PointsStatus::Pending {
                available_at: Some(delivered + 14 * DAY_MS)
            }
        );
        assert_eq!(
            points_status(delivered + 14 * DAY_MS, Some(delivered), 14),
            PointsStatus::Available
        );
        for status in [pending, PointsStatus::Available] {
            for lang in Lang::ALL.iter().copied() {
                assert!(status.message(120, lang).contains("120"));
            }
        }
    }

    #[test]
    fn refunds_take_points_back_in_proportion() {
        assert_eq!(points_reversed(100, 10_000, 0, 2_500), 25);
        assert_eq!(points_reversed(100, 10_000, 0, 10_000), 100);
        assert_eq!(points_reversed(100, 10_000, 9_000, 5_000), 10);
        assert_eq!(points_reversed(7, 0, 0, 0), 7);
    }

    fn scope_strategy() -> impl Strategy<Value = Scope> {
        prop_oneof![
            Just(Scope::All),
            Just(Scope::Categories(vec!["a".into()])),
            Just(Scope::Sellers(vec![2])),
        ]
    }

    fn threshold_strategy() -> impl Strategy<Value = ThresholdOffer> {
        let steps = proptest::collection::vec((0i64..60_000, 0i64..30_000), 0..3);
        let rule = prop_oneof![
            steps.prop_map(|s| ladder("x", &s).rule),
            (
                0i64..20_000,
                0i64..5_000,
                proptest::option::of(0i64..20_000)
            )
                .prop_map(|(every_minor, save_minor, cap_minor)| {
                    ThresholdRule::EveryX {
                        every_minor,
                        save_minor,
                        cap_minor,
                    }
                }),
        ];
        (rule, scope_strategy(), any::<bool>(), 0u8..4).prop_map(|(rule, scope, stackable, id)| {
            ThresholdOffer {
                id: format!("t{id}"),
                name: format!("Offer {id}"),
                rule,
                scope,
                stackable,
                currency: None,
            }
        })
    }

    fn coupon_strategy() -> impl Strategy<Value = Coupon> {
        let kind = prop_oneof![
            (0u32..12_000, proptest::option::of(0i64..10_000)).prop_map(
                |(basis_points, max_off_minor)| CouponKind::Percent {
                    basis_points,
                    max_off_minor
                }
            ),
            (-100i64..40_000).prop_map(|off_minor| CouponKind::Fixed { off_minor }),
        ];
        (
            kind,
            scope_strategy(),
            0i64..30_000,
            any::<(bool, bool)>(),
            0u8..5,
        )
            .prop_map(
                |(kind, scope, min_spend_minor, (with_coupons, with_thresholds), id)| Coupon {
                    scope,
                    min_spend_minor,
                    stacks_with_coupons: with_coupons,
                    stacks_with_thresholds: with_thresholds,
                    ..coupon(&format!("C{id}"), kind)
                },
            )
    }

    fn cart_strategy() -> impl Strategy<Value = Cart> {
        let line_parts = (
            -100i64..30_000,
            0u32..4,
            prop_oneof![Just("a"), Just("b")],
            1i64..4,
        );
        proptest::collection::vec(line_parts, 0..6).prop_map(|lines| {
            cart(
                lines
                    .into_iter()
                    .enumerate()
                    .map(|(i, (p, q, c, s))| line(i as i64 + 1, c, s, p, q))
                    .collect(),
            )
        })
    }

    proptest! {
        #[test]
        fn discounts_add_up_and_stay_within_the_order(
            cart in cart_strategy(),
            thresholds in proptest::collection::vec(threshold_strategy(), 0..4),
            coupons in proptest::collection::vec(coupon_strategy(), 0..5),
            lang in prop_oneof![Just(Lang::En), Just(Lang::Zh), Just(Lang::Es)],
        ) {
            let e = explain(&cart, &thresholds, &coupons, lang);
            prop_assert_eq!(&e, &explain(&cart, &thresholds, &coupons, lang));
            for a in &e.applied {
                prop_assert_eq!(a.per_line.iter().map(|s| s.minor).sum::<i64>(), a.amount_minor);
                prop_assert!(a.per_line.iter().all(|s| s.minor > 0) && !a.how.is_empty());
            }
            for l in &e.lines {
                prop_assert!(l.payable_minor >= 0 && l.discount_minor >= 0);
                prop_assert_eq!(l.subtotal_minor, l.discount_minor + l.payable_minor);
            }
            prop_assert_eq!(e.total_discount_minor, e.lines.iter().map(|l| l.discount_minor).sum::<i64>());
            prop_assert!(e.total_discount_minor <= e.subtotal_minor);
            prop_assert_eq!(e.payable_minor, e.subtotal_minor - e.total_discount_minor);
            prop_assert!(e.not_applied.iter().all(|n| !n.message.is_empty()));
            let offers = e.applied.len() + e.not_applied.len();
            let mut codes: Vec<&str> = coupons.iter().map(|c| c.code.as_str()).collect();
            codes.sort_unstable();
            codes.dedup();
            prop_assert_eq!(offers, thresholds.len() + codes.len());
        }

        #[test]
        fn refunds_in_parts_take_back_what_one_refund_would(
            earned in 0u64..100_000,
            paid in 1i64..1_000_000,
            parts in proptest::collection::vec(0i64..400_000, 0..6),
        ) {
            let (mut refunded, mut reversed) = (0i64, 0u64);
            for part in parts {
                reversed += points_reversed(earned, paid, refunded, part);
                refunded = (refunded + part).min(paid);
            }
            prop_assert_eq!(reversed, points_reversed(earned, paid, 0, refunded));
            prop_assert!(reversed <= earned);
            prop_assert_eq!(points_reversed(earned, paid, 0, paid), earned);
        }
    }

    fn synthetic(order: usize, (saving, kind, flag, other): (i64, bool, bool, bool)) -> Candidate {
        let stacking = match kind {
            true => Stacking::Threshold { stackable: flag },
            false => Stacking::Coupon {
                with_coupons: flag,
                with_thresholds: other,
            },
        };
        let (offer, computation) = (
            OfferRef::Coupon {
                code: order.to_string(),
            },
            Computation::Fixed { off: saving },
        );
        Candidate {
            order,
            offer,
            eligible: vec![],
            eligible_minor: saving,
            saving,
            computation,
            stacking,
        }
    }

    proptest! {
        #[test]
        fn the_shortcut_finds_the_best_compatible_set(
            specs in proptest::collection::vec((0i64..1000, any::<bool>(), any::<bool>(), any::<bool>()), 0..9),
            forced in 0usize..9,
        ) {
            let c: Vec<Candidate> = specs.into_iter().enumerate().map(|(i, s)| synthetic(i, s)).collect();
            let forced = Some(forced).filter(|f| *f < c.len());
            let mut brute = 0i128;
            for mask in 0u32..(1 << c.len()) {
                let set: Vec<usize> = (0..c.len()).filter(|i| mask & (1 << i) != 0).collect();
                let fits = set.iter().all(|&a| set.iter().all(|&b| a == b || compatible(&c[a], &c[b])));
                if fits && forced.is_none_or(|f| set.contains(&f)) {
                    brute = brute.max(set.iter().map(|&i| i128::from(c[i].saving)).sum());
                }
            }
            let (best, set) = best_combination(&c, forced);
            prop_assert_eq!(best, brute);
            prop_assert!(set.iter().all(|&a| set.iter().all(|&b| a == b || compatible(&c[a], &c[b]))));
        }
    }
}
