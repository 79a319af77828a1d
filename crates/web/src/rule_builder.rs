//! The rules editor's form: a trigger or automation as rows of conditions
//! and actions with menus, for supervisors who do not write JSON. The rows
//! become the same `Rule` JSON the API takes (and the JSON editor shows),
//! so one set of checks refuses what does not hold.

use marketdesk_domain::rules::{Event, Field, Op, Rule, RuleKind};
use serde_json::{Map, Value, json};

use crate::order_forms::field;

/// Rows the form offers: enough for the rules a desk writes by hand (a
/// longer rule is written in the JSON editor).
pub const CONDITION_ROWS: usize = 5;
pub const ACTION_ROWS: usize = 4;

/// The actions, as the API names them.
pub const ACTIONS: [&str; 12] = [
    "set_priority",
    "set_status",
    "set_team",
    "set_assignee",
    "add_tags",
    "remove_tags",
    "set_custom_field",
    "send_email",
    "reply",
    "notify",
    "call_webhook",
    "escalate",
];

/// One condition row as the form shows it.
#[derive(Debug, Clone, Default)]
pub struct ConditionRow {
    /// `all` or `any`.
    pub group: String,
    pub field: String,
    pub op: String,
    pub value: String,
    pub key: String,
}

/// One action row: `value` is the action's value, tags (comma-separated),
/// an email's subject, a webhook's event, a tier or whom to notify; `key`
/// a custom field's key or an escalation's reason; `text` a body or a
/// notification's text.
#[derive(Debug, Clone, Default)]
pub struct ActionRow {
    pub action: String,
    pub value: String,
    pub key: String,
    pub text: String,
}

/// The whole form.
#[derive(Debug, Clone)]
pub struct RuleForm {
    pub name: String,
    pub kind: String,
    pub position: String,
    /// Kept as it is: enabling is the list's button.
    pub enabled: bool,
    pub events: Vec<String>,
    pub conditions: Vec<ConditionRow>,
    pub actions: Vec<ActionRow>,
}

impl Default for RuleForm {
    fn default() -> Self {
        RuleForm {
            name: String::new(),
            kind: "trigger".into(),
            position: "1".into(),
            enabled: true,
            events: vec!["created".into()],
            conditions: vec![ConditionRow::default(); CONDITION_ROWS],
            actions: vec![ActionRow::default(); ACTION_ROWS],
        }
    }
}

/// The menus: (value, label) pairs the template lists.
pub fn events() -> Vec<&'static str> {
    Event::ALL.iter().map(|e| e.as_str()).collect()
}

pub fn fields() -> Vec<&'static str> {
    Field::ALL.iter().map(|f| f.as_str()).collect()
}

pub fn ops() -> Vec<&'static str> {
    Op::ALL.iter().map(|o| o.as_str()).collect()
}

pub fn kinds() -> Vec<&'static str> {
    RuleKind::ALL.iter().map(|k| k.as_str()).collect()
}

/// A number where the API wants one, text otherwise.
fn scalar(text: &str) -> Value {
    let text = text.trim();
    match text.parse::<i64>() {
        Ok(n) => json!(n),
        Err(_) => json!(text),
    }
}

fn tags(text: &str) -> Value {
    json!(
        text.split([',', ' '])
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
    )
}

impl RuleForm {
    pub fn has_event(&self, event: &str) -> bool {
        self.events.iter().any(|e| e == event)
    }

