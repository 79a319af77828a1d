//! Seller standards (docs/DISPUTES.md, "Seller standards"): each seller's
//! figures over the rolling window, read against the policy into a
//! standing; a change of standing is a notice the seller reads (and mail,
//! and an event to the platform) and may appeal once; staff give strikes,
//! decide appeals and review buyers whose cases keep ending against them.

use marketdesk_domain::access::Permission;
use marketdesk_domain::i18n::Lang;
use marketdesk_domain::seller_standards::{
    self as rules, AppealStatus, Assessment, Lifted, Measure, Reading, Standing, StrikeReason,
};
use marketdesk_domain::{Millis, Role};
use marketdesk_messages::tr;
use marketdesk_store::seller_standards::{
    self as store, BuyerFlagRow, NoticeRow, StandingRow, StrikeRow,
};
use marketdesk_store::{Conn, audit, outbox, people};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

use crate::kernel::auth::actor_id;
use crate::{Result, ServiceError, Services, Viewer, now_ms, rfc3339};

/// Sellers assessed per round of the job.
const ROUND_BATCH: i64 = 50;
/// A seller is assessed again after this long, changes or not.
const REASSESS_MS: Millis = 60 * 60 * 1000;
/// Rows a list shows at most.
const LISTED: i64 = 500;
/// Notices and strikes a seller's page shows.
const HISTORY: i64 = 50;
/// Longest strike note, appeal or decision note, in characters.
const MAX_NOTE: usize = 2_000;

/// A strike staff gives.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewStrike {
    pub reason: StrikeReason,
    /// What happened, for the seller to read.
    pub note: String,
}

/// A seller's appeal of a notice.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NoticeAppealInput {
    pub text: String,
}

/// Staff's decision on an appeal.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AppealDecisionInput {
    /// `upheld` (the notice stands) or `lifted` (the standing goes back).
    pub decision: AppealStatus,
    pub note: String,
}

/// Staff's review of a flagged buyer.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BuyerReviewInput {
    pub note: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StrikeView {
    pub id: i64,
    pub reason: StrikeReason,
    pub note: String,
    pub issued_at: String,
    /// Counts towards the standing now.
    pub active: bool,
    pub withdrawn_at: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NoticeView {
    pub id: i64,
    pub seller_id: i64,
    pub standing: Standing,
    pub previous: Standing,
    /// `figures` (an assessment) or `appeal` (a lifted notice).
    pub cause: String,
    pub created_at: String,
    /// The readings the notice was given on.
    pub readings: Vec<Reading>,
    pub appeal: Option<String>,
    pub appealed_at: Option<String>,
    pub appeal_status: Option<AppealStatus>,
    pub decided_at: Option<String>,
    pub decision_note: Option<String>,
    /// The seller may appeal it now, until `appeal_until`.
    pub may_appeal: bool,
    pub appeal_until: String,
}

/// A seller's standing with what it rests on.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SellerStandards {
    pub seller_id: i64,
    pub name: String,
    pub standing: Standing,
    pub assessed_at: String,
    pub window_days: u32,
    pub orders: u32,
    pub defects: u32,
    pub late_shipments: u32,
    pub readings: Vec<Reading>,
    pub strikes: Vec<StrikeView>,
    pub notices: Vec<NoticeView>,
}

/// A seller in the staff's list.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SellerStandingLine {
    pub seller_id: i64,
    pub name: String,
    pub email: String,
    pub standing: Standing,
    pub changed_at: String,
    pub assessed_at: String,
    pub readings: Vec<Reading>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct BuyerFlagView {
    pub buyer_id: i64,
    pub name: String,
    pub email: String,
    pub cases_opened: i64,
    pub cases_lost: i64,
    pub flagged_at: String,
    /// `flagged` or `reviewed`.
    pub status: String,
    pub reviewed_at: Option<String>,
    pub note: Option<String>,
}

