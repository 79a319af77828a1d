//! Carrying out actions and running triggers and automations.

use std::collections::BTreeSet;

use super::condition::{matches, status_after};
use super::*;
use crate::text::Tag;

/// Carries out `actions` of rule `rule_id` on `facts`, returning what the
/// service must do, in order. Invalid actions are skipped; `updated_at`
/// moves only when a field changed.
pub fn apply(
    rule_id: i64,
    actions: &[Action],
    facts: &mut TicketFacts,
    now: Millis,
) -> Vec<Effect> {
    let before = facts.clone();
    let mut effects = Vec::new();
    for action in actions {
        if facts.status.is_final() && action.changes_fields() {
            continue;
        }
        let kind = match action {
            Action::SetPriority { value } => {
                facts.priority = *value;
                None
            }
            Action::SetStatus { value } => {
                let after = status_after(facts.status, *value);
                if after != facts.status {
                    facts.status = after;
                    facts.status_since = now;
                    if after == TicketStatus::Solved {
                        facts.solved_at = Some(now);
                    } else if after.is_unresolved() {
                        facts.solved_at = None;
                    }
                }
                None
            }
            Action::SetTeam { value } => {
                facts.team_id = *value;
                None
            }
            Action::SetAssignee { value } => {
                facts.assignee_id = *value;
                None
            }
            Action::AddTags { tags } => {
                let valid = tags.iter().filter_map(|t| Tag::parse(t).ok());
                facts.tags.extend(valid.map(|t| t.as_str().to_owned()));
                None
            }
            Action::RemoveTags { tags } => {
                for tag in tags.iter().filter_map(|t| Tag::parse(t).ok()) {
                    facts.tags.remove(tag.as_str());
                }
                None
            }
            Action::SetCustomField { key, value } => {
                let (key, value) = (key.trim(), value.trim());
                if value.is_empty() {
                    facts.custom_fields.remove(key);
                } else if !key.is_empty() {
                    facts.custom_fields.insert(key.to_owned(), value.to_owned());
                }
                None
            }
            Action::Escalate { tier, reason } => {
                (*tier > facts.escalation_tier && *tier <= MAX_TIER).then(|| {
                    facts.escalation_tier = *tier;
                    EffectKind::Escalate {
                        tier: *tier,
                        reason: reason.clone(),
                    }
                })
            }
            Action::SendEmail { subject, body } => Some(EffectKind::SendEmail {
                subject: subject.clone(),
                body: body.clone(),
            }),
            Action::Reply { body } => Some(EffectKind::Reply { body: body.clone() }),
            Action::Notify { to, text } => Some(EffectKind::Notify {
                to: *to,
                text: text.clone(),
            }),
            Action::CallWebhook { event } => Some(EffectKind::CallWebhook {
                event: event.clone(),
            }),
        };
        effects.extend(kind.map(|kind| Effect { rule_id, kind }));
    }
    if *facts != before {
        facts.updated_at = now;
    }
    effects
}

fn diff(rule_id: i64, a: &TicketFacts, b: &TicketFacts) -> Vec<FieldChange> {
    let mut changes = Vec::new();
    let mut push = |field: &str, from: Option<String>, to: Option<String>| {
        if from != to {
            changes.push(FieldChange {
                rule_id,
                field: field.to_owned(),
                from,
                to,
            });
        }
    };
    let text = |v: &dyn ToString| Some(v.to_string());
    let id = |v: Option<i64>| v.map(|id| id.to_string());
    push("status", text(&a.status), text(&b.status));
    push("priority", text(&a.priority), text(&b.priority));
    push("team_id", id(a.team_id), id(b.team_id));
    push("assignee_id", id(a.assignee_id), id(b.assignee_id));
    push(
        "escalation_tier",
        text(&a.escalation_tier),
        text(&b.escalation_tier),
    );
    for tag in a.tags.difference(&b.tags) {
        push("tags", Some(tag.clone()), None);
    }
    for tag in b.tags.difference(&a.tags) {
        push("tags", None, Some(tag.clone()));
    }
    let keys: BTreeSet<&String> = a
        .custom_fields
        .keys()
        .chain(b.custom_fields.keys())
        .collect();
    for key in keys {
        let value = |f: &TicketFacts| f.custom_fields.get(key).cloned();
        push(&format!("custom_fields.{key}"), value(a), value(b));
    }
    changes
}

/// The events that changes cause, for the next round of triggers.
fn caused(changes: &[FieldChange]) -> BTreeSet<Event> {
    let mut events = BTreeSet::new();
    for change in changes {
        events.insert(Event::Updated);
        match change.field.as_str() {
            "status" => events.insert(Event::StatusChanged),
            "tags" if change.to.is_some() => events.insert(Event::TagAdded),
            "escalation_tier" => events.insert(Event::Escalated),
            _ => false,
        };
    }
    events
}

/// Runs the enabled triggers listening to `event`, in (position, id) order,
/// each seeing the changes of those before. When triggers changed fields,
/// those not fired yet get a round with the events the changes cause
/// (`updated`, and `status_changed`, `tag_added`, `escalated`), up to
/// [`MAX_ROUNDS`] rounds. Each rule fires at most once per run.
pub fn run_triggers(rules: &[Rule], event: Event, facts: TicketFacts, now: Millis) -> TriggerRun {
    let mut order: Vec<&Rule> = rules
        .iter()
        .filter(|r| r.enabled && r.kind == RuleKind::Trigger)
        .collect();
    order.sort_by_key(|r| (r.position, r.id));
    let mut run = TriggerRun {
        facts,
        fired: Vec::new(),
        effects: Vec::new(),
        changes: Vec::new(),
        rounds: 0,
    };
    let mut events = BTreeSet::from([event]);
    while !events.is_empty() && run.rounds < MAX_ROUNDS {
        run.rounds += 1;
        let mut next = BTreeSet::new();
        for rule in &order {
            if run.fired.contains(&rule.id)
                || !rule.events.iter().any(|e| events.contains(e))
                || !matches(&rule.conditions, &run.facts, now)
            {
                continue;
            }
            let before = run.facts.clone();
            run.effects
                .extend(apply(rule.id, &rule.actions, &mut run.facts, now));
            let changes = diff(rule.id, &before, &run.facts);
            next.extend(caused(&changes));
            run.changes.extend(changes);
            run.fired.push(rule.id);
        }
        events = next;
    }
    run
}

/// Runs one automation on one ticket: None when it is disabled, not an
/// automation, the ticket is closed or the conditions do not hold.
pub fn run_automation(
    rule: &Rule,
    facts: &TicketFacts,
    now: Millis,
) -> Option<(TicketFacts, Vec<Effect>, Vec<FieldChange>)> {
    if !rule.enabled
        || rule.kind != RuleKind::Automation
        || facts.status.is_final()
        || !matches(&rule.conditions, facts, now)
    {
        return None;
    }
    let mut after = facts.clone();
    let effects = apply(rule.id, &rule.actions, &mut after, now);
    let changes = diff(rule.id, facts, &after);
    Some((after, effects, changes))
}
