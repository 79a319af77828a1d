//! Opening a case, its steps and its thread: every change is checked by
//! the domain's rules (`disputes::apply`) and written only over the state
//! it was read in, so two steps at once never both count.

use marketdesk_domain::access::Permission;
use marketdesk_domain::disputes::{
    self as rules, Case, CaseReason, CaseStatus, OpenRefusal, Opening, OrderState, Outcome, Party,
    PayoutEffect, Remedy, Step, StepRefusal, Visibility,
};
use marketdesk_domain::i18n::Lang;
use marketdesk_domain::returns::check_returnable;
use marketdesk_domain::seller_standards::Standing;
use marketdesk_domain::{Millis, Role};
use marketdesk_messages::tr;
use marketdesk_store::disputes::{self as store, CaseOwner, CaseRow, EvidenceRow, MessageRow};
use marketdesk_store::seller_standards as standards_store;
use marketdesk_store::{Conn, audit, commerce, outbox, people};
use serde_json::json;

use super::views::{EarlierMessageView, ListingSnapshot, ViewParts, case_view};
use super::{
    CaseList, CaseMessageInput, CaseStepInput, CaseView, MAX_CASE_TEXT, MAX_EVIDENCE_BYTES,
    MAX_FILES_PER_CASE, MAX_FILES_PER_MESSAGE, MAX_MESSAGES_PER_CASE, NewCase,
};
use crate::kernel::attachments::{AttachmentInput, DecodedAttachment, decode};
use crate::kernel::auth::actor_id;
use crate::{Result, ServiceError, Services, Viewer, now_ms};

/// Cases listed at once.
const LISTED: i64 = 200;
/// The parties' earlier messages a case shows the platform.
const EARLIER_SHOWN: i64 = 50;

/// File types evidence may be, recognised by their content.
const EVIDENCE_TYPES: [&str; 5] = [
    "image/jpeg",
    "image/png",
    "image/webp",
    "image/gif",
    "application/pdf",
];

/// How the viewer takes part in a case; `None`: not at all.
pub(crate) fn party_of(viewer: &Viewer, c: &CaseRow) -> Option<Party> {
    if !viewer.may(Permission::ReadOrders) {
        return None;
    }
    if viewer.is_staff() {
        Some(Party::Platform)
    } else if viewer.person_id == c.buyer_id {
        Some(Party::Buyer)
    } else if viewer.person_id == c.seller_id {
        Some(Party::Seller)
    } else {
        None
    }
}

/// A case the viewer takes part in, and how; anyone else is told it does
/// not exist.
async fn readable_case(conn: &mut Conn, viewer: &Viewer, case_id: i64) -> Result<(CaseRow, Party)> {
    if !viewer.may(Permission::ReadOrders) {
        return Err(ServiceError::forbidden("read cases"));
    }
    let row = store::get_case(conn, case_id)
        .await?
        .ok_or(ServiceError::NotFound("case"))?;
    let party = party_of(viewer, &row).ok_or(ServiceError::NotFound("case"))?;
    Ok((row, party))
}

/// The domain's view of a stored case.
pub(crate) fn rules_case(c: &CaseRow) -> Result<Case> {
    let corrupt = |what: &str| ServiceError::Unexpected(anyhow::anyhow!("case {}: {what}", c.id));
    Ok(Case {
        status: CaseStatus::parse(&c.status).map_err(|_| corrupt("status"))?,
        opened_at: c.opened_at,
        seller_due_at: c.seller_due_at,
        offer: c.offer.as_deref().and_then(|o| Remedy::parse(o).ok()),
        outcome: c.outcome.as_deref().and_then(|o| Outcome::parse(o).ok()),
        resolved_at: c.resolved_at,
        decided_by: c.decided_by,
        appealed: c.appealed,
    })
}