/// What staff see on the standards desk.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StandardsDesk {
    pub sellers: Vec<SellerStandingLine>,
    /// Appeals waiting for a decision, oldest first.
    pub appeals: Vec<NoticeView>,
    pub flagged_buyers: Vec<BuyerFlagView>,
}

fn note_text(field: &'static str, text: &str) -> Result<String> {
    let text = text.trim();
    if text.is_empty() {
        return Err(ServiceError::field(field, "must not be empty"));
    }
    if text.chars().count() > MAX_NOTE {
        return Err(ServiceError::field(
            field,
            format!("at most {MAX_NOTE} characters"),
        ));
    }
    Ok(text.to_owned())
}

fn parse_standing(text: &str) -> Standing {
    Standing::parse(text).unwrap_or(Standing::Good)
}

fn readings_of(json: &str) -> Vec<Reading> {
    serde_json::from_str::<Assessment>(json)
        .map(|a| a.readings)
        .unwrap_or_default()
}

fn flag_view(f: BuyerFlagRow) -> BuyerFlagView {
    BuyerFlagView {
        buyer_id: f.buyer_id,
        name: f.name,
        email: f.email,
        cases_opened: f.cases_opened,
        cases_lost: f.cases_lost,
        flagged_at: rfc3339(f.flagged_at),
        status: f.status,
        reviewed_at: f.reviewed_at.map(rfc3339),
        note: f.note,
    }
}

/// A standing's name in `lang`.
pub fn standing_name(lang: Lang, standing: Standing) -> &'static str {
    match standing {
        Standing::Good => tr!(lang, "standing-good"),
        Standing::Warning => tr!(lang, "standing-warning"),
        Standing::Restricted => tr!(lang, "standing-restricted"),
        Standing::Suspended => tr!(lang, "standing-suspended"),
    }
}

/// A measure's name in `lang`.
pub fn measure_name(lang: Lang, measure: Measure) -> &'static str {
    match measure {
        Measure::DefectRate => tr!(lang, "standards-measure-defect_rate"),
        Measure::LateShipmentRate => tr!(lang, "standards-measure-late_shipment_rate"),
        Measure::CaseResponse => tr!(lang, "standards-measure-case_response"),
        Measure::Strikes => tr!(lang, "standards-measure-strikes"),
    }
}

/// A measure's value as people read it: a rate as "2.00 %" (from basis
/// points), hours as "72 h", strikes as a count.
pub fn reading_value(measure: Measure, v: u32) -> String {
    match measure {
        Measure::DefectRate | Measure::LateShipmentRate => format!("{}.{:02} %", v / 100, v % 100),
        Measure::CaseResponse => format!("{v} h"),
        Measure::Strikes => v.to_string(),
    }
}

/// A reading in words, such as "defect rate 5.00 % (limit 4.00 %)".
pub fn reading_words(lang: Lang, r: &Reading, against: Standing) -> String {
    let shown = |v: u32| reading_value(r.measure, v);
    tr!(
        lang,
        "standards-reading-line",
        measure = measure_name(lang, r.measure),
        value = r.value.map(shown).unwrap_or_else(|| "—".into()),
        limit = shown(r.thresholds.limit(against))
    )
}

