//! The demo's money beyond orders: customers' store credit (issued, partly
//! spent, one lot expired), sellers' payouts (paid, on their way, one held
//! for a dispute, one late, one refused by the bank) and chargebacks on a
//! few sales — so "my payout never arrived" and "why is there a chargeback"
//! have real answers in the chat, the portal and the workspace.

use marketdesk_domain::commerce::OrderStatus;
use marketdesk_domain::ledger::{CreditEntryKind, HoldReason, PayoutStatus};
use marketdesk_domain::{DAY_MS, Millis};
use marketdesk_store::Conn;
use marketdesk_store::commerce;
use marketdesk_store::credit::{self, NewEntry, PayoutRow};

use super::Seeder;
use marketdesk_service::Result;

/// The policy's default validity of store credit, in days.
const CREDIT_DAYS: i64 = 365;

impl Seeder {
    pub(super) async fn ledgers(&mut self, conn: &mut Conn) -> Result<()> {
        self.store_credit(conn).await?;
        let disputed = self.chargebacks(conn).await?;
        self.payouts(conn, &disputed).await
    }

    /// Credit for every seventh customer: a goodwill lot, half spent at
    /// checkout for some, and an old lot that expired for one.
    async fn store_credit(&mut self, conn: &mut Conn) -> Result<()> {
        let now = self.now;
        let chosen: Vec<(usize, i64)> = self
            .customers
            .iter()
            .enumerate()
            .step_by(7)
            .map(|(i, c)| (i, c.id))
            .collect();
        for (k, (i, person)) in chosen.into_iter().enumerate() {
            let currency = self
                .orders
                .iter()
                .find(|o| o.customer == i)
                .map_or("USD", |o| o.currency);
            let big = currency == "JPY";
            let amount = if big {
                1500
            } else {
                1500 + 250 * (k as i64 % 5)
            };
            let issued_at = now - self.rng.range(3, 60) * DAY_MS;
            let lot = issue(
                conn,
                person,
                amount,
                currency,
                "goodwill: late delivery",
                issued_at,
            )
            .await?;
            credit::insert_code(
                conn,
                person,
                &format!("CREDIT-DEMO{:04}", 1001 + k),
                issued_at,
            )
            .await?;
            let latest = self
                .orders
                .iter()
                .rev()
                .find(|o| o.customer == i)
                .map(|o| o.number.clone());
            if k % 3 == 1
                && let Some(number) = latest
            {
                let spent = amount / 2;
                credit::take_from_lot(conn, lot, spent).await?;
                let at = issued_at + 2 * DAY_MS;
                credit::insert(
                    conn,
                    &entry(
                        person,
                        CreditEntryKind::Used,
                        -spent,
                        currency,
                        "checkout",
                        Some(&number),
                    ),
                    at,
                )
                .await?;
            }
            if k == 2 {
                // A lot from last year, gone unused: expired.
                let old_at = now - (CREDIT_DAYS + 20) * DAY_MS;
                let old = issue(
                    conn,
                    person,
                    1000,
                    currency,
                    "refund to store credit",
                    old_at,
                )
                .await?;
                credit::take_from_lot(conn, old, 1000).await?;
                credit::insert(
                    conn,
                    &entry(
                        person,
                        CreditEntryKind::Expired,
                        -1000,
                        currency,
                        "expired",
                        None,
                    ),
                    old_at + CREDIT_DAYS * DAY_MS,
                )
                .await?;
            }
        }
        Ok(())
    }

    /// Chargebacks on three delivered sales: one waiting for evidence, one
    /// under review, one won. Answers the disputed orders' numbers and sellers.
    async fn chargebacks(&mut self, conn: &mut Conn) -> Result<Vec<(String, i64)>> {
        let delivered: Vec<(i64, String)> = self
            .orders
            .iter()
            .filter(|o| o.status == OrderStatus::Delivered)
            .rev()
            .step_by(11)
            .take(3)
            .map(|o| (o.id, o.number.clone()))
            .collect();
        let cases = [
            (
                "needs_response",
                "product_not_received",
                Some(self.now + 6 * DAY_MS),
            ),
            ("under_review", "product_unacceptable", None),
            ("won", "fraudulent", None),
        ];
        let mut disputed = Vec::new();
        for ((order_id, number), (status, reason, due)) in delivered.into_iter().zip(cases) {
            let payments = commerce::payments_of(conn, order_id).await?;
            let Some(capture) = payments
                .iter()
                .find(|p| p.kind == marketdesk_domain::commerce::PaymentKind::Capture)
            else {
                continue;
            };
            commerce::set_payment_dispute(conn, capture.id, Some((status, reason, due))).await?;
            if status != "won"
                && let Some(seller) = commerce::lines_of(conn, order_id)
                    .await?
                    .iter()
                    .find_map(|l| l.seller_id)
            {
                disputed.push((number, seller));
            }
        }
        Ok(disputed)
    }