/// Decodes a message's files and checks each by its content.
fn evidence_files(files: &[AttachmentInput]) -> Result<Vec<DecodedAttachment>> {
    if files.len() > MAX_FILES_PER_MESSAGE {
        return Err(ServiceError::field(
            "attachments",
            format!("at most {MAX_FILES_PER_MESSAGE} files at once"),
        ));
    }
    let mut out = Vec::with_capacity(files.len());
    for file in files {
        let mut decoded = decode(file, MAX_EVIDENCE_BYTES)?;
        let sniffed = infer::get(&decoded.bytes).map(|k| k.mime_type());
        match sniffed {
            Some(kind) if EVIDENCE_TYPES.contains(&kind) => decoded.content_type = kind.into(),
            _ => {
                return Err(ServiceError::field(
                    "attachments",
                    format!(
                        "{} is not a photo or a PDF (JPEG, PNG, WebP, GIF or PDF, by its content)",
                        decoded.filename
                    ),
                ));
            }
        }
        out.push(decoded);
    }
    Ok(out)
}

fn case_text(field: &'static str, text: &str) -> Result<String> {
    let text = text.trim();
    if text.is_empty() {
        return Err(ServiceError::field(field, "must not be empty"));
    }
    if text.chars().count() > MAX_CASE_TEXT {
        return Err(ServiceError::field(
            field,
            format!("at most {MAX_CASE_TEXT} characters"),
        ));
    }
    Ok(text.to_string())
}

fn open_refusal(r: OpenRefusal) -> ServiceError {
    match r {
        OpenRefusal::ContactSellerFirst => ServiceError::field(
            "seller_contacted",
            "write to the seller first: most cases are settled there; open a case if they do not help",
        ),
        OpenRefusal::ReturnFirst => ServiceError::field(
            "return_declined",
            "a return solves this: start a return, or say you want a case instead",
        ),
        OpenRefusal::TooEarly { from } => ServiceError::field(
            "reason",
            format!(
                "the order is not late yet: it can be reported as not received from {}",
                crate::rfc3339(from)
            ),
        ),
        OpenRefusal::TooLate { until } => ServiceError::field(
            "reason",
            format!("the time to open a case ended on {}", crate::rfc3339(until)),
        ),
        OpenRefusal::NotDelivered => ServiceError::field(
            "reason",
            "the order has not been delivered yet: report it as not received",
        ),
    }
}

fn step_refusal(r: StepRefusal) -> ServiceError {
    match r {
        StepRefusal::NotYourTurn => ServiceError::forbidden("take this step on this case"),
        other => ServiceError::Conflict(other.to_string()),
    }
}

/// The seller's lines of the order: their value, in minor units (what a
/// refund on the case may reach at most).
pub(crate) fn lines_value(lines: &[commerce::OrderLineRow], seller: i64) -> i64 {
    lines
        .iter()
        .filter(|l| l.seller_id == Some(seller))
        .map(|l| {
            let units = (l.quantity - l.cancelled_quantity).max(0);
            (l.unit_price_minor * units - l.discount_minor * units / l.quantity.max(1)).max(0)
        })
        .sum()
}