impl Services {
    /// A seller's standing: sellers their own, staff any seller's.
    pub async fn seller_standards(
        &self,
        viewer: &Viewer,
        seller_id: i64,
    ) -> Result<SellerStandards> {
        if !viewer.may(Permission::ReadStandards) {
            return Err(ServiceError::forbidden("read seller standards"));
        }
        if !viewer.is_staff() && viewer.person_id != seller_id {
            return Err(ServiceError::NotFound("seller"));
        }
        let now = now_ms();
        let mut conn = self.store.reader().await?;
        let seller = people::get(&mut conn, seller_id)
            .await?
            .filter(|p| p.role == Role::Seller)
            .ok_or(ServiceError::NotFound("seller"))?;
        let mut standing = store::get_standing(&mut conn, seller_id).await?;
        if standing.is_none() {
            drop(conn);
            self.assess_seller(seller_id, now).await?;
            conn = self.store.reader().await?;
            standing = store::get_standing(&mut conn, seller_id).await?;
        }
        let standing = standing.ok_or(ServiceError::NotFound("seller"))?;
        let policy = self.policy().seller_standards.clone();
        let assessment: Assessment = serde_json::from_str(&standing.assessment)
            .map_err(|e| ServiceError::Unexpected(e.into()))?;
        let strikes_since = policy.strikes_since(now);
        let strikes = store::strikes(
            &mut conn,
            seller_id,
            policy.window_start(now).min(strikes_since),
            HISTORY,
        )
        .await?
        .into_iter()
        .map(|s| StrikeView {
            id: s.id,
            reason: StrikeReason::parse(&s.reason).unwrap_or(StrikeReason::Other),
            note: s.note,
            issued_at: rfc3339(s.issued_at),
            active: s.withdrawn_at.is_none() && s.issued_at >= strikes_since,
            withdrawn_at: s.withdrawn_at.map(rfc3339),
        })
        .collect();
        let notices = store::notices(&mut conn, seller_id, HISTORY)
            .await?
            .into_iter()
            .map(|n| self.notice_view(n, now))
            .collect();
        Ok(SellerStandards {
            seller_id,
            name: seller.name,
            standing: parse_standing(&standing.standing),
            assessed_at: rfc3339(standing.assessed_at),
            window_days: policy.window_days,
            orders: assessment.orders,
            defects: assessment.defects,
            late_shipments: assessment.late_shipments,
            readings: assessment.readings,
            strikes,
            notices,
        })
    }

    fn notice_view(&self, n: NoticeRow, now: Millis) -> NoticeView {
        let policy = &self.policy().seller_standards;
        let standing = parse_standing(&n.standing);
        let until = n.created_at + i64::from(policy.appeal_days) * marketdesk_domain::DAY_MS;
        NoticeView {
            id: n.id,
            seller_id: n.seller_id,
            standing,
            previous: parse_standing(&n.previous),
            may_appeal: n.cause == "figures"
                && rules::may_appeal(
                    policy,
                    standing,
                    n.created_at,
                    n.appeal_status.is_some(),
                    now,
                ),
            appeal_until: rfc3339(until),
            readings: readings_of(&n.assessment),
            cause: n.cause,
            created_at: rfc3339(n.created_at),
            appeal: n.appeal,
            appealed_at: n.appealed_at.map(rfc3339),
            appeal_status: n
                .appeal_status
                .as_deref()
                .and_then(|s| AppealStatus::parse(s).ok()),
            decided_at: n.decided_at.map(rfc3339),
            decision_note: n.decision_note,
        }
    }

    /// The standards desk: sellers worst first (or of one standing),
    /// appeals waiting, flagged buyers.
    pub async fn standards_desk(
        &self,
        viewer: &Viewer,
        only: Option<&str>,
    ) -> Result<StandardsDesk> {
        if !(viewer.is_staff() && viewer.may(Permission::ReadStandards)) {
            return Err(ServiceError::forbidden("read the standards desk"));
        }
        if let Some(only) = only {
            Standing::parse(only).map_err(|e| ServiceError::field("standing", e.to_string()))?;
        }
        let now = now_ms();
        let mut conn = self.store.reader().await?;
        let sellers = store::list_standings(&mut conn, only, LISTED)
            .await?
            .into_iter()
            .map(|l| SellerStandingLine {
                seller_id: l.row.seller_id,
                name: l.name,
                email: l.email,
                standing: parse_standing(&l.row.standing),
                changed_at: rfc3339(l.row.changed_at),
                assessed_at: rfc3339(l.row.assessed_at),
                readings: readings_of(&l.row.assessment),
            })
            .collect();
        let appeals = store::pending_appeals(&mut conn, LISTED)
            .await?
            .into_iter()
            .map(|n| self.notice_view(n, now))
            .collect();
        let flagged_buyers = store::buyer_flags(&mut conn, "flagged", LISTED)
            .await?
            .into_iter()
            .map(flag_view)
            .collect();
        Ok(StandardsDesk {
            sellers,
            appeals,
            flagged_buyers,
        })
    }

