//! Triggers and automations (docs/AUTOMATIONS.md): kept by supervisors,
//! checked by the domain (`rules::validate`: no loops, automations need a
//! time condition) and here (templates, teams, people), tried with a dry
//! run, fired on ticket events and every minute.
//!
//! What rules change is written straight to the store, never through the
//! public use cases, so a rule's own change or reply raises no new event;
//! within one event, the domain fires each trigger at most once.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use marketdesk_domain::access::Permission;
use marketdesk_domain::escalation::{EscalationReason, Tier};
use marketdesk_domain::rules::{
    Action, Effect, EffectKind, Event, Field, FieldChange, NotifyRole, Op, Recipient, Rule,
    RuleKind, TEMPLATE_VARIABLES, TicketFacts, Value as RuleValue, matches, render_template,
    run_automation, run_triggers, template_variables, validate,
};
use marketdesk_domain::{HOUR_MS, MessageKind, Millis, TicketRef, TicketStatus};
use marketdesk_store::Conn;
use marketdesk_store::audit;
use marketdesk_store::escalations as escalation_store;
use marketdesk_store::people;
use marketdesk_store::rules::{self as store, RuleRow};
use marketdesk_store::tickets::{self as tickets_store, TicketFilter, TicketRow};
use marketdesk_store::{commerce, outbox};
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

use super::escalation::Step;
use crate::kernel::auth::system_viewer;
use crate::tickets::update::{apply_status, entry, field_change};
use crate::{Result, ServiceError, Services, Viewer, now_ms};

/// How long a node trusts its copy of the rules: a rule saved on another
/// node fires here within this time (at once on the node that saved it).
const CACHE_TTL: Duration = Duration::from_secs(5);
/// Triggers and automations the desk keeps: each runs on every event or
/// every minute.
const MAX_RULES: usize = 200;
/// Tickets one automation looks at per minute, and per page.
const AUTOMATION_SCAN: usize = 5000;
const PAGE: i64 = 500;
/// Tickets a dry run shows (it counts all it finds).
const DRY_RUN_SHOWN: usize = 100;
/// Tickets a trigger's dry run looks at: the newest unsolved.
const TRIGGER_DRY_RUN_SCAN: i64 = 2000;

/// A rule as stored and listed.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RuleView {
    #[serde(flatten)]
    pub rule: Rule,
    pub created_at: String,
    pub updated_at: String,
}

/// What a rule would do now, without doing it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DryRun {
    /// How many tickets were looked at.
    pub scanned: usize,
    /// How many match (an automation: and would be acted on now).
    pub matched: usize,
    /// The first of them.
    pub tickets: Vec<DryRunTicket>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DryRunTicket {
    pub id: i64,
    pub reference: String,
    pub subject: String,
    pub status: String,
    /// What the rule would change: "priority: normal → urgent".
    pub changes: Vec<String>,
}

/// This node's copy of the enabled rules.
#[derive(Debug, Default)]
pub(crate) struct RulesCache(RwLock<Option<(Instant, Arc<Vec<Rule>>)>>);

impl RulesCache {
    fn fresh(&self) -> Option<Arc<Vec<Rule>>> {
        let guard = self.0.read().ok()?;
        let (at, rules) = guard.as_ref()?;
        (at.elapsed() < CACHE_TTL).then(|| rules.clone())
    }

    fn put(&self, rules: Arc<Vec<Rule>>) {
        if let Ok(mut guard) = self.0.write() {
            *guard = Some((Instant::now(), rules));
        }
    }

    fn forget(&self) {
        if let Ok(mut guard) = self.0.write() {
            *guard = None;
        }
    }
}

fn view(row: &RuleRow) -> Result<RuleView> {
    let mut rule: Rule = serde_json::from_str(&row.definition)
        .map_err(|e| ServiceError::Unexpected(anyhow::anyhow!("rule {}: {e}", row.id)))?;
    rule.id = row.id;
    rule.position = i32::try_from(row.position).unwrap_or(0);
    rule.enabled = row.enabled;
    Ok(RuleView {
        rule,
        created_at: crate::rfc3339(row.created_at),
        updated_at: crate::rfc3339(row.updated_at),
    })
}