impl Services {
    /// A buyer (or staff for them) opens a case on an order.
    pub async fn open_case(&self, viewer: &Viewer, input: NewCase) -> Result<CaseView> {
        if !viewer.may(Permission::ActOnCases) || viewer.role == Role::Seller {
            return Err(ServiceError::forbidden("open a case"));
        }
        let description = case_text("description", &input.description)?;
        let files = evidence_files(&input.attachments)?;
        let detail = self.whole_order(viewer, &input.order).await?;
        let order_id = detail.order.id;
        let now = now_ms();
        let policy = self.policy().disputes.clone();
        let mut conn = self.store.reader().await?;
        let order = commerce::get_order(&mut conn, order_id)
            .await?
            .ok_or(ServiceError::NotFound("order"))?;
        let lines = commerce::lines_of(&mut conn, order_id).await?;
        let sellers: std::collections::BTreeSet<i64> =
            lines.iter().filter_map(|l| l.seller_id).collect();
        let seller_id = match (input.seller_id, sellers.len()) {
            (Some(id), _) if sellers.contains(&id) => id,
            (Some(_), _) => {
                return Err(ServiceError::field(
                    "seller_id",
                    "sells nothing on this order",
                ));
            }
            (None, 1) => *sellers.iter().next().unwrap_or(&0),
            (None, 0) => {
                return Err(ServiceError::field(
                    "order",
                    "has no marketplace seller: ask the shop's support instead",
                ));
            }
            (None, _) => {
                return Err(ServiceError::field(
                    "seller_id",
                    "the order has several sellers: name the one the case is against",
                ));
            }
        };
        let shipments = commerce::shipments_of(&mut conn, order_id).await?;
        let estimated = shipments
            .iter()
            .filter_map(|(s, _)| s.estimated_delivery_at)
            .max();
        let delivered =
            if !shipments.is_empty() && shipments.iter().all(|(s, _)| s.delivered_at.is_some()) {
                shipments.iter().filter_map(|(s, _)| s.delivered_at).max()
            } else {
                None
            };
        let country = order.shipping_address["country"]
            .as_str()
            .unwrap_or("")
            .to_ascii_uppercase();
        let returns = &self.policy().returns;
        let return_open = lines
            .iter()
            .filter(|l| l.seller_id == Some(seller_id))
            .any(|l| {
                check_returnable(
                    delivered,
                    l.final_sale,
                    returns.window_for(&l.category, &country),
                    now,
                )
                .is_ok()
            });
        rules::may_open(
            &policy,
            OrderState {
                estimated_delivery_at: estimated,
                delivered_at: delivered,
                return_open,
            },
            Opening {
                reason: input.reason,
                seller_contacted: input.seller_contacted,
                return_declined: input.return_declined,
            },
            now,
        )
        .map_err(open_refusal)?;
        let seller = people::get(&mut conn, seller_id)
            .await?
            .ok_or(ServiceError::NotFound("seller"))?;
        let buyer = people::get(&mut conn, order.customer_id)
            .await?
            .ok_or(ServiceError::NotFound("buyer"))?;
        drop(conn);
        let zone = jiff::tz::TimeZone::get(&seller.time_zone).unwrap_or(jiff::tz::TimeZone::UTC);
        let mut row = CaseRow {
            id: 0,
            order_id,
            buyer_id: order.customer_id,
            seller_id,
            ticket_id: None,
            reason: input.reason.as_str().into(),
            status: CaseStatus::AwaitingSeller.as_str().into(),
            currency: order.currency.clone(),
            offer: None,
            offer_amount_minor: None,
            outcome: None,
            outcome_amount_minor: None,
            payout: PayoutEffect::Held.as_str().into(),
            opened_at: now,
            seller_due_at: rules::add_business_days(
                now,
                policy.seller_response_business_days,
                &zone,
            ),
            escalated_at: None,
            decision_due_at: None,
            resolved_at: None,
            decided_by: None,
            appealed: false,
            executed: false,
            due_at: None,
            updated_at: now,
        };
        row.due_at = rules::due(&policy, rules_case(&row)?);
        let party = if viewer.person_id == buyer.id {
            Party::Buyer
        } else {
            Party::Platform
        };
        let staged = self.stage_attachments(&files).await?;
        let outcome = async {
            let mut tx = self.store.begin().await?;
            row.id = store::insert_case(&mut tx, &row)
                .await
                .map_err(|e| match e {
                    marketdesk_store::StoreError::Conflict(what) => {
                        ServiceError::Conflict(format!("there is already {what}"))
                    }
                    other => other.into(),
                })?;
            let language = if party == Party::Buyer {
                buyer.language.clone()
            } else {
                "en".into()
            };
            self.write_case_message(
                &mut tx,
                &row,
                viewer,
                party,
                Visibility::Everyone,
                &language,
                &description,
                &files,
                now,
            )
            .await?;
            self.record_case_step(&mut tx, &row, viewer, "opened", None, now)
                .await?;
            self.tell_parties(
                &mut tx,
                &row,
                &order.number,
                "opened",
                &[Party::Seller],
                now,
            )
            .await?;
            tx.commit().await?;
            Ok::<_, ServiceError>(())
        }
        .await;
        staged.settle(&outcome).await;
        outcome?;
        self.get_case(viewer, row.id).await
    }