    /// Each seller's last payouts: paid a week ago, the next on its way;
    /// a seller with an open chargeback has one held for it; Northwind's
    /// is late; one seller's bank refused theirs.
    async fn payouts(&mut self, conn: &mut Conn, disputed: &[(String, i64)]) -> Result<()> {
        let now = self.now;
        for (i, &seller) in self.sellers.clone().iter().enumerate() {
            let currency = match i {
                1 | 5 | 9 => "CNY",
                2 | 4 | 7 => "EUR",
                _ => "USD",
            };
            let amount = self.rng.range(180, 2400) * 100;
            let mut rows = vec![payout(
                seller,
                i,
                "a",
                amount,
                currency,
                PayoutStatus::Paid,
                now - 7 * DAY_MS,
            )];
            rows[0].paid_at = rows[0].expected_at;
            let next_status = match i {
                3 => PayoutStatus::InTransit,
                8 => PayoutStatus::Failed,
                _ => PayoutStatus::Pending,
            };
            // Northwind's should have arrived three days ago.
            let next_at = if i == 3 {
                now - 3 * DAY_MS
            } else {
                now + 2 * DAY_MS
            };
            let mut next = payout(
                seller,
                i,
                "b",
                amount / 2 + 3100,
                currency,
                next_status,
                next_at,
            );
            if i == 8 {
                next.failure = Some("the bank account was closed".into());
            }
            rows.push(next);
            if let Some((number, _)) = disputed.iter().find(|(_, s)| *s == seller) {
                let mut held = payout(
                    seller,
                    i,
                    "c",
                    5400,
                    currency,
                    PayoutStatus::OnHold,
                    now + 5 * DAY_MS,
                );
                held.holds = vec![(HoldReason::OpenDispute, format!("chargeback on {number}"))];
                held.order_numbers = vec![number.clone()];
                rows.push(held);
            }
            for row in &rows {
                credit::upsert_payout(conn, row, now).await?;
            }
        }
        Ok(())
    }
}

async fn issue(
    conn: &mut Conn,
    person: i64,
    amount: i64,
    currency: &str,
    reason: &str,
    at: Millis,
) -> Result<i64> {
    let mut new = entry(
        person,
        CreditEntryKind::Issued,
        amount,
        currency,
        reason,
        None,
    );
    new.expires_at = Some(at + CREDIT_DAYS * DAY_MS);
    Ok(credit::insert(conn, &new, at).await?)
}

fn entry<'a>(
    person: i64,
    kind: CreditEntryKind,
    amount: i64,
    currency: &'a str,
    reason: &'a str,
    spent_on: Option<&'a str>,
) -> NewEntry<'a> {
    NewEntry {
        person_id: person,
        kind,
        amount_minor: amount,
        currency,
        reason,
        refund_id: None,
        expires_at: None,
        order_number: spent_on,
        reference: None,
    }
}

fn payout(
    seller: i64,
    index: usize,
    which: &str,
    amount: i64,
    currency: &str,
    status: PayoutStatus,
    expected_at: Millis,
) -> PayoutRow {
    PayoutRow {
        id: 0,
        seller_id: seller,
        reference: format!("po_demo_{}{which}", 201 + index),
        amount_minor: amount,
        currency: currency.to_string(),
        status,
        expected_at: Some(expected_at),
        paid_at: None,
        holds: Vec::new(),
        order_numbers: Vec::new(),
        failure: None,
        created_at: 0,
        updated_at: 0,
    }
}

impl Seeder {
    /// The catalogue and the order of the size-change story: a Spanish
    /// buyer's linen dress, paid and not yet packed, whose sizes the shop
    /// feeds (L costs more, XS is sold out) with a belt to add — through
    /// the real ingest, as the shop's platform would.
    pub(super) async fn dress_story(
        &self,
        services: &marketdesk_service::Services,
    ) -> Result<usize> {
        use marketdesk_service::commerce::{IngestOrder, IngestProducts};
        use marketdesk_service::kernel::auth::system_viewer;
        let Some(buyer) = self.customers.iter().find(|c| c.land.language == "es") else {
            return Ok(0);
        };
        let email = {
            let mut conn = services.raw_store().reader().await?;
            match marketdesk_store::people::get(&mut conn, buyer.id).await? {
                Some(p) => p.email,
                None => return Ok(0),
            }
        };
        let size = |size: &str, price: i64, stock: i64| {
            serde_json::json!({"sku": format!("DRESS-LINEN-OLIVE-{size}"), "attributes": {"colour": "olive", "size": size},
                "price_minor": price, "currency": "EUR", "stock": stock})
        };
        let products: IngestProducts = serde_json::from_value(serde_json::json!({"products": [
            {"product": "DRESS-LINEN", "variants": [
                size("XS", 3990, 0), size("S", 3990, 4), size("M", 3990, 6), size("L", 4490, 3)
            ]},
            {"product": "BELT-LEATHER", "variants": [
                {"sku": "BELT-LEATHER-TAN", "attributes": {"colour": "tan"}, "price_minor": 1290, "currency": "EUR", "stock": 8}
            ]}
        ]}))
        .map_err(|e| marketdesk_service::ServiceError::Unexpected(e.into()))?;
        let system = system_viewer();
        services.ingest_products(&system, products).await?;
        let placed = marketdesk_service::rfc3339(self.now - 3 * 60 * 60 * 1000);
        let order: IngestOrder = serde_json::from_value(serde_json::json!({
            "external_id": "gid://demo/Order/dress-1", "number": "SO-250901", "status": "paid", "currency": "EUR",
            "placed_at": placed, "updated_at": placed,
            "customer": {"email": email, "language": "es"},
            "lines": [
                {"sku": "DRESS-LINEN-OLIVE-S", "title": "Vestido de lino", "category": "apparel", "quantity": 1,
                 "unit_price_minor": 3990, "variant": {"colour": "olive", "size": "S"}},
                {"sku": "SOCKS-3", "title": "Calcetines (3 pares)", "category": "apparel", "quantity": 3, "unit_price_minor": 500}
            ],
            "shipping_minor": 399,
            "shipping_address": buyer.address,
            "payments": [{"reference": "pi_demo_dress_1", "kind": "capture", "method": "card", "status": "succeeded",
                          "amount_minor": 5889, "created_at": placed}]
        }))
        .map_err(|e| marketdesk_service::ServiceError::Unexpected(e.into()))?;
        services.ingest_order(&system, order).await?;
        Ok(1)
    }
}