fn require_rules(viewer: &Viewer) -> Result<()> {
    if viewer.may(Permission::ManageTeams) {
        Ok(())
    } else {
        Err(ServiceError::forbidden("manage triggers and automations"))
    }
}

impl Services {
    pub async fn list_rules(&self, viewer: &Viewer) -> Result<Vec<RuleView>> {
        require_rules(viewer)?;
        let mut conn = self.store.reader().await?;
        store::list(&mut conn).await?.iter().map(view).collect()
    }

    pub async fn create_rule(&self, viewer: &Viewer, rule: Rule) -> Result<RuleView> {
        require_rules(viewer)?;
        let mut tx = self.store.begin().await?;
        if store::list(&mut tx).await?.len() >= MAX_RULES {
            return Err(ServiceError::field(
                "rule",
                format!("at most {MAX_RULES} triggers and automations; delete one first"),
            ));
        }
        self.check_rule(&mut tx, &rule).await?;
        let now = now_ms();
        let mut row = row_of(&rule, now)?;
        row.id = store::insert(&mut tx, &row).await?;
        let mut audited = crate::accounts::audit_entry(viewer, "rule", row.id, "created", now);
        audited.new_value = Some(row.definition.clone());
        audit::record(&mut tx, &audited).await?;
        tx.commit().await?;
        self.rules_cache.forget();
        view(&row)
    }

    pub async fn update_rule(&self, viewer: &Viewer, id: i64, rule: Rule) -> Result<RuleView> {
        require_rules(viewer)?;
        let mut tx = self.store.begin().await?;
        let old = store::get(&mut tx, id)
            .await?
            .ok_or(ServiceError::NotFound("rule"))?;
        self.check_rule(&mut tx, &rule).await?;
        let now = now_ms();
        let mut row = row_of(&rule, now)?;
        row.id = id;
        row.created_at = old.created_at;
        store::update(&mut tx, &row).await?;
        let mut audited = crate::accounts::audit_entry(viewer, "rule", id, "updated", now);
        audited.old_value = Some(old.definition);
        audited.new_value = Some(row.definition.clone());
        audit::record(&mut tx, &audited).await?;
        tx.commit().await?;
        self.rules_cache.forget();
        view(&row)
    }

    pub async fn delete_rule(&self, viewer: &Viewer, id: i64) -> Result<()> {
        require_rules(viewer)?;
        let mut tx = self.store.begin().await?;
        let old = store::get(&mut tx, id)
            .await?
            .ok_or(ServiceError::NotFound("rule"))?;
        store::delete(&mut tx, id).await?;
        let now = now_ms();
        let mut audited = crate::accounts::audit_entry(viewer, "rule", id, "deleted", now);
        audited.old_value = Some(old.definition);
        audit::record(&mut tx, &audited).await?;
        tx.commit().await?;
        self.rules_cache.forget();
        Ok(())
    }