    /// Staff give a seller a strike; the standing follows at once.
    pub async fn give_strike(
        &self,
        viewer: &Viewer,
        seller_id: i64,
        input: NewStrike,
    ) -> Result<SellerStandards> {
        if !viewer.may(Permission::EnforceStandards) {
            return Err(ServiceError::forbidden("give strikes"));
        }
        let note = note_text("note", &input.note)?;
        let now = now_ms();
        let mut tx = self.store.begin().await?;
        people::get(&mut tx, seller_id)
            .await?
            .filter(|p| p.role == Role::Seller)
            .ok_or(ServiceError::NotFound("seller"))?;
        let id = store::insert_strike(
            &mut tx,
            &StrikeRow {
                id: 0,
                seller_id,
                reason: input.reason.as_str().into(),
                note: note.clone(),
                issued_by: viewer.person_id,
                issued_at: now,
                withdrawn_by: None,
                withdrawn_at: None,
            },
        )
        .await?;
        self.audit_standards(
            &mut tx,
            viewer,
            "strike_given",
            seller_id,
            Some(input.reason.as_str()),
            now,
        )
        .await?;
        self.queue_webhook(
            &mut tx,
            "seller.strike",
            json!({"strike": {"id": id, "seller_id": seller_id, "reason": input.reason, "note": note}}),
            now,
        )
        .await?;
        tx.commit().await?;
        self.assess_seller(seller_id, now).await?;
        self.seller_standards(viewer, seller_id).await
    }

    /// Staff withdraw a strike given in error.
    pub async fn withdraw_strike(
        &self,
        viewer: &Viewer,
        strike_id: i64,
    ) -> Result<SellerStandards> {
        if !viewer.may(Permission::EnforceStandards) {
            return Err(ServiceError::forbidden("withdraw strikes"));
        }
        let now = now_ms();
        let mut tx = self.store.begin().await?;
        let strike = store::get_strike(&mut tx, strike_id)
            .await?
            .ok_or(ServiceError::NotFound("strike"))?;
        if !store::withdraw_strike(&mut tx, strike_id, viewer.person_id, now).await? {
            return Err(ServiceError::Conflict(
                "the strike was withdrawn already".into(),
            ));
        }
        self.audit_standards(
            &mut tx,
            viewer,
            "strike_withdrawn",
            strike.seller_id,
            Some(&strike.reason),
            now,
        )
        .await?;
        tx.commit().await?;
        self.assess_seller(strike.seller_id, now).await?;
        self.seller_standards(viewer, strike.seller_id).await
    }

    /// The seller appeals a notice, once, within the policy's days.
    pub async fn appeal_notice(
        &self,
        viewer: &Viewer,
        notice_id: i64,
        input: NoticeAppealInput,
    ) -> Result<SellerStandards> {
        if !viewer.may(Permission::ActOnCases) || viewer.role != Role::Seller {
            return Err(ServiceError::forbidden("appeal standing notices"));
        }
        let text = note_text("text", &input.text)?;
        let now = now_ms();
        let mut tx = self.store.begin().await?;
        let notice = store::get_notice(&mut tx, notice_id)
            .await?
            .filter(|n| n.seller_id == viewer.person_id)
            .ok_or(ServiceError::NotFound("notice"))?;
        let policy = self.policy().seller_standards.clone();
        let standing = parse_standing(&notice.standing);
        if notice.cause != "figures"
            || !rules::may_appeal(
                &policy,
                standing,
                notice.created_at,
                notice.appeal_status.is_some(),
                now,
            )
        {
            return Err(ServiceError::Conflict(format!(
                "a notice of a warning, restriction or suspension may be appealed once, within {} days",
                policy.appeal_days
            )));
        }
        if !store::appeal_notice(&mut tx, notice_id, &text, now).await? {
            return Err(ServiceError::Conflict(
                "the notice was appealed already".into(),
            ));
        }
        self.audit_standards(
            &mut tx,
            viewer,
            "notice_appealed",
            notice.seller_id,
            Some(&notice.standing),
            now,
        )
        .await?;
        self.queue_webhook(
            &mut tx,
            "seller.notice_appealed",
            json!({"notice": {"id": notice_id, "seller_id": notice.seller_id, "standing": notice.standing}}),
            now,
        )
        .await?;
        tx.commit().await?;
        self.seller_standards(viewer, viewer.person_id).await
    }