    /// One step of a party on a case.
    pub async fn case_step(
        &self,
        viewer: &Viewer,
        case_id: i64,
        input: CaseStepInput,
    ) -> Result<CaseView> {
        if !viewer.may(Permission::ActOnCases) {
            return Err(ServiceError::forbidden("act on cases"));
        }
        let note = match input.note.as_deref().map(str::trim) {
            Some(n) if !n.is_empty() => Some(case_text("note", n)?),
            _ => None,
        };
        let mut conn = self.store.reader().await?;
        let (read, party) = readable_case(&mut conn, viewer, case_id).await?;
        let order = commerce::get_order(&mut conn, read.order_id)
            .await?
            .ok_or(ServiceError::NotFound("order"))?;
        let lines = commerce::lines_of(&mut conn, read.order_id).await?;
        drop(conn);
        let value = lines_value(&lines, read.seller_id);
        let amount = |needed: bool| -> Result<Option<i64>> {
            match (needed, input.amount_minor) {
                (false, _) => Ok(None),
                (true, Some(a)) if a > 0 && a <= value => Ok(Some(a)),
                (true, Some(_)) => Err(ServiceError::field(
                    "amount_minor",
                    format!("between 1 and {value}, what the seller's items cost"),
                )),
                (true, None) => Err(ServiceError::field(
                    "amount_minor",
                    "a partial refund needs its amount",
                )),
            }
        };
        let (step, step_amount) = match input.step.as_str() {
            "offer" => {
                let remedy = input
                    .remedy
                    .ok_or_else(|| ServiceError::field("remedy", "an offer names its remedy"))?;
                (
                    Step::Offer(remedy),
                    amount(remedy == Remedy::PartialRefund)?,
                )
            }
            "contest" => (Step::Contest, None),
            "accept" => (Step::Accept, read.offer_amount_minor),
            "reject" => (Step::Reject, None),
            "escalate" => (Step::Escalate, None),
            "withdraw" => (Step::Withdraw, None),
            "appeal" => (Step::Appeal, None),
            "decide" => {
                if !viewer.may(Permission::DecideCases) {
                    return Err(ServiceError::forbidden("decide cases"));
                }
                let outcome = input.outcome.ok_or_else(|| {
                    ServiceError::field("outcome", "a decision names its outcome")
                })?;
                (
                    Step::Decide {
                        outcome,
                        by: viewer.person_id,
                    },
                    amount(outcome.needs_amount())?,
                )
            }
            _ => {
                return Err(ServiceError::field(
                    "step",
                    "offer, contest, accept, reject, escalate, withdraw, appeal or decide",
                ));
            }
        };
        let policy = self.policy().disputes.clone();
        let now = now_ms();
        let before = rules_case(&read)?;
        let after = rules::apply(&policy, before, party, step, now).map_err(step_refusal)?;
        let mut row = read.clone();
        row.status = after.status.as_str().into();
        row.offer = after.offer.map(|o| o.as_str().to_string());
        row.offer_amount_minor = match step {
            Step::Offer(_) => step_amount,
            _ if after.offer.is_none() => None,
            _ => read.offer_amount_minor,
        };
        if after.outcome != before.outcome {
            row.outcome = after.outcome.map(|o| o.as_str().to_string());
            row.outcome_amount_minor = step_amount;
            row.executed = false;
        }
        row.resolved_at = after.resolved_at;
        row.decided_by = after.decided_by;
        row.appealed = after.appealed;
        if matches!(step, Step::Escalate | Step::Appeal) {
            row.escalated_at = Some(now);
            row.decision_due_at = Some(rules::decision_due(&policy, now));
        }
        row.payout = rules::payout_effect(after.status, after.outcome)
            .as_str()
            .into();
        row.due_at = rules::due(&policy, after);
        row.updated_at = now.max(read.updated_at + 1);
        let name = input.step.as_str();
        let mut tx = self.store.begin().await?;
        if !store::update_case(&mut tx, &row, &read).await? {
            return Err(ServiceError::Conflict(
                "the case changed meanwhile: read it again".into(),
            ));
        }
        if party == Party::Seller {
            standards_store::mark_seller_answered(&mut tx, row.id, now).await?;
        }
        if let Some(note) = &note {
            let language = self.language_of(&mut tx, viewer).await?;
            self.write_case_message(
                &mut tx,
                &row,
                viewer,
                party,
                Visibility::Everyone,
                &language,
                note,
                &[],
                now,
            )
            .await?;
        }
        self.record_case_step(&mut tx, &row, viewer, name, Some(&read), now)
            .await?;
        let others: Vec<Party> = [Party::Buyer, Party::Seller]
            .into_iter()
            .filter(|p| *p != party)
            .collect();
        self.tell_parties(&mut tx, &row, &order.number, name, &others, now)
            .await?;
        tx.commit().await?;
        if matches!(step, Step::Escalate | Step::Appeal) {
            self.case_ticket(&row, &order.number).await?;
        }
        if row.outcome.is_some() && !row.executed {
            self.settle_case_outcome(row.id).await;
        }
        // A decision counts in the seller's standards and the buyer's record.
        if row.decided_by.is_some() && row.outcome != read.outcome {
            self.after_case_outcome(row.seller_id, row.buyer_id).await;
        }
        self.get_case(viewer, case_id).await
    }

