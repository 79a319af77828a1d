//! The checks a rule passes before it is saved.

use super::condition::{Test, compile, falsifies};
use super::template::template_variables;
use super::*;
use crate::text::{Tag, required_line, required_text};

/// Checks a rule before it is saved.
pub fn validate(rule: &Rule) -> Result<(), RuleError> {
    required_line("name", &rule.name, MAX_NAME).map_err(|e| RuleError::new("name", e))?;
    match rule.kind {
        RuleKind::Trigger if rule.events.is_empty() => {
            return Err(RuleError::new(
                "events",
                "a trigger needs an event, such as created or updated",
            ));
        }
        RuleKind::Automation if !rule.events.is_empty() => {
            return Err(RuleError::new(
                "events",
                "an automation runs on a schedule: it takes no events",
            ));
        }
        _ => {}
    }
    let conditions = &rule.conditions;
    if conditions.all.len() + conditions.any.len() > MAX_CONDITIONS {
        return Err(RuleError::new(
            "conditions",
            format!("at most {MAX_CONDITIONS} conditions"),
        ));
    }
    let mut timed = false;
    for (section, list) in [("all", &conditions.all), ("any", &conditions.any)] {
        for (i, condition) in list.iter().enumerate() {
            let check = compile(condition).map_err(|(part, message)| {
                RuleError::new(format!("conditions.{section}[{i}].{part}"), message)
            })?;
            timed |= section == "all" && matches!(check.test, Test::Hours(..));
        }
    }
    if rule.actions.is_empty() || rule.actions.len() > MAX_ACTIONS {
        return Err(RuleError::new(
            "actions",
            format!("a rule needs 1 to {MAX_ACTIONS} actions"),
        ));
    }
    for (i, action) in rule.actions.iter().enumerate() {
        check_action(action, &format!("actions[{i}]"))?;
    }
    let loops = match rule.kind {
        RuleKind::Automation => {
            if conditions.all.is_empty() && conditions.any.is_empty() {
                return Err(RuleError::new(
                    "conditions",
                    "an automation needs conditions: it would act on every ticket",
                ));
            }
            if !timed {
                return Err(RuleError::new(
                    "conditions.all",
                    "an automation needs a time condition such as hours_in_status",
                ));
            }
            true
        }
        RuleKind::Trigger => rule
            .actions
            .iter()
            .flat_map(Action::causes)
            .any(|e| rule.events.contains(e)),
    };
    let nullified = || {
        conditions
            .all
            .iter()
            .any(|c| rule.actions.iter().any(|a| falsifies(a, c)))
    };
    if loops && !nullified() {
        return Err(RuleError::new(
            "conditions.all",
            format!(
                "this {} would fire again on its own change: add a condition its actions make false, such as {}",
                rule.kind,
                nullifying_hint(&rule.actions)
            ),
        ));
    }
    Ok(())
}

fn nullifying_hint(actions: &[Action]) -> String {
    let id = |v: &Option<i64>| v.map_or("none".to_owned(), |id| id.to_string());
    let tag = |tags: &[String]| {
        tags.first()
            .map(|t| Tag::parse(t).map_or(t.clone(), |t| t.as_str().to_owned()))
    };
    actions
        .iter()
        .find_map(|a| match a {
            Action::SetPriority { value } => Some(format!("priority is_not {value}")),
            Action::SetStatus { value } => Some(format!("status is_not {value}")),
            Action::SetTeam { value } => Some(format!("team_id is_not {}", id(value))),
            Action::SetAssignee { value } => Some(format!("assignee_id is_not {}", id(value))),
            Action::AddTags { tags } => tag(tags).map(|t| format!("tags not_contains {t}")),
            Action::RemoveTags { tags } => tag(tags).map(|t| format!("tags contains {t}")),
            Action::SetCustomField { key, value } => {
                Some(format!("custom_field {key} is_not {value}"))
            }
            Action::Escalate { tier, .. } => {
                Some(format!("escalation_tier is {}", tier.saturating_sub(1)))
            }
            _ => None,
        })
        .unwrap_or_else(|| "tags not_contains a tag that an add_tags action adds".to_owned())
}

fn check_action(action: &Action, at: &str) -> Result<(), RuleError> {
    let fail = |part: &str, message: &dyn ToString| {
        RuleError::new(format!("{at}.{part}"), message.to_string())
    };
    let template = |part: &'static str, text: &str, single_line: bool| {
        let checked = if single_line {
            required_line(part, text, MAX_TEXT)
        } else {
            required_text(part, text, MAX_TEXT)
        };
        checked.map_err(|e| fail(part, &e))?;
        template_variables(text)
            .map(drop)
            .map_err(|e| fail(part, &e))
    };
    match action {
        Action::SetStatus {
            value: TicketStatus::New,
        } => Err(fail("value", &"a ticket never returns to new")),
        Action::SetTeam { value: Some(id) } | Action::SetAssignee { value: Some(id) }
            if *id <= 0 =>
        {
            Err(fail("value", &"an id is a positive number; null for none"))
        }
        Action::AddTags { tags } | Action::RemoveTags { tags } => {
            if tags.is_empty() || tags.len() > MAX_TAGS {
                return Err(fail("tags", &format!("give 1 to {MAX_TAGS} tags")));
            }
            for (i, tag) in tags.iter().enumerate() {
                Tag::parse(tag).map_err(|e| fail(&format!("tags[{i}]"), &e))?;
            }
            Ok(())
        }
        Action::SetCustomField { key, value } => {
            required_line("key", key, MAX_KEY).map_err(|e| fail("key", &e))?;
            match value.chars().count() {
                len if len > MAX_TEXT => {
                    Err(fail("value", &format!("at most {MAX_TEXT} characters")))
                }
                _ => Ok(()),
            }
        }
        Action::SendEmail { subject, body } => {
            template("subject", subject, true)?;
            template("body", body, false)
        }
        Action::Reply { body } => template("body", body, false),
        Action::Notify {
            to: Recipient::Person(id),
            ..
        } if *id <= 0 => Err(fail("to", &"a person is a positive id")),
        Action::Notify { text, .. } => template("text", text, false),
        Action::CallWebhook { event } => {
            let ok = (1..=MAX_KEY).contains(&event.len())
                && event
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b));
            if ok {
                Ok(())
            } else {
                Err(fail(
                    "event",
                    &"a short name such as ticket.escalated: a-z, 0-9, '.', '_' or '-', at most 64",
                ))
            }
        }
        Action::Escalate { tier, .. } if !(1..=MAX_TIER).contains(tier) => {
            Err(fail("tier", &"the tier is 1, 2 or 3"))
        }
        Action::Escalate { reason, .. } => required_line("reason", reason, MAX_TEXT)
            .map(drop)
            .map_err(|e| fail("reason", &e)),
        _ => Ok(()),
    }
}