    /// Staff decide an appeal: upheld, or lifted (the standing goes back to
    /// where it was before the notice, and stays until the figures get
    /// worse than the notice or the window passes).
    pub async fn decide_notice_appeal(
        &self,
        viewer: &Viewer,
        notice_id: i64,
        input: AppealDecisionInput,
    ) -> Result<SellerStandards> {
        if !viewer.may(Permission::EnforceStandards) {
            return Err(ServiceError::forbidden("decide appeals of notices"));
        }
        if input.decision == AppealStatus::Pending {
            return Err(ServiceError::field("decision", "upheld or lifted"));
        }
        let note = note_text("note", &input.note)?;
        let now = now_ms();
        let mut tx = self.store.begin().await?;
        let notice = store::get_notice(&mut tx, notice_id)
            .await?
            .ok_or(ServiceError::NotFound("notice"))?;
        if !store::decide_appeal(
            &mut tx,
            notice_id,
            input.decision.as_str(),
            viewer.person_id,
            &note,
            now,
        )
        .await?
        {
            return Err(ServiceError::Conflict(
                "this notice has no appeal waiting for a decision".into(),
            ));
        }
        self.audit_standards(
            &mut tx,
            viewer,
            "notice_appeal_decided",
            notice.seller_id,
            Some(input.decision.as_str()),
            now,
        )
        .await?;
        self.queue_webhook(
            &mut tx,
            "seller.appeal_decided",
            json!({"notice": {"id": notice_id, "seller_id": notice.seller_id, "decision": input.decision}}),
            now,
        )
        .await?;
        self.mail_seller(
            &mut tx,
            notice.seller_id,
            MailAbout::Appeal(input.decision, &note),
            now,
        )
        .await?;
        tx.commit().await?;
        if input.decision == AppealStatus::Lifted {
            self.assess_seller(notice.seller_id, now).await?;
        }
        self.seller_standards(viewer, notice.seller_id).await
    }

    /// Staff mark a flagged buyer reviewed.
    pub async fn review_buyer_flag(
        &self,
        viewer: &Viewer,
        buyer_id: i64,
        input: BuyerReviewInput,
    ) -> Result<BuyerFlagView> {
        if !viewer.may(Permission::EnforceStandards) {
            return Err(ServiceError::forbidden("review flagged buyers"));
        }
        let note = note_text("note", &input.note)?;
        let now = now_ms();
        let mut tx = self.store.begin().await?;
        store::get_buyer_flag(&mut tx, buyer_id)
            .await?
            .ok_or(ServiceError::NotFound("flagged buyer"))?;
        if !store::review_buyer_flag(&mut tx, buyer_id, viewer.person_id, &note, now).await? {
            return Err(ServiceError::Conflict(
                "this buyer was reviewed already".into(),
            ));
        }
        self.audit_standards(&mut tx, viewer, "buyer_reviewed", buyer_id, None, now)
            .await?;
        let flag = store::get_buyer_flag(&mut tx, buyer_id)
            .await?
            .ok_or(ServiceError::NotFound("flagged buyer"))?;
        tx.commit().await?;
        Ok(flag_view(flag))
    }

    /// The flag on a buyer, for staff reading a case.
    pub(crate) async fn buyer_flag(
        &self,
        conn: &mut Conn,
        buyer_id: i64,
    ) -> Result<Option<BuyerFlagView>> {
        Ok(store::get_buyer_flag(conn, buyer_id).await?.map(flag_view))
    }