    /// A message in a case's thread, with files.
    pub async fn case_message(
        &self,
        viewer: &Viewer,
        case_id: i64,
        input: CaseMessageInput,
    ) -> Result<CaseView> {
        if !viewer.may(Permission::ActOnCases) {
            return Err(ServiceError::forbidden("write on cases"));
        }
        let body = case_text("body", &input.body)?;
        let files = evidence_files(&input.attachments)?;
        let mut conn = self.store.reader().await?;
        let (row, party) = readable_case(&mut conn, viewer, case_id).await?;
        let visibility = input.visibility.unwrap_or(Visibility::Everyone);
        if !visibility.writable_by(party) {
            return Err(ServiceError::field(
                "visibility",
                "write to everyone, or to the platform alone",
            ));
        }
        if row.status == CaseStatus::Closed.as_str() {
            return Err(ServiceError::Conflict("the case is closed".into()));
        }
        let written = store::messages(&mut conn, case_id, &["everyone", "buyer", "seller"])
            .await?
            .len();
        if written >= MAX_MESSAGES_PER_CASE {
            return Err(ServiceError::Conflict(format!(
                "a case holds at most {MAX_MESSAGES_PER_CASE} messages"
            )));
        }
        if store::evidence_count(&mut conn, case_id).await? + files.len() as i64
            > MAX_FILES_PER_CASE
        {
            return Err(ServiceError::field(
                "attachments",
                format!("a case holds at most {MAX_FILES_PER_CASE} files"),
            ));
        }
        let language = self.language_of(&mut conn, viewer).await?;
        drop(conn);
        let now = now_ms();
        let staged = self.stage_attachments(&files).await?;
        let outcome = async {
            let mut tx = self.store.begin().await?;
            self.write_case_message(
                &mut tx, &row, viewer, party, visibility, &language, &body, &files, now,
            )
            .await?;
            if party == Party::Seller {
                standards_store::mark_seller_answered(&mut tx, row.id, now).await?;
            }
            tx.commit().await?;
            Ok::<_, ServiceError>(())
        }
        .await;
        staged.settle(&outcome).await;
        outcome?;
        self.get_case(viewer, case_id).await
    }

    /// A case as the viewer may see it.
    pub async fn get_case(&self, viewer: &Viewer, case_id: i64) -> Result<CaseView> {
        let mut conn = self.store.reader().await?;
        let (row, party) = readable_case(&mut conn, viewer, case_id).await?;
        let view = self
            .case_view_for(&mut conn, viewer, party, &row, true)
            .await?;
        Ok(view)
    }

    /// The viewer's cases (all for staff), newest first; `status` filters.
    pub async fn list_cases(&self, viewer: &Viewer, status: Option<&str>) -> Result<CaseList> {
        if !viewer.may(Permission::ReadOrders) {
            return Err(ServiceError::forbidden("read cases"));
        }
        let statuses: Vec<&str> = match status.map(str::trim).filter(|s| !s.is_empty()) {
            None => vec![],
            // The platform's queue: what waits for a decision.
            Some("queue") => vec!["escalated", "appealed"],
            Some(s) => {
                CaseStatus::parse(s)
                    .map_err(|_| ServiceError::field("status", "a case status, or `queue`"))?;
                vec![s]
            }
        };
        let owner = if viewer.is_staff() {
            CaseOwner::Everyone
        } else if viewer.role == Role::Seller {
            CaseOwner::Seller(viewer.person_id)
        } else {
            CaseOwner::Buyer(viewer.person_id)
        };
        let mut conn = self.store.reader().await?;
        let rows = store::list_cases(&mut conn, owner, &statuses, LISTED).await?;
        let mut cases = Vec::with_capacity(rows.len());
        for row in &rows {
            if let Some(party) = party_of(viewer, row) {
                cases.push(
                    self.case_view_for(&mut conn, viewer, party, row, false)
                        .await?,
                );
            }
        }
        if statuses.len() == 2 {
            // The queue: the nearest decision first.
            cases.sort_by(|a, b| {
                let due = |c: &CaseView| c.decision_due.as_ref().map(|d| d.at.clone());
                due(a).cmp(&due(b))
            });
        }
        Ok(CaseList { cases })
    }

