//! Returns and exchanges: eligibility, the label, carrier scans, warehouse
//! inspection, and one refund (or exchange) when the policy's trigger fires.

use marketdesk_domain::access::Permission;
use marketdesk_domain::commerce::{ReturnReason, ReturnStatus, ShipmentStatus};
use marketdesk_domain::i18n::Lang;
use marketdesk_domain::orders::OrderAction;
use marketdesk_domain::refunds::ActionStatus;
use marketdesk_domain::refunds::RefundStatus;
use marketdesk_domain::refunds::check_refund;
use marketdesk_domain::returns::{InspectionOutcome, NotReturnable, Stage, check_returnable};
use marketdesk_domain::{DAY_MS, Millis};
use marketdesk_messages::tr;
use marketdesk_store::commerce::{self, OrderLineRow, OrderRow};
use marketdesk_store::refunds::{self as store_refunds, RefundRow};
use marketdesk_store::returns::{self as store, ReturnCase, ReturnLine};
use marketdesk_store::{Conn, people};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use utoipa::ToSchema;

use super::action_path::{Begun, Start, go_or_replay, ledger, line_values, money};
use super::views::{ActionOutcome, ReturnCaseView, ReturnLineView};
use crate::commerce::{OrderView, RefundView};
use crate::kernel::auth::actor_id;
use crate::{Result, ServiceError, Services, Viewer, now_ms, rfc3339};

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReturnLineInput {
    pub line_id: i64,
    pub quantity: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Resolution {
    Refund,
    StoreCredit,
    Exchange,
}

impl Resolution {
    fn as_str(self) -> &'static str {
        match self {
            Resolution::Refund => "refund",
            Resolution::StoreCredit => "store_credit",
            Resolution::Exchange => "exchange",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewReturn {
    pub lines: Vec<ReturnLineInput>,
    pub reason: ReturnReason,
    pub resolution: Resolution,
    /// For an exchange: the variant wanted instead, such as {"size": "L"}.
    #[serde(default)]
    #[schema(value_type = Option<Object>)]
    pub exchange_variant: Option<Map<String, Value>>,
    /// `drop_off` (default) or `pickup`.
    #[serde(default)]
    pub method: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub ticket_id: Option<i64>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReturnEvent {
    /// `carrier_scan` (the parcel is on its way back) or `received` (at the warehouse).
    pub event: String,
    #[serde(default)]
    pub tracking_number: Option<String>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AcceptedLine {
    pub line_id: i64,
    pub accepted_quantity: i64,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Inspection {
    pub outcome: InspectionOutcome,
    /// For `partial`: how many units of each line are accepted.
    #[serde(default)]
    pub lines: Vec<AcceptedLine>,
    #[serde(default)]
    pub note: Option<String>,
    /// Links to photos of what arrived.
    #[serde(default)]
    pub photos: Vec<String>,
}

fn view(c: &ReturnCase, lines: &[ReturnLine], order_lines: &[OrderLineRow]) -> ReturnCaseView {
    ReturnCaseView {
        id: c.id,
        rma: c.rma.clone(),
        order_id: c.order_id,
        status: c.status,
        reason: c.reason,
        resolution: c.resolution.clone(),
        method: c.method.clone(),
        lines: lines
            .iter()
            .map(|l| {
                let ol = order_lines.iter().find(|o| o.id == l.order_line_id);
                ReturnLineView {
                    line_id: l.order_line_id,
                    sku: ol.map(|o| o.sku.clone()).unwrap_or_default(),
                    title: ol.map(|o| o.title.clone()).unwrap_or_default(),
                    quantity: l.quantity,
                    accepted_quantity: l.accepted_quantity,
                }
            })
            .collect(),
        return_address: c.warehouse.clone(),
        carrier: c.carrier.clone(),
        tracking_number: c.tracking_number.clone(),
        label_url: format!("/api/v1/returns/{}/label", c.rma),
        label_expires_at: c.label_expires_at.map(rfc3339),
        inspection_outcome: c.inspection_outcome.clone(),
        inspection_note: c.inspection_note.clone(),
        refund_id: c.refund_id,
        created_at: rfc3339(c.created_at),
    }
}

/// When the order (or the shipment with the line) was delivered.
async fn delivered_at(conn: &mut Conn, order_id: i64) -> Result<Option<Millis>> {
    let shipments = commerce::shipments_of(conn, order_id).await?;
    Ok(shipments
        .iter()
        .filter(|(s, _)| s.status == ShipmentStatus::Delivered)
        .filter_map(|(s, events)| {
            s.delivered_at
                .or_else(|| events.last().map(|e| e.occurred_at))
        })
        .max())
}

/// Units of each order line already in a live return.
async fn units_in_returns(conn: &mut Conn, order_id: i64) -> Result<Vec<(i64, i64)>> {
    let mut out: Vec<(i64, i64)> = Vec::new();
    for case in store::of_order(conn, order_id).await? {
        if matches!(
            case.status,
            ReturnStatus::Rejected | ReturnStatus::Cancelled
        ) {
            continue;
        }
        for line in store::lines(conn, case.id).await? {
            match out.iter_mut().find(|(id, _)| *id == line.order_line_id) {
                Some(entry) => entry.1 += line.quantity,
                None => out.push((line.order_line_id, line.quantity)),
            }
        }
    }
    Ok(out)
}

fn not_returnable(reason: NotReturnable, item: &str, lang: Lang) -> ServiceError {
    ServiceError::Refused {
        code: reason.code(),
        message: reason.explain(item, lang),
        alternatives: if matches!(reason, NotReturnable::NotDelivered) {
            vec!["track_order".into()]
        } else {
            vec!["contact_support".into()]
        },
        rule: crate::kernel::error::RefusedBy::Return {
            reason,
            item: item.to_string(),
        },
    }
}

impl Services {
    /// Starts a return (customer or staff): checks each item's eligibility,
    /// issues the label and the return address of the right warehouse.
    pub async fn create_return(
        &self,
        viewer: &Viewer,
        order_ref: &str,
        input: NewReturn,
        key: Option<&str>,
    ) -> Result<ActionOutcome> {
        self.start_return(viewer, order_ref, input, key, false)
            .await
    }

    /// A return the platform decided on a buyer–seller case: the return
    /// window and final sale do not refuse it.
    pub(crate) async fn return_decided_by_case(
        &self,
        viewer: &Viewer,
        order_ref: &str,
        input: NewReturn,
        key: Option<&str>,
    ) -> Result<ActionOutcome> {
        self.start_return(viewer, order_ref, input, key, true).await
    }

    async fn start_return(
        &self,
        viewer: &Viewer,
        order_ref: &str,
        input: NewReturn,
        key: Option<&str>,
        by_case: bool,
    ) -> Result<ActionOutcome> {
        if input.lines.is_empty() || input.lines.len() > 50 {
            return Err(ServiceError::field("lines", "name 1 to 50 lines to return"));
        }
        let method = input.method.clone().unwrap_or_else(|| "drop_off".into());
        if !matches!(method.as_str(), "drop_off" | "pickup") {
            return Err(ServiceError::field("method", "must be drop_off or pickup"));
        }
        if input.resolution == Resolution::Exchange
            && input.exchange_variant.as_ref().is_none_or(|v| v.is_empty())
        {
            return Err(ServiceError::field(
                "exchange_variant",
                "an exchange needs the variant wanted, such as {\"size\": \"L\"}",
            ));
        }
        let note = input.note.clone().unwrap_or_default();
        if note.chars().count() > 2000 {
            return Err(ServiceError::field("note", "at most 2000 characters"));
        }
        let mut begun = go_or_replay!(
            self.begin_action(
                viewer,
                order_ref,
                OrderAction::ReturnRequested,
                key,
                &input,
                true,
            )
            .await?
        );
        let now = now_ms();
        let order_lines = commerce::lines_of(&mut begun.tx, begun.order.id).await?;
        let delivered = delivered_at(&mut begun.tx, begun.order.id).await?;
        let taken = units_in_returns(&mut begun.tx, begun.order.id).await?;
        let country = begun.order.shipping_address["country"]
            .as_str()
            .unwrap_or("")
            .to_ascii_uppercase();
        let policy = self.policy().returns.clone();
        let mut lines = Vec::new();
        for ask in &input.lines {
            let Some(line) = order_lines.iter().find(|l| l.id == ask.line_id) else {
                return Err(ServiceError::field(
                    "lines",
                    format!("order {} has no line {}", begun.order.number, ask.line_id),
                ));
            };
            let window = policy.window_for(&line.category, &country);
            if !by_case {
                check_returnable(delivered, line.final_sale, window, now)
                    .map_err(|r| not_returnable(r, &line.title, begun.lang))?;
            }
            let already = taken
                .iter()
                .find(|(id, _)| *id == line.id)
                .map(|(_, q)| *q)
                .unwrap_or(0);
            let left = line.quantity - line.cancelled_quantity - already;
            if left <= 0 {
                return Err(not_returnable(
                    NotReturnable::NothingLeft,
                    &line.title,
                    begun.lang,
                ));
            }
            if ask.quantity < 1 || ask.quantity > left {
                return Err(ServiceError::field(
                    "lines",
                    format!(
                        "line {} has {left} units that can be returned, not {}",
                        line.id, ask.quantity
                    ),
                ));
            }
            lines.push(ReturnLine {
                order_line_id: line.id,
                quantity: ask.quantity,
                accepted_quantity: None,
            });
        }
        let warehouse = policy
            .warehouse_for(&country)
            .cloned()
            .ok_or_else(|| ServiceError::Unexpected(anyhow::anyhow!("no warehouse")))?;
        let carrier = commerce::shipments_of(&mut begun.tx, begun.order.id)
            .await?
            .first()
            .map(|(s, _)| s.carrier.clone());
        let count = store::of_order(&mut begun.tx, begun.order.id).await?.len();
        let mut case = ReturnCase {
            id: 0,
            rma: format!(
                "RMA-{}-{}",
                begun.order.number.trim_start_matches("SO-"),
                count + 1
            ),
            order_id: begun.order.id,
            status: ReturnStatus::LabelIssued,
            reason: input.reason,
            note,
            resolution: input.resolution.as_str().into(),
            method,
            label_expires_at: Some(now + i64::from(policy.label_expiry_days) * DAY_MS),
            warehouse: serde_json::to_value(&warehouse).unwrap_or(Value::Null),
            carrier: carrier.or_else(|| Some("Standard Post".into())),
            tracking_number: None,
            inspection_outcome: None,
            inspection_note: None,
            inspection_photos: json!([]),
            refund_id: None,
            exchange_variant: input
                .exchange_variant
                .as_ref()
                .map(|v| Value::Object(v.clone()).to_string()),
            ticket_id: input.ticket_id,
            created_at: now,
            updated_at: now,
        };
        case.id = store::insert(&mut begun.tx, &case, &lines).await?;
        let refund = self
            .maybe_refund(
                &mut begun,
                &mut case,
                &lines,
                &order_lines,
                Stage::Requested,
                viewer,
                now,
            )
            .await?;
        store::update(&mut begun.tx, &case).await?;
        let expires = case.label_expires_at.map(rfc3339).unwrap_or_default();
        let expires = expires.get(..10).unwrap_or(&expires);
        let lang = begun.lang;
        let carrier = match case.carrier.as_deref() {
            Some(carrier) => carrier,
            None => tr!(lang, "care-the-carrier"),
        };
        let message = tr!(
            lang,
            "care-return-ready",
            rma = case.rma,
            carrier = carrier,
            expires = expires
        );
        self.finish_return(begun, viewer, case, lines, order_lines, refund, message)
            .await
    }

    /// A carrier scan or the warehouse's receipt (staff or the platform).
    pub async fn return_event(
        &self,
        viewer: &Viewer,
        rma: &str,
        event: ReturnEvent,
    ) -> Result<ActionOutcome> {
        let (stage, status, action) = match event.event.as_str() {
            "carrier_scan" => (
                Stage::Scanned,
                ReturnStatus::InTransit,
                OrderAction::ReturnCarrierScan,
            ),
            "received" => (
                Stage::Received,
                ReturnStatus::Received,
                OrderAction::ReturnReceived,
            ),
            other => {
                return Err(ServiceError::field(
                    "event",
                    format!(
                        "'{}' is not carrier_scan or received",
                        other.chars().take(40).collect::<String>()
                    ),
                ));
            }
        };
        let (mut begun, mut case) = self.begin_return(viewer, rma, action).await?;
        let allowed = match status {
            ReturnStatus::InTransit => matches!(
                case.status,
                ReturnStatus::LabelIssued | ReturnStatus::Requested
            ),
            _ => matches!(
                case.status,
                ReturnStatus::LabelIssued | ReturnStatus::Requested | ReturnStatus::InTransit
            ),
        };
        if !allowed {
            return Err(ServiceError::Conflict(format!(
                "return {} is {} already",
                case.rma, case.status
            )));
        }
        let now = now_ms();
        case.status = status;
        if let Some(tracking) = event.tracking_number.as_deref() {
            case.tracking_number = Some(marketdesk_domain::text::required_line(
                "tracking_number",
                tracking,
                64,
            )?);
        }
        case.updated_at = now;
        let lines = store::lines(&mut begun.tx, case.id).await?;
        let order_lines = commerce::lines_of(&mut begun.tx, begun.order.id).await?;
        let refund = self
            .maybe_refund(
                &mut begun,
                &mut case,
                &lines,
                &order_lines,
                stage,
                viewer,
                now,
            )
            .await?;
        store::update(&mut begun.tx, &case).await?;
        let message = match status {
            ReturnStatus::InTransit => tr!(begun.lang, "care-return-in-transit", rma = case.rma),
            _ => tr!(begun.lang, "care-return-received", rma = case.rma),
        };
        self.finish_return(begun, viewer, case, lines, order_lines, refund, message)
            .await
    }

    /// The warehouse's inspection: accept, partial or reject, then the refund
    /// (or the exchange) of what was accepted — once.
    pub async fn inspect_return(
        &self,
        viewer: &Viewer,
        rma: &str,
        inspection: Inspection,
    ) -> Result<ActionOutcome> {
        if inspection.photos.len() > 20
            || inspection
                .photos
                .iter()
                .any(|p| !(p.starts_with("https://") || p.starts_with("http://")) || p.len() > 500)
        {
            return Err(ServiceError::field("photos", "up to 20 http(s) links"));
        }
        let note = inspection
            .note
            .as_deref()
            .map(|n| marketdesk_domain::text::required_text("note", n, 2000))
            .transpose()?;
        let (mut begun, mut case) = self
            .begin_return(viewer, rma, OrderAction::ReturnInspected)
            .await?;
        if !matches!(
            case.status,
            ReturnStatus::Received | ReturnStatus::InTransit | ReturnStatus::LabelIssued
        ) {
            return Err(ServiceError::Conflict(format!(
                "return {} is {} already",
                case.rma, case.status
            )));
        }
        let now = now_ms();
        let mut lines = store::lines(&mut begun.tx, case.id).await?;
        for line in &mut lines {
            let accepted = match inspection.outcome {
                InspectionOutcome::Accept => line.quantity,
                InspectionOutcome::Reject => 0,
                InspectionOutcome::Partial => {
                    let given = inspection
                        .lines
                        .iter()
                        .find(|a| a.line_id == line.order_line_id)
                        .map(|a| a.accepted_quantity)
                        .unwrap_or(0);
                    if !(0..=line.quantity).contains(&given) {
                        return Err(ServiceError::field(
                            "lines",
                            format!(
                                "line {} came back with {} units, not {given}",
                                line.order_line_id, line.quantity
                            ),
                        ));
                    }
                    given
                }
            };
            line.accepted_quantity = Some(accepted);
            store::set_accepted(&mut begun.tx, case.id, line.order_line_id, accepted).await?;
        }
        if inspection.outcome == InspectionOutcome::Partial
            && inspection
                .lines
                .iter()
                .any(|a| !lines.iter().any(|l| l.order_line_id == a.line_id))
        {
            return Err(ServiceError::field(
                "lines",
                "names a line that is not in this return",
            ));
        }
        case.inspection_outcome = Some(
            serde_json::to_value(inspection.outcome)
                .ok()
                .and_then(|v| v.as_str().map(String::from))
                .unwrap_or_default(),
        );
        case.inspection_note = note;
        case.inspection_photos = json!(inspection.photos);
        case.status = if inspection.outcome == InspectionOutcome::Reject {
            ReturnStatus::Rejected
        } else {
            ReturnStatus::Inspected
        };
        case.updated_at = now;
        let order_lines = commerce::lines_of(&mut begun.tx, begun.order.id).await?;
        let refund = self
            .maybe_refund(
                &mut begun,
                &mut case,
                &lines,
                &order_lines,
                Stage::Inspected,
                viewer,
                now,
            )
            .await?;
        store::update(&mut begun.tx, &case).await?;
        let lang = begun.lang;
        // An exchange that passed: the replacement is asked of the
        // platform (a request it confirms with the parcel's tracking).
        let replacement = if case.resolution == "exchange" && case.status == ReturnStatus::Inspected
        {
            self.request_replacement(&mut begun, &case, &lines, &order_lines, viewer, now)
                .await?
        } else {
            None
        };
        let message = match (&refund, case.status) {
            (_, ReturnStatus::Inspected) if replacement.is_some() => tr!(
                lang,
                "care-return-accepted-exchange",
                rma = case.rma,
                items = replacement.unwrap_or_default()
            ),
            (Some(r), _) if r.status == RefundStatus::PendingApproval => {
                waiting_refund_message(lang, &case.rma, &money(r.amount_minor, &r.currency))
            }
            (_, ReturnStatus::Rejected) => tr!(lang, "care-return-rejected", rma = case.rma),
            (Some(r), _) => tr!(
                lang,
                "care-return-accepted-refund",
                rma = case.rma,
                amount = money(r.amount_minor, &r.currency)
            ),
            (None, _) => tr!(lang, "care-return-accepted", rma = case.rma),
        };
        self.finish_return(begun, viewer, case, lines, order_lines, refund, message)
            .await
    }

    /// Asks for the replacement of an exchange's accepted units: an
    /// `exchange` request (the platform ships it and confirms with the
    /// tracking number). Returns the items in words, for the customer.
    async fn request_replacement(
        &self,
        begun: &mut Begun,
        case: &ReturnCase,
        lines: &[ReturnLine],
        order_lines: &[OrderLineRow],
        viewer: &Viewer,
        now: Millis,
    ) -> Result<Option<String>> {
        let wanted: Value = case
            .exchange_variant
            .as_deref()
            .and_then(|v| serde_json::from_str(v).ok())
            .unwrap_or(Value::Null);
        let wanted_words = wanted
            .as_object()
            .map(|v| {
                v.values()
                    .filter_map(Value::as_str)
                    .collect::<Vec<_>>()
                    .join(" / ")
            })
            .unwrap_or_default();
        let mut items = Vec::new();
        let mut words = Vec::new();
        for line in lines {
            let units = line.accepted_quantity.unwrap_or(0);
            let Some(order_line) = order_lines.iter().find(|l| l.id == line.order_line_id) else {
                continue;
            };
            if units == 0 {
                continue;
            }
            items.push(json!({"order_line_id": order_line.id, "sku": order_line.sku, "title": order_line.title,
                              "quantity": units, "from_variant": order_line.variant, "variant": wanted}));
            words.push(format!("{units} × {} ({wanted_words})", order_line.title));
        }
        if items.is_empty() {
            return Ok(None);
        }
        marketdesk_store::requests::insert(
            &mut begun.tx,
            &marketdesk_store::requests::OrderRequest {
                id: 0,
                order_id: begun.order.id,
                shipment_id: None,
                kind: "exchange".into(),
                state: "requested".into(),
                details: json!({"rma": case.rma, "items": items}),
                ticket_id: case.ticket_id,
                created_by: actor_id(viewer),
                created_at: now,
                updated_at: now,
            },
        )
        .await?;
        Ok(Some(words.join(", ")))
    }

    /// A return the viewer may see, with the data its label needs.
    pub async fn get_return(
        &self,
        viewer: &Viewer,
        rma: &str,
    ) -> Result<(ReturnCaseView, OrderRow, Value)> {
        if !viewer.may(Permission::ReadOrders) {
            return Err(ServiceError::forbidden("read returns"));
        }
        let mut conn = self.store.reader().await?;
        let case = store::by_rma(&mut conn, marketdesk_store::Backend::Sqlite, rma)
            .await?
            .ok_or(ServiceError::NotFound("return"))?;
        let order = commerce::get_order(&mut conn, case.order_id)
            .await?
            .ok_or(ServiceError::NotFound("return"))?;
        drop(conn);
        // Visibility of the return is the visibility of its order.
        self.whole_order(viewer, &order.id.to_string())
            .await
            .map_err(|_| ServiceError::NotFound("return"))?;
        let mut conn = self.store.reader().await?;
        let lines = store::lines(&mut conn, case.id).await?;
        let order_lines = commerce::lines_of(&mut conn, order.id).await?;
        let customer = people::get(&mut conn, order.customer_id).await?;
        let language = customer.map(|c| c.language).unwrap_or_else(|| "en".into());
        Ok((
            view(&case, &lines, &order_lines),
            order,
            json!({"language": language}),
        ))
    }

    /// Staff only: the RMA's order, locked, with the return.
    async fn begin_return(
        &self,
        viewer: &Viewer,
        rma: &str,
        action: OrderAction,
    ) -> Result<(Begun, ReturnCase)> {
        if !(viewer.is_staff() && viewer.may(Permission::ActOnOrders)) {
            return Err(ServiceError::forbidden("record return events"));
        }
        let order_id = {
            let mut conn = self.store.reader().await?;
            store::by_rma(&mut conn, marketdesk_store::Backend::Sqlite, rma)
                .await?
                .ok_or(ServiceError::NotFound("return"))?
                .order_id
        };
        let mut begun = match self
            .begin_action(viewer, &order_id.to_string(), action, None, &(), false)
            .await?
        {
            Start::Go(b) => *b,
            Start::Replay(_) => {
                return Err(ServiceError::Unexpected(anyhow::anyhow!(
                    "replay without a key"
                )));
            }
        };
        let case = store::by_rma(&mut begun.tx, self.store.backend(), rma)
            .await?
            .ok_or(ServiceError::NotFound("return"))?;
        Ok((begun, case))
    }

    /// Pays the return's refund when the policy's trigger has fired, once.
    #[allow(clippy::too_many_arguments)]
    async fn maybe_refund(
        &self,
        begun: &mut Begun,
        case: &mut ReturnCase,
        lines: &[ReturnLine],
        order_lines: &[OrderLineRow],
        stage: Stage,
        viewer: &Viewer,
        now: Millis,
    ) -> Result<Option<RefundRow>> {
        if case.refund_id.is_some()
            || case.resolution == "exchange"
            || !self.policy().returns.refund_trigger.fires_at(stage)
        {
            return Ok(None);
        }
        let values = line_values(&begun.order, order_lines);
        let mut amount = 0;
        for line in lines {
            let Some(index) = order_lines.iter().position(|l| l.id == line.order_line_id) else {
                continue;
            };
            let units = line.accepted_quantity.unwrap_or(line.quantity);
            amount += values[index] * units / order_lines[index].quantity;
        }
        let (ledger, method) = ledger(&mut begun.tx, begun.order.id).await?;
        let amount = amount.min(ledger.refundable());
        if amount <= 0 || check_refund(&ledger, amount).is_err() {
            return Ok(None);
        }
        let destination = if case.resolution == "store_credit" {
            "store_credit"
        } else {
            "original_method"
        };
        // A return a staff member opened on the customer's behalf and then
        // pays out is their decision, not the policy's: it counts toward
        // their limits (or one person could refund at will through returns).
        let opened_by_this_staff = match actor_id(viewer) {
            Some(person) if viewer.is_staff() => {
                marketdesk_store::audit::actor_recorded(
                    &mut begun.tx,
                    ("order", begun.order.id),
                    person,
                    "return_requested",
                    &format!("{} %", case.rma),
                )
                .await?
            }
            _ => false,
        };
        let pending = opened_by_this_staff
            && self
                .needs_approval(&mut begun.tx, viewer, &begun.order, amount)
                .await?;
        if opened_by_this_staff {
            let mut row = super::refunds::asked_refund(
                viewer,
                &begun.order,
                case.ticket_id,
                amount,
                destination,
                &format!("return {}", case.rma),
                pending,
                now,
            );
            row.id = store_refunds::insert(&mut begun.tx, &row).await?;
            if !pending {
                row.payment_id = Some(self.execute_refund(begun, &row, method, now).await?);
                store_refunds::update(&mut begun.tx, &row).await?;
            }
            case.refund_id = Some(row.id);
            if case.status == ReturnStatus::Inspected && !pending {
                case.status = ReturnStatus::Refunded;
            }
            return Ok(Some(row));
        }
        let mut row = RefundRow {
            id: 0,
            order_id: begun.order.id,
            ticket_id: case.ticket_id,
            amount_minor: amount,
            currency: begun.order.currency.clone(),
            destination: destination.into(),
            reason: format!("return {}", case.rma),
            status: RefundStatus::Completed,
            requested_by: actor_id(viewer),
            decided_by: actor_id(viewer),
            decision_note: Some("refund of a return, by the return policy".into()),
            payment_id: None,
            coupon_code: None,
            owed_by_policy: true,
            created_at: now,
            updated_at: now,
        };
        row.id = store_refunds::insert(&mut begun.tx, &row).await?;
        row.payment_id = Some(self.execute_refund(begun, &row, method, now).await?);
        store_refunds::update(&mut begun.tx, &row).await?;
        case.refund_id = Some(row.id);
        if case.status == ReturnStatus::Inspected {
            case.status = ReturnStatus::Refunded;
        }
        Ok(Some(row))
    }

    #[allow(clippy::too_many_arguments)]
    async fn finish_return(
        &self,
        begun: Begun,
        viewer: &Viewer,
        case: ReturnCase,
        lines: Vec<ReturnLine>,
        order_lines: Vec<OrderLineRow>,
        refund: Option<RefundRow>,
        message: String,
    ) -> Result<ActionOutcome> {
        let case_view = view(&case, &lines, &order_lines);
        let refund_view = refund.as_ref().map(|r| RefundView::new(r, self.policy()));
        let mut event = json!({"return": case_view, "refund": refund_view});
        if case.resolution == "exchange" && case.status == ReturnStatus::Inspected {
            event["exchange"] = json!({"variant": case.exchange_variant.as_deref().and_then(|v| serde_json::from_str::<Value>(v).ok())});
        }
        let waiting = refund
            .as_ref()
            .is_some_and(|r| r.status == RefundStatus::PendingApproval);
        let outcome = ActionOutcome {
            action: begun.action.to_string(),
            status: if waiting {
                ActionStatus::PendingApproval
            } else {
                ActionStatus::Done
            },
            message,
            order: OrderView::from(&begun.order),
            refund: refund_view,
            settlement: None,
            return_case: Some(case_view),
            replayed: false,
        };
        let changes = vec![(
            "return",
            None,
            Some(format!("{} {}", case.rma, case.status)),
        )];
        self.finish_action(begun, viewer, case.ticket_id, changes, event, outcome)
            .await
    }
}

/// A return's refund that waits for a supervisor's approval.
fn waiting_refund_message(lang: Lang, rma: &str, amount: &str) -> String {
    tr!(
        lang,
        "care-return-refund-pending",
        rma = rma,
        amount = amount
    )
}