    /// After a case's outcome: the seller's standing and the buyer's record
    /// follow. Failures wait for the job's next round.
    pub(crate) async fn after_case_outcome(&self, seller_id: i64, buyer_id: i64) {
        let now = now_ms();
        if let Err(err) = self.assess_seller(seller_id, now).await {
            tracing::warn!(seller = seller_id, error = %err, "assessing a seller failed; the job tries again");
        }
        if let Err(err) = self.check_buyer(buyer_id, now).await {
            tracing::warn!(buyer = buyer_id, error = %err, "checking a buyer's record failed");
        }
    }

    /// Flags the buyer when enough of their cases ended against them.
    async fn check_buyer(&self, buyer_id: i64, now: Millis) -> Result<()> {
        let policy = self.policy().seller_standards.clone();
        let mut tx = self.store.begin().await?;
        let (opened, lost) =
            store::buyer_record(&mut tx, buyer_id, policy.window_start(now)).await?;
        if rules::buyer_flagged(&policy, opened, lost)
            && store::flag_buyer(&mut tx, buyer_id, opened, lost, now).await?
        {
            self.audit_standards(
                &mut tx,
                &crate::kernel::auth::system_viewer(),
                "buyer_flagged",
                buyer_id,
                None,
                now,
            )
            .await?;
            self.queue_webhook(
                &mut tx,
                "buyer.flagged",
                json!({"buyer": {"id": buyer_id, "cases_opened": opened, "cases_lost": lost}}),
                now,
            )
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Reads the seller's figures at `now` and writes the standing; a
    /// change is a notice (mail, event, audit). Answers the standing when
    /// this call wrote it (another node may have meanwhile).
    pub async fn assess_seller(&self, seller_id: i64, now: Millis) -> Result<Option<Standing>> {
        let policy = self.policy().seller_standards.clone();
        let mut conn = self.store.reader().await?;
        let Some(seller) = people::get(&mut conn, seller_id).await? else {
            return Err(ServiceError::NotFound("seller"));
        };
        let zone = jiff::tz::TimeZone::get(&seller.time_zone).unwrap_or(jiff::tz::TimeZone::UTC);
        let figures = store::figures(
            &mut conn,
            seller_id,
            policy.window_start(now),
            policy.strikes_since(now),
        )
        .await?;
        let assessment = rules::assess(&policy, &figures, now, &zone);
        let current = store::get_standing(&mut conn, seller_id).await?;
        let lifted = store::last_lifted(&mut conn, seller_id, policy.window_start(now))
            .await?
            .map(|n| Lifted {
                notice: parse_standing(&n.standing),
                back_to: parse_standing(&n.previous),
                lifted_at: n.decided_at.unwrap_or(n.created_at),
            });
        drop(conn);
        let settled = rules::settle(&policy, assessment.standing, lifted, now);
        let previous = current
            .as_ref()
            .map_or(Standing::Good, |c| parse_standing(&c.standing));
        let changed = settled != previous;
        let json =
            serde_json::to_string(&assessment).map_err(|e| ServiceError::Unexpected(e.into()))?;
        let row = StandingRow {
            seller_id,
            standing: settled.as_str().into(),
            assessment: json.clone(),
            assessed_at: now,
            changed_at: match &current {
                Some(c) if !changed => c.changed_at,
                _ => now,
            },
        };
        let mut tx = self.store.begin().await?;
        if !store::write_standing(&mut tx, &row, current.as_ref().map(|c| c.standing.as_str()))
            .await?
        {
            return Ok(None);
        }
        if changed {
            let cause = if lifted
                .is_some_and(|l| l.lifted_at >= current.as_ref().map_or(0, |c| c.changed_at))
                && settled < previous
            {
                "appeal"
            } else {
                "figures"
            };
            let notice_id = store::insert_notice(
                &mut tx,
                &NoticeRow {
                    id: 0,
                    seller_id,
                    standing: settled.as_str().into(),
                    previous: previous.as_str().into(),
                    cause: cause.into(),
                    assessment: json,
                    created_at: now,
                    appeal: None,
                    appealed_at: None,
                    appeal_status: None,
                    decided_by: None,
                    decided_at: None,
                    decision_note: None,
                },
            )
            .await?;
            self.audit_standards(
                &mut tx,
                &crate::kernel::auth::system_viewer(),
                "standing_changed",
                seller_id,
                Some(settled.as_str()),
                now,
            )
            .await?;
            let readings: Vec<&Reading> = assessment
                .readings
                .iter()
                .filter(|r| r.level > Standing::Good)
                .collect();
            self.queue_webhook(
                &mut tx,
                "seller.standing_changed",
                json!({"seller": {
                    "id": seller_id, "standing": settled, "previous": previous, "cause": cause,
                    "notice_id": notice_id, "readings": readings,
                }}),
                now,
            )
            .await?;
            self.mail_seller(
                &mut tx,
                seller_id,
                MailAbout::Standing(settled, &assessment),
                now,
            )
            .await?;
        }
        tx.commit().await?;
        Ok(Some(settled))
    }

    /// The job's round: sellers not assessed within the hour (never
    /// assessed first). Answers how many it assessed.
    pub async fn run_standards_round(&self, now: Millis) -> Result<usize> {
        let due = {
            let mut conn = self.store.reader().await?;
            store::stale_sellers(&mut conn, now - REASSESS_MS, ROUND_BATCH).await?
        };
        let mut assessed = 0;
        for seller in due {
            self.assess_seller(seller, now).await?;
            assessed += 1;
        }
        Ok(assessed)
    }

    async fn audit_standards(
        &self,
        conn: &mut Conn,
        viewer: &Viewer,
        action: &str,
        person_id: i64,
        value: Option<&str>,
        now: Millis,
    ) -> Result<()> {
        audit::record(
            conn,
            &audit::AuditEntry {
                id: 0,
                subject_type: "person".into(),
                subject_id: person_id,
                ticket_id: None,
                actor_id: actor_id(viewer),
                action: action.into(),
                field: None,
                old_value: None,
                new_value: value.map(str::to_owned),
                created_at: now,
            },
        )
        .await?;
        Ok(())
    }

    async fn mail_seller(
        &self,
        conn: &mut Conn,
        seller_id: i64,
        about: MailAbout<'_>,
        now: Millis,
    ) -> Result<()> {
        let Some(p) = people::get(conn, seller_id).await? else {
            return Ok(());
        };
        if p.email.is_empty() {
            return Ok(());
        }
        let lang = Lang::from_tag(&p.language);
        let link = format!(
            "{}/standards",
            self.settings.public_url.trim_end_matches('/')
        );
        let (subject, what) = match about {
            MailAbout::Standing(standing, assessment) => {
                let name = standing_name(lang, standing);
                let lines: Vec<String> = assessment
                    .readings
                    .iter()
                    .filter(|r| r.level > Standing::Good)
                    .map(|r| reading_words(lang, r, r.level))
                    .collect();
                (
                    tr!(lang, "standards-mail-subject", standing = name),
                    tr!(
                        lang,
                        "standards-mail-standing",
                        standing = name,
                        reasons = lines.join("\n")
                    ),
                )
            }
            MailAbout::Appeal(decision, note) => (
                tr!(lang, "standards-mail-appeal-subject").to_owned(),
                match decision {
                    AppealStatus::Lifted => {
                        tr!(lang, "standards-mail-appeal-lifted", note = note.to_owned())
                    }
                    _ => tr!(lang, "standards-mail-appeal-upheld", note = note.to_owned()),
                },
            ),
        };
        let body = tr!(
            lang,
            "standards-mail-body",
            name = p.name.clone(),
            what = what,
            link = link
        );
        outbox::enqueue(conn, &p.email, &subject, &body, "standards", now).await?;
        Ok(())
    }
}

/// What a mail to a seller is about.
enum MailAbout<'a> {
    Standing(Standing, &'a Assessment),
    Appeal(AppealStatus, &'a str),
}