    /// Reads the form's rows (a row without a field or action is unused).
    pub fn read(form: &[(String, String)]) -> Self {
        let conditions = (0..CONDITION_ROWS)
            .map(|i| ConditionRow {
                group: field(form, &format!("c{i}_group")).to_owned(),
                field: field(form, &format!("c{i}_field")).to_owned(),
                op: field(form, &format!("c{i}_op")).to_owned(),
                value: field(form, &format!("c{i}_value")).to_owned(),
                key: field(form, &format!("c{i}_key")).to_owned(),
            })
            .collect();
        let actions = (0..ACTION_ROWS)
            .map(|i| ActionRow {
                action: field(form, &format!("a{i}_action")).to_owned(),
                value: field(form, &format!("a{i}_value")).to_owned(),
                key: field(form, &format!("a{i}_key")).to_owned(),
                text: field(form, &format!("a{i}_text")).to_owned(),
            })
            .collect();
        RuleForm {
            name: field(form, "name").to_owned(),
            kind: field(form, "kind").to_owned(),
            position: field(form, "position").to_owned(),
            enabled: field(form, "enabled") != "false",
            events: form
                .iter()
                .filter(|(k, _)| k == "events")
                .map(|(_, v)| v.clone())
                .collect(),
            conditions,
            actions,
        }
    }

    /// The rule as the API's JSON; its checks are the API's.
    pub fn to_json(&self) -> Value {
        let mut all = Vec::new();
        let mut any = Vec::new();
        for c in self.conditions.iter().filter(|c| !c.field.is_empty()) {
            let mut condition = json!({"field": c.field, "op": c.op});
            if !c.value.trim().is_empty() {
                condition["value"] = scalar(&c.value);
            }
            if !c.key.trim().is_empty() {
                condition["key"] = json!(c.key.trim());
            }
            if c.group == "any" { &mut any } else { &mut all }.push(condition);
        }
        let actions: Vec<Value> = self
            .actions
            .iter()
            .filter(|a| !a.action.is_empty())
            .map(ActionRow::to_json)
            .collect();
        let mut rule = json!({
            "name": self.name.trim(),
            "kind": self.kind,
            "position": self.position.trim().parse::<i64>().unwrap_or(0),
            "conditions": {"all": all, "any": any},
            "actions": actions,
            "enabled": self.enabled,
        });
        if self.kind == "trigger" {
            rule["events"] = json!(self.events);
        }
        rule
    }

    /// The form showing `rule`, when its conditions and actions fit the
    /// rows (else the JSON editor is the way to change it).
    pub fn of(rule: &Rule) -> Option<Self> {
        let value = serde_json::to_value(rule).ok()?;
        let text = |v: &Value| match v {
            Value::String(s) => s.clone(),
            Value::Null => String::new(),
            other => other.to_string(),
        };
        let mut conditions = Vec::new();
        for group in ["all", "any"] {
            for c in value["conditions"][group].as_array()? {
                conditions.push(ConditionRow {
                    group: group.into(),
                    field: text(&c["field"]),
                    op: text(&c["op"]),
                    value: text(&c["value"]),
                    key: text(&c["key"]),
                });
            }
        }
        let mut actions = Vec::new();
        for a in value["actions"].as_array()? {
            let object = a.as_object()?;
            actions.push(ActionRow::of(object, text));
        }
        if conditions.len() > CONDITION_ROWS || actions.len() > ACTION_ROWS {
            return None;
        }
        conditions.resize(CONDITION_ROWS, ConditionRow::default());
        actions.resize(ACTION_ROWS, ActionRow::default());
        Some(RuleForm {
            name: rule.name.clone(),
            kind: rule.kind.as_str().into(),
            position: rule.position.to_string(),
            enabled: rule.enabled,
            events: rule.events.iter().map(|e| e.as_str().to_owned()).collect(),
            conditions,
            actions,
        })
    }
}

impl ActionRow {
    fn to_json(&self) -> Value {
        let (value, key, text) = (self.value.trim(), self.key.trim(), self.text.as_str());
        let id_or_none = || {
            if value.is_empty() || value == "none" {
                Value::Null
            } else {
                scalar(value)
            }
        };
        let mut action = match self.action.as_str() {
            "set_priority" | "set_status" => json!({"value": value}),
            "set_team" | "set_assignee" => json!({"value": id_or_none()}),
            "add_tags" | "remove_tags" => json!({"tags": tags(value)}),
            "set_custom_field" => json!({"key": key, "value": value}),
            "send_email" => json!({"subject": value, "body": text}),
            "reply" => json!({"body": text}),
            "notify" => json!({"to": scalar(value), "text": text}),
            "call_webhook" => json!({"event": value}),
            "escalate" => json!({"tier": scalar(value), "reason": key}),
            _ => json!({}),
        };
        action["action"] = json!(self.action);
        action
    }