    /// An evidence file of a case, for anyone who may read the message
    /// that brought it.
    pub async fn case_file(
        &self,
        viewer: &Viewer,
        case_id: i64,
        file_id: i64,
    ) -> Result<(EvidenceRow, Vec<u8>)> {
        let mut conn = self.store.reader().await?;
        let (_, party) = readable_case(&mut conn, viewer, case_id).await?;
        let (file, _) = store::evidence(&mut conn, case_id)
            .await?
            .into_iter()
            .find(|(e, v)| e.id == file_id && Visibility::parse(v).is_ok_and(|v| v.shown_to(party)))
            .ok_or(ServiceError::NotFound("file"))?;
        drop(conn);
        let bytes = self.read_attachment_file(&file.sha256).await?;
        Ok((file, bytes))
    }

    async fn case_view_for(
        &self,
        conn: &mut Conn,
        viewer: &Viewer,
        party: Party,
        row: &CaseRow,
        whole: bool,
    ) -> Result<CaseView> {
        let order_number = commerce::get_order(conn, row.order_id)
            .await?
            .map(|o| o.number)
            .unwrap_or_default();
        let zone = match people::get(conn, viewer.person_id).await? {
            Some(p) => p.time_zone,
            None => "UTC".into(),
        };
        let now = now_ms();
        let mut messages = vec![];
        let mut order = None;
        let mut listings = vec![];
        let mut seller_standing = None;
        let mut buyer_flag = None;
        let mut earlier_messages = vec![];
        if whole {
            let visible: Vec<&str> = Visibility::ALL
                .iter()
                .filter(|v| v.shown_to(party))
                .map(|v| v.as_str())
                .collect();
            let files = store::evidence(conn, row.id).await?;
            for m in store::messages(conn, row.id, &visible).await? {
                let mine: Vec<EvidenceRow> = files
                    .iter()
                    .filter(|(e, _)| e.message_id == m.id)
                    .map(|(e, _)| e.clone())
                    .collect();
                messages.push((m, mine));
            }
            order = self.get_order(viewer, &order_number).await.ok();
            listings = standards_store::listings(conn, row.order_id, row.seller_id)
                .await?
                .into_iter()
                .filter_map(|(line_no, json)| {
                    Some(ListingSnapshot {
                        line_no,
                        listing: serde_json::from_str(&json).ok()?,
                    })
                })
                .collect();
            if party == Party::Platform {
                seller_standing = standards_store::get_standing(conn, row.seller_id)
                    .await?
                    .and_then(|s| Standing::parse(&s.standing).ok());
                buyer_flag = self.buyer_flag(conn, row.buyer_id).await?;
                earlier_messages = store::earlier_messages(conn, row, row.opened_at, EARLIER_SHOWN)
                    .await?
                    .into_iter()
                    .map(|m| EarlierMessageView {
                        ticket_id: m.ticket_id,
                        ticket_reference: marketdesk_domain::ticket::TicketRef::from_id(
                            m.ticket_id,
                        )
                        .to_string(),
                        party: if m.author_id == row.buyer_id {
                            "buyer"
                        } else {
                            "seller"
                        }
                        .into(),
                        body: m.body.chars().take(2_000).collect(),
                        created_at: crate::rfc3339(m.created_at),
                    })
                    .collect();
            }
        }
        let case = rules_case(row)?;
        let policy = &self.policy().disputes;
        let steps = [
            "offer", "contest", "accept", "reject", "escalate", "withdraw", "appeal",
        ]
        .into_iter()
        .filter(|name| {
            let step = match *name {
                "offer" => Step::Offer(Remedy::FullRefund),
                "contest" => Step::Contest,
                "accept" => Step::Accept,
                "reject" => Step::Reject,
                "escalate" => Step::Escalate,
                "withdraw" => Step::Withdraw,
                _ => Step::Appeal,
            };
            rules::apply(policy, case, party, step, now).is_ok()
        })
        .map(String::from)
        .chain(
            (party == Party::Platform
                && viewer.may(Permission::DecideCases)
                && rules::apply(
                    policy,
                    case,
                    party,
                    Step::Decide {
                        outcome: Outcome::SellerWins,
                        by: viewer.person_id,
                    },
                    now,
                )
                .is_ok())
            .then(|| "decide".to_string()),
        )
        .collect();
        Ok(case_view(ViewParts {
            case: row,
            order_number,
            party,
            zone: &zone,
            now,
            steps,
            messages,
            order,
            listings,
            seller_standing,
            buyer_flag,
            earlier_messages,
        }))
    }

