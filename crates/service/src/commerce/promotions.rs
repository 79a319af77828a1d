//! The shop's promotions, and for any order the line-by-line explanation of
//! its discounts and of every coupon that did not apply.

use marketdesk_domain::Currency;
use marketdesk_domain::access::Permission;
use marketdesk_domain::i18n::Lang;
use marketdesk_domain::promotions::{
    Cart, CartLine, Coupon, CustomerFacts, Explanation, ThresholdOffer, explain_recorded,
};
use marketdesk_domain::text::required_line;
use marketdesk_store::{commerce, people, promotions as store};
use serde::Serialize;

use crate::{Result, ServiceError, Services, Viewer, now_ms};

/// The promotions on file.
#[derive(Debug, Clone, Serialize)]
pub struct Catalogue {
    pub thresholds: Vec<ThresholdOffer>,
    pub coupons: Vec<Coupon>,
}

fn require(viewer: &Viewer) -> Result<()> {
    if viewer.may(Permission::ManagePromotions) {
        Ok(())
    } else {
        Err(ServiceError::forbidden("manage promotions"))
    }
}

fn key(field: &'static str, text: &str) -> Result<String> {
    let key = required_line(field, text, 64)?;
    if key.chars().any(char::is_whitespace) {
        return Err(ServiceError::field(field, "must not contain spaces"));
    }
    Ok(key)
}

impl Services {
    /// Creates or replaces a threshold offer ("spend X save Y").
    pub async fn put_threshold(
        &self,
        viewer: &Viewer,
        mut offer: ThresholdOffer,
    ) -> Result<ThresholdOffer> {
        require(viewer)?;
        offer.id = key("id", &offer.id)?;
        offer.name = required_line("name", &offer.name, 200)?;
        let definition =
            serde_json::to_string(&offer).map_err(|e| ServiceError::Unexpected(e.into()))?;
        let mut tx = self.store.begin().await?;
        store::put(&mut tx, "threshold", &offer.id, &definition, now_ms()).await?;
        tx.commit().await?;
        Ok(offer)
    }

    /// Creates or replaces a coupon; codes are matched case-insensitively.
    pub async fn put_coupon(&self, viewer: &Viewer, mut coupon: Coupon) -> Result<Coupon> {
        require(viewer)?;
        coupon.code = key("code", &coupon.code)?.to_uppercase();
        if coupon.min_spend_minor < 0 {
            return Err(ServiceError::field(
                "min_spend_minor",
                "must not be negative",
            ));
        }
        let definition =
            serde_json::to_string(&coupon).map_err(|e| ServiceError::Unexpected(e.into()))?;
        let mut tx = self.store.begin().await?;
        store::put(&mut tx, "coupon", &coupon.code, &definition, now_ms()).await?;
        tx.commit().await?;
        Ok(coupon)
    }

    pub async fn promotions(&self, viewer: &Viewer) -> Result<Catalogue> {
        if !viewer.may(Permission::ReadPromotions) {
            return Err(ServiceError::forbidden("list promotions"));
        }
        let mut conn = self.store.reader().await?;
        catalogue(&mut conn).await
    }

    /// How the discounts of an order were computed, and why each coupon that
    /// did not apply did not, in `lang` or the customer's language.
    pub async fn explain_discounts(
        &self,
        viewer: &Viewer,
        order_ref: &str,
        lang: Option<&str>,
    ) -> Result<Explanation> {
        // Visibility of the explanation is the visibility of the order.
        let detail = self.whole_order(viewer, order_ref).await?;
        let mut conn = self.store.reader().await?;
        let order = commerce::get_order(&mut conn, detail.order.id)
            .await?
            .ok_or(ServiceError::NotFound("order"))?;
        let lines = commerce::lines_of(&mut conn, order.id).await?;
        let currency = Currency::parse(&order.currency)
            .map_err(|e| ServiceError::Unexpected(anyhow::anyhow!("order currency: {e}")))?;
        let language = match lang {
            Some(l) => l.to_string(),
            None => people::get(&mut conn, order.customer_id)
                .await?
                .map(|c| c.language)
                .unwrap_or_else(|| "en".into()),
        };
        let Catalogue {
            thresholds,
            coupons,
        } = catalogue(&mut conn).await?;
        let entered = store::order_coupons(&mut conn, order.id).await?;
        let mut customer = CustomerFacts::default();
        let mut used = Vec::new();
        let mut unknown = Vec::new();
        for code in &entered {
            let (all, mine) = store::coupon_uses_before(
                &mut conn,
                code,
                order.customer_id,
                order.id,
                order.placed_at,
            )
            .await?;
            customer
                .coupon_uses
                .insert(code.clone(), u32::try_from(mine).unwrap_or(u32::MAX));
            match coupons.iter().find(|c| &c.code == code) {
                Some(c) => used.push(Coupon {
                    times_used: u32::try_from(all).unwrap_or(u32::MAX),
                    ..c.clone()
                }),
                // Entered at checkout but no coupon of the shop's: explained
                // as "not a valid code", never a reason to explain nothing.
                None => unknown.push(code.clone()),
            }
        }
        let cart = Cart {
            currency,
            lines: lines
                .iter()
                .map(|l| CartLine {
                    line_id: l.id,
                    sku: l.sku.clone(),
                    category: l.category.clone(),
                    seller_id: l.seller_id,
                    unit_price_minor: l.unit_price_minor,
                    quantity: u32::try_from(l.quantity).unwrap_or(0),
                })
                .collect(),
            customer,
            now: order.placed_at,
        };
        Ok(explain_recorded(
            &cart,
            &thresholds,
            &used,
            &unknown,
            // What the order recorded off: its own discount and its lines'.
            order.discount_minor + lines.iter().map(|l| l.discount_minor).sum::<i64>(),
            Lang::from_tag(&language),
        ))
    }
}

async fn catalogue(conn: &mut marketdesk_store::Conn) -> Result<Catalogue> {
    let parse_err =
        |e: serde_json::Error| ServiceError::Unexpected(anyhow::anyhow!("stored promotion: {e}"));
    let thresholds = store::all(conn, "threshold")
        .await?
        .iter()
        .map(|(_, d)| serde_json::from_str(d).map_err(parse_err))
        .collect::<Result<Vec<ThresholdOffer>>>()?;
    let coupons = store::all(conn, "coupon")
        .await?
        .iter()
        .map(|(_, d)| serde_json::from_str(d).map_err(parse_err))
        .collect::<Result<Vec<Coupon>>>()?;
    Ok(Catalogue {
        thresholds,
        coupons,
    })
}