    fn of(object: &Map<String, Value>, text: impl Fn(&Value) -> String) -> Self {
        let get = |name: &str| object.get(name).map(&text).unwrap_or_default();
        let action = get("action");
        let (value, key, body) = match action.as_str() {
            "add_tags" | "remove_tags" => {
                let tags = object
                    .get("tags")
                    .and_then(Value::as_array)
                    .map(|tags| tags.iter().map(&text).collect::<Vec<_>>().join(", "))
                    .unwrap_or_default();
                (tags, String::new(), String::new())
            }
            "set_custom_field" => (get("value"), get("key"), String::new()),
            "send_email" => (get("subject"), String::new(), get("body")),
            "reply" => (String::new(), String::new(), get("body")),
            "notify" => (get("to"), String::new(), get("text")),
            "call_webhook" => (get("event"), String::new(), String::new()),
            "escalate" => (get("tier"), get("reason"), String::new()),
            _ => (get("value"), String::new(), String::new()),
        };
        ActionRow {
            action,
            value,
            key,
            text: body,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn rows_become_the_rule_and_back() {
        let form = RuleForm::read(&pairs(&[
            ("name", "Chinese to the Chinese team"),
            ("kind", "trigger"),
            ("position", "2"),
            ("events", "created"),
            ("events", "customer_replied"),
            ("c0_group", "all"),
            ("c0_field", "language"),
            ("c0_op", "is"),
            ("c0_value", "zh"),
            ("c1_group", "all"),
            ("c1_field", "team_id"),
            ("c1_op", "is"),
            ("c1_value", "none"),
            ("c2_field", ""),
            ("a0_action", "set_team"),
            ("a0_value", "3"),
            ("a1_action", "add_tags"),
            ("a1_value", "zh, vip"),
            ("a2_action", "send_email"),
            ("a2_value", "Re: {{ticket.subject}}"),
            ("a2_text", "您好 {{customer.name}}"),
        ]));
        let json = form.to_json();
        let rule: Rule = serde_json::from_value(json.clone()).expect("a rule");
        assert_eq!(rule.name, "Chinese to the Chinese team");
        assert_eq!(rule.position, 2);
        assert_eq!(rule.events.len(), 2);
        assert_eq!(rule.conditions.all.len(), 2);
        assert_eq!(
            json["actions"][0],
            json!({"action": "set_team", "value": 3})
        );
        assert_eq!(json["actions"][1]["tags"], json!(["zh", "vip"]));
        assert_eq!(json["actions"][2]["body"], "您好 {{customer.name}}");
        // Back into rows: the same rule again.
        let again = RuleForm::of(&rule).expect("fits the rows");
        let round: Rule = serde_json::from_value(again.to_json()).expect("a rule");
        assert_eq!(round, rule);
    }

    #[test]
    fn an_automation_has_no_events_and_numbers_stay_numbers() {
        let form = RuleForm::read(&pairs(&[
            ("name", "Solve after 7 days pending"),
            ("kind", "automation"),
            ("position", "1"),
            ("events", "created"),
            ("c0_field", "hours_in_status"),
            ("c0_op", "at_least"),
            ("c0_value", "168"),
            ("a0_action", "set_status"),
            ("a0_value", "solved"),
        ]));
        let json = form.to_json();
        assert!(json.get("events").is_none(), "{json}");
        assert_eq!(json["conditions"]["all"][0]["value"], 168);
        let rule: Rule = serde_json::from_value(json).expect("a rule");
        assert_eq!(rule.kind, RuleKind::Automation);
    }
}