    /// The domain's checks, then what only the desk knows: the templates'
    /// variables, and that the teams and people named exist.
    async fn check_rule(&self, conn: &mut Conn, rule: &Rule) -> Result<()> {
        validate(rule).map_err(|e| ServiceError::field("rule", e.to_string()))?;
        let teams = people::list_teams(conn).await?;
        for (i, action) in rule.actions.iter().enumerate() {
            let at = |what: &str| format!("actions[{i}]: {what}");
            let texts: Vec<&str> = match action {
                Action::SendEmail { subject, body } => vec![subject, body],
                Action::Reply { body } => vec![body],
                Action::Notify { text, .. } => vec![text],
                _ => vec![],
            };
            for text in texts {
                template_variables(text).map_err(|e| {
                    ServiceError::field(
                        "rule",
                        at(&format!("{e} (known: {})", TEMPLATE_VARIABLES.join(", "))),
                    )
                })?;
            }
            match action {
                Action::SetTeam { value: Some(team) } if !teams.iter().any(|t| t.id == *team) => {
                    return Err(ServiceError::field(
                        "rule",
                        at(&format!("there is no team {team}")),
                    ));
                }
                Action::SetAssignee { value: Some(id) }
                | Action::Notify {
                    to: Recipient::Person(id),
                    ..
                } => {
                    let person = people::get(conn, *id).await?;
                    if !person.is_some_and(|p| p.role.is_staff() && !p.disabled) {
                        return Err(ServiceError::field(
                            "rule",
                            at(&format!("{id} is not an active staff member")),
                        ));
                    }
                }
                Action::CallWebhook { event }
                    if event.is_empty()
                        || event.len() > 64
                        || !event.chars().all(|c| {
                            c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '_' | '.')
                        }) =>
                {
                    return Err(ServiceError::field(
                        "rule",
                        at("a webhook event is 1 to 64 of a-z, 0-9, '_' and '.'"),
                    ));
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// The enabled rules, from this node's copy when it is fresh.
    async fn enabled_rules(&self) -> Result<Arc<Vec<Rule>>> {
        if let Some(rules) = self.rules_cache.fresh() {
            return Ok(rules);
        }
        let mut conn = self.store.reader().await?;
        let rules: Vec<Rule> = store::list(&mut conn)
            .await?
            .iter()
            .filter(|r| r.enabled)
            .filter_map(|r| view(r).ok().map(|v| v.rule))
            .collect();
        let rules = Arc::new(rules);
        self.rules_cache.put(rules.clone());
        Ok(rules)
    }

    /// What a rule would do now: the tickets it matches (an automation:
    /// those it would act on at its next run), and their changes.
    pub async fn dry_run_rule(&self, viewer: &Viewer, rule: Rule) -> Result<DryRun> {
        require_rules(viewer)?;
        {
            let mut conn = self.store.reader().await?;
            self.check_rule(&mut conn, &rule).await?;
        }
        let now = now_ms();
        let mut dry = DryRun {
            scanned: 0,
            matched: 0,
            tickets: Vec::new(),
        };
        let ids = match rule.kind {
            RuleKind::Automation => {
                let mut conn = self.store.reader().await?;
                automation_candidates(&mut conn, &rule, now).await?
            }
            RuleKind::Trigger => {
                let filter = TicketFilter {
                    statuses: vec![
                        TicketStatus::New,
                        TicketStatus::Open,
                        TicketStatus::Pending,
                        TicketStatus::OnHold,
                    ],
                    ..Default::default()
                };
                let mut conn = self.store.reader().await?;
                tickets_store::list(&mut conn, &filter, TRIGGER_DRY_RUN_SCAN)
                    .await?
                    .iter()
                    .map(|t| t.id)
                    .collect()
            }
        };
        for chunk in ids.chunks(PAGE as usize) {
            let mut conn = self.store.reader().await?;
            let facts = facts_of(&mut conn, chunk, needs_text(&rule)).await?;
            let already = match rule.kind {
                RuleKind::Automation if rule.id > 0 => {
                    store::runs_of(&mut conn, rule.id, chunk).await?
                }
                _ => Vec::new(),
            };
            for (t, f) in facts {
                dry.scanned += 1;
                if already
                    .iter()
                    .any(|(id, at)| *id == t.id && *at >= t.updated_at)
                {
                    continue;
                }
                let outcome = match rule.kind {
                    RuleKind::Automation => run_automation(&rule, &f, now).map(|(_, _, c)| c),
                    RuleKind::Trigger => matches(&rule.conditions, &f, now).then(|| {
                        let mut after = f.clone();
                        marketdesk_domain::rules::apply(rule.id, &rule.actions, &mut after, now);
                        changes_between(&f, &after)
                    }),
                };
                let Some(changes) = outcome else { continue };
                dry.matched += 1;
                if dry.tickets.len() < DRY_RUN_SHOWN {
                    dry.tickets.push(DryRunTicket {
                        id: t.id,
                        reference: TicketRef::from_id(t.id).to_string(),
                        subject: t.subject.clone(),
                        status: t.status.to_string(),
                        changes: changes
                            .iter()
                            .map(|c| {
                                format!(
                                    "{}: {} → {}",
                                    c.field,
                                    c.from.as_deref().unwrap_or("—"),
                                    c.to.as_deref().unwrap_or("—")
                                )
                            })
                            .collect(),
                    });
                }
            }
        }
        Ok(dry)
    }

    /// Fires the triggers listening to `events` on a ticket, each at most
    /// once; failures are logged (the change that raised them stands).
    /// The triggers on a ticket just created, decided from what creating
    /// it answered (no read); only when one fires is the ticket read and
    /// written. Answers whether any fired.
    pub(crate) async fn fire_created(&self, detail: &crate::tickets::TicketDetail) -> bool {
        let rules = match self.enabled_rules().await {
            Ok(rules) => rules,
            Err(err) => {
                tracing::warn!(error = %err, "triggers failed");
                return false;
            }
        };
        let listening =
            |rule: &Rule| rule.kind == RuleKind::Trigger && rule.events.contains(&Event::Created);
        if !rules.iter().any(listening) {
            return false;
        }
        let t = &detail.ticket;
        let now = now_ms();
        let facts = TicketFacts {
            id: t.id,
            status: t.status,
            priority: t.priority,
            channel: t.channel,
            language: t.language.clone(),
            intent: t.intent.clone(),
            sentiment: t.sentiment.clone(),
            team_id: t.team_id,
            assignee_id: t.assignee.as_ref().map(|a| a.id),
            tags: t.tags.iter().cloned().collect(),
            custom_fields: text_fields(&t.custom_fields),
            subject: t.subject.clone(),
            latest_message: detail
                .messages
                .last()
                .map(|m| m.body_text.clone())
                .unwrap_or_default(),
            created_at: now,
            updated_at: now,
            status_since: now,
            solved_at: None,
            escalation_tier: 1,
        };
        if run_triggers(&rules, Event::Created, facts, now)
            .fired
            .is_empty()
        {
            return false;
        }
        self.fire_triggers(t.id, &[Event::Created]).await
    }

    /// Answers whether any fired.
    pub(crate) async fn fire_triggers(&self, ticket_id: i64, events: &[Event]) -> bool {
        match self.try_fire_triggers(ticket_id, events).await {
            Ok(fired) => fired,
            Err(err) => {
                tracing::warn!(error = %err, ticket_id, "triggers failed");
                false
            }
        }
    }

    async fn try_fire_triggers(&self, ticket_id: i64, events: &[Event]) -> Result<bool> {
        let rules = self.enabled_rules().await?;
        let listening = |rule: &Rule| {
            rule.kind == RuleKind::Trigger && rule.events.iter().any(|e| events.contains(e))
        };
        if !rules.iter().any(listening) {
            return Ok(false);
        }
        let now = now_ms();
        let with_text = rules.iter().filter(|r| listening(r)).any(needs_text);
        // Most events fire nothing: decide on a read, write only if one fires.
        {
            let mut conn = self.store.reader().await?;
            let mut found = facts_of(&mut conn, &[ticket_id], with_text).await?;
            let Some((_, facts)) = found.pop() else {
                return Ok(false);
            };
            let fires = events.iter().any(|event| {
                !run_triggers(&rules, *event, facts.clone(), now)
                    .fired
                    .is_empty()
            });
            if !fires {
                return Ok(false);
            }
        }
        let mut tx = self.store.begin().await?;
        let mut found = facts_of(&mut tx, &[ticket_id], with_text).await?;
        let Some((mut t, facts)) = found.pop() else {
            return Ok(false);
        };
        let mut fired: Vec<i64> = Vec::new();
        let mut current = facts.clone();
        let mut effects = Vec::new();
        let mut changes = Vec::new();
        for event in events {
            // One event after another, no rule twice.
            let left: Vec<Rule> = rules
                .iter()
                .filter(|r| !fired.contains(&r.id))
                .cloned()
                .collect();
            let run = run_triggers(&left, *event, current.clone(), now);
            fired.extend(&run.fired);
            effects.extend(run.effects);
            changes.extend(run.changes);
            current = run.facts;
        }
        if fired.is_empty() {
            return Ok(false);
        }
        self.write_rule_outcome(
            &mut tx, &mut t, &facts, &current, &changes, &effects, &fired, now,
        )
        .await?;
        tx.commit().await?;
        self.after_rules(&t).await;
        Ok(true)
    }

    /// Runs every enabled automation over its candidates; answers how many
    /// tickets were acted on. Safe on several nodes: a ticket's version is
    /// claimed (`rule_runs`) in the transaction that acts on it.
    pub async fn run_automations(&self, now: Millis) -> Result<usize> {
        let rules = self.enabled_rules().await?;
        let mut acted = 0;
        for rule in rules.iter().filter(|r| r.kind == RuleKind::Automation) {
            let ids = {
                let mut conn = self.store.reader().await?;
                automation_candidates(&mut conn, rule, now).await?
            };
            for chunk in ids.chunks(PAGE as usize) {
                let (facts, already) = {
                    let mut conn = self.store.reader().await?;
                    (
                        facts_of(&mut conn, chunk, needs_text(rule)).await?,
                        store::runs_of(&mut conn, rule.id, chunk).await?,
                    )
                };
                for (t, f) in facts {
                    if already
                        .iter()
                        .any(|(id, at)| *id == t.id && *at >= t.updated_at)
                    {
                        continue;
                    }
                    if run_automation(rule, &f, now).is_none() {
                        continue;
                    }
                    if self.act_automation(rule, t.id, now).await? {
                        acted += 1;
                    }
                }
            }
        }
        Ok(acted)
    }

    /// One automation on one ticket, re-read and claimed in its transaction.
    async fn act_automation(&self, rule: &Rule, ticket_id: i64, now: Millis) -> Result<bool> {
        let mut tx = self.store.begin().await?;
        let mut found = facts_of(&mut tx, &[ticket_id], needs_text(rule)).await?;
        let Some((mut t, facts)) = found.pop() else {
            return Ok(false);
        };
        let Some((after, effects, changes)) = run_automation(rule, &facts, now) else {
            return Ok(false);
        };
        let seen = t.updated_at;
        self.write_rule_outcome(
            &mut tx,
            &mut t,
            &facts,
            &after,
            &changes,
            &effects,
            &[rule.id],
            now,
        )
        .await?;
        if !store::record_run(&mut tx, rule.id, t.id, seen, t.updated_at, now).await? {
            // Another node acted on this version first.
            return Ok(false);
        }
        tx.commit().await?;
        self.after_rules(&t).await;
        Ok(true)
    }

    /// Writes what rules changed (audited, by no one: `rule` names them)
    /// and carries out their effects, in the caller's transaction.
    #[allow(clippy::too_many_arguments)]
    async fn write_rule_outcome(
        &self,
        tx: &mut Conn,
        t: &mut TicketRow,
        before: &TicketFacts,
        after: &TicketFacts,
        changes: &[FieldChange],
        effects: &[Effect],
        fired: &[i64],
        now: Millis,
    ) -> Result<()> {
        let system = system_viewer();
        let old = t.clone();
        if after.status != t.status {
            apply_status(t, after.status, now)?;
        }
        t.priority = after.priority;
        t.team_id = after.team_id;
        t.assignee_id = after.assignee_id;
        if before.custom_fields != after.custom_fields
            && let Value::Object(fields) = &mut t.custom_fields
        {
            fields.retain(|k, _| after.custom_fields.contains_key(k));
            for (k, v) in &after.custom_fields {
                if before.custom_fields.get(k) != Some(v) {
                    fields.insert(k.clone(), Value::from(v.clone()));
                }
            }
        }
        if *t != old {
            t.updated_at = now;
            self.save_ticket(tx, t).await?;
        }
        if before.tags != after.tags {
            let tags: Vec<String> = after.tags.iter().cloned().collect();
            tickets_store::set_tags(tx, t.id, &tags).await?;
            if *t == old {
                t.updated_at = now;
                self.save_ticket(tx, t).await?;
            }
        }
        for change in changes {
            let mut e = field_change(
                &system,
                t.id,
                &change.field,
                change.from.clone(),
                change.to.clone(),
                now,
            );
            e.new_value = Some(format!(
                "{} (rule {})",
                change.to.as_deref().unwrap_or(""),
                change.rule_id
            ));
            audit::record(tx, &e).await?;
        }
        let mut ran = entry(&system, t.id, "rules_fired", now);
        ran.new_value = Some(
            fired
                .iter()
                .map(i64::to_string)
                .collect::<Vec<_>>()
                .join(" "),
        );
        audit::record(tx, &ran).await?;
        if !effects.is_empty() {
            let vars = self.template_vars(tx, t).await?;
            for effect in effects {
                self.carry_out(tx, t, effect, &vars, now).await?;
            }
        }
        Ok(())
    }

    pub(super) async fn template_vars(
        &self,
        conn: &mut Conn,
        t: &TicketRow,
    ) -> Result<BTreeMap<String, String>> {
        let mut vars = BTreeMap::new();
        vars.insert(
            "ticket.reference".into(),
            TicketRef::from_id(t.id).to_string(),
        );
        vars.insert("ticket.subject".into(), t.subject.clone());
        vars.insert("shop.name".into(), self.policy().shop.name.clone());
        if let Some(p) = people::get(conn, t.requester_id).await? {
            vars.insert("customer.name".into(), p.name);
            vars.insert("customer.email".into(), p.email);
        }
        if let Some(id) = t.assignee_id
            && let Some(p) = people::get(conn, id).await?
        {
            vars.insert("agent.name".into(), p.name);
        }
        if let Some(order_id) = tickets_store::order_ids_of(conn, t.id).await?.first()
            && let Some(order) = commerce::get_order(conn, *order_id).await?
        {
            vars.insert(
                "order.tracking_url".into(),
                format!(
                    "{}/orders/lookup?number={}",
                    self.settings.public_url.trim_end_matches('/'),
                    order.number
                ),
            );
            vars.insert("order.number".into(), order.number);
        }
        Ok(vars)
    }

    async fn carry_out(
        &self,
        tx: &mut Conn,
        t: &mut TicketRow,
        effect: &Effect,
        vars: &BTreeMap<String, String>,
        now: Millis,
    ) -> Result<()> {
        let render = |text: &str| render_template(text, vars).unwrap_or_else(|_| text.to_string());
        let purpose = format!("rule:{}", effect.rule_id);
        match &effect.kind {
            EffectKind::SendEmail { subject, body } => {
                if let Some(email) = vars.get("customer.email") {
                    outbox::enqueue(tx, email, &render(subject), &render(body), &purpose, now)
                        .await?;
                }
            }
            EffectKind::Reply { body } => {
                let content = crate::tickets::body(&render(body), None, &[], 0)?;
                let (message, _) = crate::tickets::conversation::insert_message(
                    tx,
                    t.id,
                    None,
                    MessageKind::Public,
                    t.channel,
                    &content,
                    now,
                )
                .await?;
                crate::outbound::ticket_mail::mail_public_reply(
                    tx,
                    &self.settings,
                    t,
                    &message,
                    now,
                )
                .await?;
            }
            EffectKind::Notify { to, text } => {
                let person = match to {
                    Recipient::Person(id) => Some(*id),
                    Recipient::Role(NotifyRole::Assignee) => t.assignee_id,
                    Recipient::Role(NotifyRole::TeamLead) => match t.team_id {
                        Some(team) => people::get_team(tx, team).await?.and_then(|t| t.lead_id),
                        None => None,
                    },
                };
                if let Some(id) = person
                    && let Some(p) = people::get(tx, id).await?
                    && !p.disabled
                {
                    let subject = format!("[{}] {}", TicketRef::from_id(t.id), t.subject);
                    let body = format!(
                        "{}\n\n{}/agent/tickets/{}\n",
                        render(text),
                        self.settings.public_url.trim_end_matches('/'),
                        t.id
                    );
                    outbox::enqueue(tx, &p.email, &subject, &body, &purpose, now).await?;
                }
            }
            EffectKind::CallWebhook { event } => {
                let data = serde_json::json!({
                    "ticket_id": t.id,
                    "reference": TicketRef::from_id(t.id).to_string(),
                    "rule_id": effect.rule_id,
                    "status": t.status.as_str(),
                    "priority": t.priority.as_str(),
                });
                self.queue_webhook(tx, &format!("rule.{event}"), data, now)
                    .await?;
            }
            EffectKind::Escalate { tier, reason } => {
                let tier = Tier::from_level(i64::from(*tier));
                if escalation_store::tier_of(tx, t.id).await? < i64::from(tier.level()) {
                    let step = Step {
                        tier,
                        reason: EscalationReason::Rule,
                        note: reason,
                        raise_one_step: false,
                        notify_lead: true,
                    };
                    self.escalate_in(tx, &system_viewer(), t, &step, now)
                        .await?;
                }
            }
        }
        Ok(())
    }

    async fn after_rules(&self, t: &TicketRow) {
        self.search_wake();
        if t.assignee_id.is_none()
            && matches!(t.status, TicketStatus::New | TicketStatus::Open)
            && let Err(err) = self.route_ticket(t.id).await
        {
            tracing::warn!(error = %err, "routing after rules failed");
        }
    }
}

fn row_of(rule: &Rule, now: Millis) -> Result<RuleRow> {
    let mut stored = rule.clone();
    stored.id = 0;
    Ok(RuleRow {
        id: 0,
        kind: rule.kind.as_str().into(),
        name: rule.name.trim().to_string(),
        position: i64::from(rule.position),
        enabled: rule.enabled,
        definition: serde_json::to_string(&stored)
            .map_err(|e| ServiceError::Unexpected(anyhow::anyhow!(e)))?,
        created_at: now,
        updated_at: now,
    })
}

fn needs_text(rule: &Rule) -> bool {
    rule.conditions
        .all
        .iter()
        .chain(&rule.conditions.any)
        .any(|c| c.field == Field::SubjectOrBody)
}

/// The changes between two states of a ticket, for a dry run.
fn changes_between(before: &TicketFacts, after: &TicketFacts) -> Vec<FieldChange> {
    let mut out = Vec::new();
    let mut push = |field: &str, from: String, to: String| {
        if from != to {
            out.push(FieldChange {
                rule_id: 0,
                field: field.into(),
                from: Some(from),
                to: Some(to),
            });
        }
    };
    push(
        "status",
        before.status.to_string(),
        after.status.to_string(),
    );
    push(
        "priority",
        before.priority.to_string(),
        after.priority.to_string(),
    );
    let id = |v: Option<i64>| v.map_or_else(|| "—".to_string(), |v| v.to_string());
    push("team_id", id(before.team_id), id(after.team_id));
    push("assignee_id", id(before.assignee_id), id(after.assignee_id));
    let tags = |t: &BTreeSet<String>| t.iter().cloned().collect::<Vec<_>>().join(" ");
    push("tags", tags(&before.tags), tags(&after.tags));
    out
}

/// The tickets an automation may act on: in the statuses its conditions
/// allow, old enough for its time conditions, oldest first, at most
/// [`AUTOMATION_SCAN`].
async fn automation_candidates(conn: &mut Conn, rule: &Rule, now: Millis) -> Result<Vec<i64>> {
    let mut statuses: Vec<&str> = vec!["new", "open", "pending", "on_hold", "solved"];
    let mut min_hours = 0i64;
    for c in &rule.conditions.all {
        let text = match &c.value {
            Some(RuleValue::Text(s)) => Some(s.as_str()),
            _ => None,
        };
        match (c.field, c.op, text) {
            (Field::Status, Op::Is, Some(s)) => statuses.retain(|x| *x == s),
            (Field::Status, Op::IsNot, Some(s)) => statuses.retain(|x| *x != s),
            (
                Field::HoursSinceCreated
                | Field::HoursSinceUpdated
                | Field::HoursInStatus
                | Field::HoursSinceSolved,
                Op::AtLeast,
                _,
            ) => {
                if let Some(RuleValue::Number(n)) = c.value {
                    min_hours = min_hours.max(n);
                }
            }
            _ => {}
        }
    }
    if statuses.is_empty() {
        return Ok(Vec::new());
    }
    // A ticket is at least as old as any of its clocks.
    let created_before = now - min_hours * HOUR_MS + 1;
    let mut ids = Vec::new();
    let mut after = 0;
    while ids.len() < AUTOMATION_SCAN {
        let page = store::candidates(conn, &statuses, created_before, after, PAGE).await?;
        let Some(last) = page.last().copied() else {
            break;
        };
        after = last;
        ids.extend(page);
    }
    ids.truncate(AUTOMATION_SCAN);
    Ok(ids)
}

/// Custom fields as rules compare them: every value as text.
fn text_fields(fields: &Value) -> BTreeMap<String, String> {
    match fields {
        Value::Object(map) => map
            .iter()
            .map(|(k, v)| {
                let text = match v {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                (k.clone(), text)
            })
            .collect(),
        _ => BTreeMap::new(),
    }
}

/// Tickets and what rules see of them, for these ids (those that exist).
async fn facts_of(
    conn: &mut Conn,
    ids: &[i64],
    with_text: bool,
) -> Result<Vec<(TicketRow, TicketFacts)>> {
    let mut tags = tickets_store::tags_of(conn, ids).await?;
    let mut out = Vec::with_capacity(ids.len());
    for &id in ids {
        let Some(t) = tickets_store::get(conn, id).await? else {
            continue;
        };
        let tier = escalation_store::tier_of(conn, id).await?;
        let latest_message = if with_text {
            tickets_store::messages(conn, id, false)
                .await?
                .last()
                .map(|m| m.body_text.clone())
                .unwrap_or_default()
        } else {
            String::new()
        };
        let custom_fields = text_fields(&t.custom_fields);
        let status_since = match t.status {
            TicketStatus::New => t.created_at,
            TicketStatus::Pending | TicketStatus::OnHold => t.sla_paused_at.unwrap_or(t.updated_at),
            TicketStatus::Solved => t.solved_at.unwrap_or(t.updated_at),
            _ => t.updated_at,
        };
        let facts = TicketFacts {
            id,
            status: t.status,
            priority: t.priority,
            channel: t.channel,
            language: t.language.clone(),
            intent: t.intent.clone(),
            sentiment: t.sentiment.clone(),
            team_id: t.team_id,
            assignee_id: t.assignee_id,
            tags: tags.remove(&id).unwrap_or_default().into_iter().collect(),
            custom_fields,
            subject: t.subject.clone(),
            latest_message,
            created_at: t.created_at,
            updated_at: t.updated_at,
            status_since,
            solved_at: t.solved_at,
            escalation_tier: u8::try_from(tier).unwrap_or(1),
        };
        out.push((t, facts));
    }
    Ok(out)
}
