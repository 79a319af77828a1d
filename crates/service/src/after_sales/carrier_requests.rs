//! Requests to carriers and warehouses (reschedules, reships, claims) and
//! their states as the carrier answers.

use marketdesk_domain::access::Permission;
use marketdesk_domain::text::required_line;
use marketdesk_store::audit;
use marketdesk_store::requests::{self, OrderRequest};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use utoipa::ToSchema;

use crate::kernel::auth::actor_id;
use crate::{Result, ServiceError, Services, Viewer, now_ms, rfc3339};

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RequestUpdate {
    /// reschedule: `confirmed`, `failed`; reship: `shipped`, `delivered`;
    /// carrier_claim: `accepted`, `rejected`, `paid`.
    pub state: String,
    #[serde(default)]
    pub note: Option<String>,
    /// For a reship: the replacement's tracking number; for a paid claim: the amount.
    #[serde(default)]
    pub tracking_number: Option<String>,
    #[serde(default)]
    pub amount_minor: Option<i64>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RequestView {
    pub id: i64,
    pub order_id: i64,
    pub shipment_id: Option<i64>,
    pub kind: String,
    pub state: String,
    #[schema(value_type = Object)]
    pub details: Value,
    pub created_at: String,
    pub updated_at: String,
}

impl From<&OrderRequest> for RequestView {
    fn from(r: &OrderRequest) -> Self {
        RequestView {
            id: r.id,
            order_id: r.order_id,
            shipment_id: r.shipment_id,
            kind: r.kind.clone(),
            state: r.state.clone(),
            details: r.details.clone(),
            created_at: rfc3339(r.created_at),
            updated_at: rfc3339(r.updated_at),
        }
    }
}

async fn tell_exchange_shipped(
    conn: &mut marketdesk_store::Conn,
    request: &OrderRequest,
    now: marketdesk_domain::Millis,
) -> Result<()> {
    let Some(order) = marketdesk_store::commerce::get_order(conn, request.order_id).await? else {
        return Ok(());
    };
    let Some(customer) = marketdesk_store::people::get(conn, order.customer_id).await? else {
        return Ok(());
    };
    let lang = marketdesk_domain::i18n::Lang::from_tag(&customer.language);
    let tracking = request
        .details
        .get("replacement_tracking_number")
        .and_then(Value::as_str)
        .unwrap_or("—");
    let rma = request
        .details
        .get("rma")
        .and_then(Value::as_str)
        .unwrap_or("");
    let body = marketdesk_messages::tr!(
        lang,
        "care-exchange-shipped",
        rma = rma,
        tracking = tracking
    );
    marketdesk_store::outbox::enqueue(
        conn,
        &customer.email,
        &format!("{} — {rma}", order.number),
        &body,
        "exchange_shipped",
        now,
    )
    .await?;
    Ok(())
}

/// The states a request may move to from `from`.
fn next_states(kind: &str, from: &str) -> &'static [&'static str] {
    match (kind, from) {
        ("reschedule", "requested") => &["confirmed", "failed"],
        ("reship", "requested") => &["shipped"],
        ("exchange", "requested") => &["shipped"],
        ("exchange", "shipped") => &["delivered"],
        ("reship", "shipped") => &["delivered"],
        ("carrier_claim", "filed") => &["accepted", "rejected"],
        ("carrier_claim", "accepted") => &["paid"],
        _ => &[],
    }
}

impl Services {
    /// Requests to carriers and warehouses of an order (staff; the customer sees theirs).
    pub async fn order_requests(
        &self,
        viewer: &Viewer,
        order_ref: &str,
    ) -> Result<Vec<RequestView>> {
        let detail = self.whole_order(viewer, order_ref).await?;
        let mut conn = self.store.reader().await?;
        Ok(requests::of_order(&mut conn, detail.order.id)
            .await?
            .iter()
            .map(RequestView::from)
            .collect())
    }

    /// Moves a reschedule, reship or carrier claim along as the carrier answers.
    pub async fn update_request(
        &self,
        viewer: &Viewer,
        id: i64,
        update: RequestUpdate,
    ) -> Result<RequestView> {
        if !(viewer.is_staff() && viewer.may(Permission::ActOnOrders)) {
            return Err(ServiceError::forbidden("update carrier requests"));
        }
        let note = update
            .note
            .as_deref()
            .map(|n| required_line("note", n, 500))
            .transpose()?;
        let now = now_ms();
        let mut tx = self.store.begin().await?;
        let mut request = requests::get(&mut tx, id)
            .await?
            .ok_or(ServiceError::NotFound("request"))?;
        if !next_states(&request.kind, &request.state).contains(&update.state.as_str()) {
            return Err(ServiceError::Conflict(format!(
                "a {} that is {} cannot become '{}'; next: {}",
                request.kind,
                request.state,
                update.state.chars().take(30).collect::<String>(),
                next_states(&request.kind, &request.state).join(", ")
            )));
        }
        let old = request.state.clone();
        request.state = update.state.clone();
        if let Value::Object(details) = &mut request.details {
            if let Some(note) = &note {
                details.insert("note".into(), json!(note));
            }
            if let Some(tracking) = &update.tracking_number {
                details.insert(
                    "replacement_tracking_number".into(),
                    json!(required_line("tracking_number", tracking, 64)?),
                );
            }
            if let Some(amount) = update.amount_minor {
                details.insert("paid_minor".into(), json!(amount.max(0)));
            }
        }
        requests::set_state(&mut tx, id, &request.state, &request.details, now).await?;
        // The customer hears when their exchange is on its way.
        if request.kind == "exchange" && request.state == "shipped" {
            tell_exchange_shipped(&mut tx, &request, now).await?;
        }
        audit::record(
            &mut tx,
            &audit::AuditEntry {
                id: 0,
                subject_type: "order".into(),
                subject_id: request.order_id,
                ticket_id: request.ticket_id,
                actor_id: actor_id(viewer),
                action: format!("{}_updated", request.kind),
                field: Some("state".into()),
                old_value: Some(old),
                new_value: Some(request.state.clone()),
                created_at: now,
            },
        )
        .await?;
        self.queue_webhook(
            &mut tx,
            &format!("request.{}", request.kind),
            json!({"request_id": id, "state": request.state, "details": request.details}),
            now,
        )
        .await?;
        tx.commit().await?;
        request.updated_at = now;
        Ok(RequestView::from(&request))
    }
}
