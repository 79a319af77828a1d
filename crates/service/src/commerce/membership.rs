//! Membership: tier, points (earned, pending until the return window ends,
//! reversed on refunds), benefits and the way to the next tier.

use marketdesk_domain::Currency;
use marketdesk_domain::access::Permission;
use marketdesk_domain::commerce::PaymentStatus;
use marketdesk_domain::commerce::{OrderStatus, PaymentKind, ShipmentStatus};
use marketdesk_domain::i18n::Lang;
use marketdesk_domain::promotions::{
    PointsStatus, points_earned, points_reversed, points_status, tier_for, tier_progress,
};
use marketdesk_store::{commerce, people};
use serde::Serialize;
use utoipa::ToSchema;

use crate::{Result, ServiceError, Services, Viewer, now_ms, rfc3339};

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OrderPoints {
    pub order_number: String,
    pub earned: u64,
    pub reversed: u64,
    /// `pending` (inside the return window) or `available`.
    pub status: String,
    pub available_at: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Membership {
    pub tier: Option<String>,
    pub points_available: u64,
    pub points_pending: u64,
    /// The tier's benefits, in the asked language.
    pub benefits: Vec<String>,
    /// "Spend 45.00 EUR more to reach Gold", in the asked language.
    pub next_tier: Option<String>,
    pub pending_note: Option<String>,
    pub orders: Vec<OrderPoints>,
}

impl Services {
    /// A customer's membership; their own, or any for staff.
    pub async fn membership(
        &self,
        viewer: &Viewer,
        customer_id: i64,
        lang: Option<&str>,
    ) -> Result<Membership> {
        let own = viewer.person_id == customer_id && viewer.may(Permission::ReadOrders);
        if !own && !viewer.may(Permission::ReadCustomers) {
            return Err(ServiceError::NotFound("person"));
        }
        let mut conn = self.store.reader().await?;
        let person = people::get(&mut conn, customer_id)
            .await?
            .ok_or(ServiceError::NotFound("person"))?;
        let lang = Lang::from_tag(lang.unwrap_or(&person.language));
        let tiers = &self.policy().membership.tiers;
        let window = self.policy().returns.window_days;
        let now = now_ms();
        let mut orders =
            commerce::list_orders(&mut conn, Some(customer_id), None, None, 1000).await?;
        orders.sort_by_key(|o| o.placed_at);
        let (mut available, mut pending) = (0u64, 0u64);
        let mut out = Vec::new();
        let mut last_currency = None;
        for order in orders.iter().filter(|o| {
            !matches!(
                o.status,
                OrderStatus::Cancelled | OrderStatus::PendingPayment
            )
        }) {
            let Ok(currency) = Currency::parse(&order.currency) else {
                continue;
            };
            last_currency = Some(currency);
            let payments = commerce::payments_of(&mut conn, order.id).await?;
            let sum = |kind: PaymentKind| {
                payments
                    .iter()
                    .filter(|p| p.kind == kind && p.status == PaymentStatus::Succeeded)
                    .map(|p| p.amount_minor)
                    .sum::<i64>()
            };
            let (paid, refunded) = (sum(PaymentKind::Capture), sum(PaymentKind::Refund));
            // Points are earned at the tier reached before this order.
            let earned = points_earned(tier_for(tiers, available + pending), paid, currency);
            let reversed = points_reversed(earned, paid, 0, refunded);
            let delivered_at = commerce::shipments_of(&mut conn, order.id)
                .await?
                .iter()
                .filter(|(s, _)| s.status == ShipmentStatus::Delivered)
                .filter_map(|(s, _)| s.delivered_at)
                .max();
            let status = points_status(now, delivered_at, window);
            let net = earned.saturating_sub(reversed);
            let (label, at) = match status {
                PointsStatus::Available => {
                    available += net;
                    ("available", None)
                }
                PointsStatus::Pending { available_at } => {
                    pending += net;
                    ("pending", available_at)
                }
            };
            out.push(OrderPoints {
                order_number: order.number.clone(),
                earned,
                reversed,
                status: label.into(),
                available_at: at.map(rfc3339),
            });
        }
        let tier = tier_for(tiers, available);
        let currency = last_currency.or_else(|| Currency::parse("EUR").ok());
        let next_tier =
            currency.and_then(|c| tier_progress(tiers, available, c).map(|p| p.message(c, lang)));
        let pending_note = (pending > 0)
            .then(|| PointsStatus::Pending { available_at: None }.message(pending, lang));
        Ok(Membership {
            tier: tier.map(|t| t.name.clone()),
            points_available: available,
            points_pending: pending,
            benefits: tier
                .map(|t| {
                    t.benefits
                        .describe(lang)
                        .into_iter()
                        .map(String::from)
                        .collect()
                })
                .unwrap_or_default(),
            next_tier,
            pending_note,
            orders: out,
        })
    }
}