    async fn language_of(&self, conn: &mut Conn, viewer: &Viewer) -> Result<String> {
        Ok(people::get(conn, viewer.person_id)
            .await?
            .map(|p| p.language)
            .unwrap_or_else(|| "en".into()))
    }

    #[allow(clippy::too_many_arguments)]
    async fn write_case_message(
        &self,
        conn: &mut Conn,
        row: &CaseRow,
        viewer: &Viewer,
        party: Party,
        visibility: Visibility,
        language: &str,
        body: &str,
        files: &[DecodedAttachment],
        now: Millis,
    ) -> Result<()> {
        let message = MessageRow {
            id: 0,
            case_id: row.id,
            author_id: actor_id(viewer),
            party: party.as_str().into(),
            visibility: visibility.as_str().into(),
            language: language.into(),
            body: body.into(),
            created_at: now,
        };
        let message_id = store::insert_message(conn, &message).await?;
        for f in files {
            store::insert_evidence(
                conn,
                &EvidenceRow {
                    id: 0,
                    case_id: row.id,
                    message_id,
                    filename: f.filename.clone(),
                    content_type: f.content_type.clone(),
                    size_bytes: f.bytes.len() as i64,
                    sha256: f.sha256.clone(),
                    created_at: now,
                },
            )
            .await?;
        }
        Ok(())
    }

    /// The step in the audit trail, and the event to the platform (with the
    /// payout's state whenever it changed).
    pub(crate) async fn record_case_step(
        &self,
        conn: &mut Conn,
        row: &CaseRow,
        viewer: &Viewer,
        step: &str,
        before: Option<&CaseRow>,
        now: Millis,
    ) -> Result<()> {
        audit::record(
            conn,
            &audit::AuditEntry {
                id: 0,
                subject_type: "case".into(),
                subject_id: row.id,
                ticket_id: row.ticket_id,
                actor_id: actor_id(viewer),
                action: format!("case_{step}"),
                field: Some("status".into()),
                old_value: before.map(|b| b.status.clone()),
                new_value: Some(row.status.clone()),
                created_at: now,
            },
        )
        .await?;
        let data = json!({"case": {
            "id": row.id, "order_id": row.order_id, "seller_id": row.seller_id,
            "buyer_id": row.buyer_id, "status": row.status, "outcome": row.outcome,
            "amount_minor": row.outcome_amount_minor.or(row.offer_amount_minor),
            "currency": row.currency, "payout": row.payout,
        }});
        self.queue_webhook(conn, &format!("case.{step}"), data.clone(), now)
            .await?;
        if before.is_none_or(|b| b.payout != row.payout) {
            self.queue_webhook(conn, &format!("case.payout_{}", row.payout), data, now)
                .await?;
        }
        Ok(())
    }

    /// Mails the parties named what happened, each in their language, with
    /// the link to the case.
    pub(crate) async fn tell_parties(
        &self,
        conn: &mut Conn,
        row: &CaseRow,
        order_number: &str,
        step: &str,
        parties: &[Party],
        now: Millis,
    ) -> Result<()> {
        for party in parties {
            let person = match party {
                Party::Buyer => row.buyer_id,
                Party::Seller => row.seller_id,
                Party::Platform => continue,
            };
            let Some(p) = people::get(conn, person).await? else {
                continue;
            };
            if p.email.is_empty() {
                continue;
            }
            let lang = Lang::from_tag(&p.language);
            let what = case_step_words(lang, step, &row.reason);
            let link = format!(
                "{}/cases/{}",
                self.settings.public_url.trim_end_matches('/'),
                row.id
            );
            let subject = tr!(
                lang,
                "case-mail-subject",
                id = row.id,
                order = order_number,
                what = what.clone()
            );
            let body = tr!(
                lang,
                "case-mail-body",
                name = p.name.clone(),
                what = what,
                link = link
            );
            outbox::enqueue(conn, &p.email, &subject, &body, "case", now).await?;
        }
        Ok(())
    }

    /// An escalated or appealed case becomes work for the platform: a
    /// ticket (urgent, tagged `dispute`) linked to it; answers its id.
    pub(crate) async fn case_ticket(&self, row: &CaseRow, order_number: &str) -> Result<i64> {
        let mut conn = self.store.reader().await?;
        let buyer = people::get(&mut conn, row.buyer_id)
            .await?
            .ok_or(ServiceError::NotFound("buyer"))?;
        // The buyer's own words open the ticket, in their language.
        let opening = store::messages(&mut conn, row.id, &["everyone"])
            .await?
            .into_iter()
            .next()
            .map(|m| m.body)
            .unwrap_or_default();
        drop(conn);
        if let Some(ticket_id) = row.ticket_id {
            let note = crate::tickets::NewMessage {
                email: None,
                cc: None,
                body: format!(
                    "Case #{} was {} and waits for a decision.",
                    row.id, row.status
                ),
                html: None,
                kind: Some(marketdesk_domain::MessageKind::Note),
                channel: None,
                attachments: vec![],
                status: Some(marketdesk_domain::TicketStatus::Open),
            };
            self.add_message(&crate::kernel::auth::system_viewer(), ticket_id, note)
                .await?;
            return Ok(ticket_id);
        }
        let new = crate::tickets::NewTicket {
            subject: format!("Case #{}: {} — order {order_number}", row.id, row.reason),
            requester: Some(crate::tickets::RequesterInput {
                email: buyer.email.clone(),
                name: None,
                language: Some(buyer.language.clone()),
            }),
            message: crate::tickets::MessageInput {
                email: None,
                body: format!(
                    "{opening}\n\n— Case #{} on order {order_number} ({}) waits for the platform's decision: /agent/cases/{}",
                    row.id, row.reason, row.id
                ),
                html: None,
                attachments: vec![],
            },
            channel: Some(marketdesk_domain::Channel::Api),
            priority: Some(marketdesk_domain::Priority::Urgent),
            language: Some(buyer.language),
            tags: vec!["dispute".into(), "case".into()],
            custom_fields: None,
            order_numbers: vec![order_number.to_string()],
            assignee_id: None,
            team_id: None,
            intent: Some("open_dispute".into()),
        };
        let ticket = self
            .create_ticket(&crate::kernel::auth::system_viewer(), new)
            .await?;
        let mut tx = self.store.begin().await?;
        store::set_ticket(&mut tx, row.id, ticket.ticket.id).await?;
        tx.commit().await?;
        Ok(ticket.ticket.id)
    }
}

/// What happened, in the reader's words.
fn case_step_words(lang: Lang, step: &str, reason: &str) -> String {
    let reason = match CaseReason::parse(reason) {
        Ok(CaseReason::NotReceived) => tr!(lang, "case-reason-not-received"),
        Ok(CaseReason::NotAsDescribed) => tr!(lang, "case-reason-not-as-described"),
        Ok(CaseReason::Damaged) => tr!(lang, "case-reason-damaged"),
        Ok(CaseReason::WrongItem) => tr!(lang, "case-reason-wrong-item"),
        Ok(CaseReason::Counterfeit) | Err(_) => tr!(lang, "case-reason-counterfeit"),
    };
    match step {
        "opened" => tr!(lang, "case-step-opened", reason = reason),
        "offer" => tr!(lang, "case-step-offer").to_string(),
        "contest" => tr!(lang, "case-step-contest").to_string(),
        "accept" => tr!(lang, "case-step-accept").to_string(),
        "reject" => tr!(lang, "case-step-reject").to_string(),
        "escalate" => tr!(lang, "case-step-escalate").to_string(),
        "withdraw" => tr!(lang, "case-step-withdraw").to_string(),
        "decide" => tr!(lang, "case-step-decide").to_string(),
        "appeal" => tr!(lang, "case-step-appeal").to_string(),
        _ => tr!(lang, "case-step-closed").to_string(),
    }
}
