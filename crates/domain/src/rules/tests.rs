use super::*;
use crate::HOUR_MS;
use Event::{Created, TagAdded, Updated};
use TicketStatus::{Closed, Open, Solved};
use proptest::prelude::*;

const T0: Millis = 1_700_000_000_000;

fn facts() -> TicketFacts {
    TicketFacts {
        id: 1,
        status: Open,
        priority: Priority::Normal,
        channel: Channel::Email,
        language: "en-GB".into(),
        intent: Some("where_is_my_order".into()),
        sentiment: Some("negative".into()),
        team_id: Some(3),
        assignee_id: None,
        tags: BTreeSet::from(["vip".to_owned()]),
        custom_fields: BTreeMap::from([("order_state".into(), "shipped".into())]),
        subject: "Où est ma commande ?".into(),
        latest_message: "Die Lieferung ist verspätet — ÄRGER".into(),
        created_at: T0,
        updated_at: T0 + HOUR_MS,
        status_since: T0 + 2 * HOUR_MS,
        solved_at: None,
        escalation_tier: 0,
    }
}

/// `"priority is_not urgent"`, `"hours_in_status at_least 48"`,
/// `"custom_field:order_state present"`: field, op, then the value (all the rest).
fn c(text: &str) -> Condition {
    let mut words = text.splitn(3, ' ');
    let first = words.next().unwrap();
    let (field, key) = match first.split_once(':') {
        Some((field, key)) => (field, Some(key.to_owned())),
        None => (first, None),
    };
    let op = Op::parse(words.next().unwrap()).unwrap();
    let value = words
        .next()
        .map(|v| v.parse().map_or_else(|_| Value::from(v), Value::Number));
    Condition {
        field: Field::parse(field).unwrap(),
        key,
        op,
        value,
    }
}

fn all(conditions: &[&str]) -> Conditions {
    Conditions {
        all: conditions.iter().map(|t| c(t)).collect(),
        any: vec![],
    }
}

fn holds(condition: &str, facts: &TicketFacts, now: Millis) -> bool {
    matches(&all(&[condition]), facts, now)
}

fn rule(id: i64, kind: RuleKind, events: &[Event], when: &[&str], actions: Vec<Action>) -> Rule {
    let (name, events, conditions) = (format!("rule {id}"), events.to_vec(), all(when));
    Rule {
        id,
        name,
        kind,
        events,
        conditions,
        actions,
        position: 0,
        enabled: true,
    }
}

fn trigger(id: i64, events: &[Event], when: &[&str], actions: Vec<Action>) -> Rule {
    rule(id, RuleKind::Trigger, events, when, actions)
}

fn automation(when: &[&str], actions: Vec<Action>) -> Rule {
    rule(9, RuleKind::Automation, &[], when, actions)
}

fn tags(names: &[&str]) -> Vec<String> {
    names.iter().map(|n| n.to_string()).collect()
}

fn add(tag: &str) -> Action {
    Action::AddTags { tags: tags(&[tag]) }
}

fn prio(value: Priority) -> Action {
    Action::SetPriority { value }
}

fn status(value: TicketStatus) -> Action {
    Action::SetStatus { value }
}

fn notify(text: &str) -> Action {
    Action::Notify {
        to: Recipient::Role(NotifyRole::Assignee),
        text: text.into(),
    }
}

fn with(base: &Rule, change: impl FnOnce(&mut Rule)) -> Rule {
    let mut rule = base.clone();
    change(&mut rule);
    rule
}

#[track_caller]
fn refused(rule: &Rule, path: &str, message: &str) {
    let err = validate(rule).expect_err("accepted");
    assert_eq!(
        (err.path.as_str(), err.message.contains(message)),
        (path, true),
        "{err}"
    );
}

#[test]
fn each_condition_family_matches() {
    let cases = [
        ("status is open", true),
        ("status is_not open", false),
        ("priority is normal", true),
        ("priority above low", true),
        ("priority above normal", false),
        ("priority below high", true),
        ("channel is email", true),
        ("channel is_not email", false),
        ("language is en", true),
        ("language is en_gb", true),
        ("language is en-US", false),
        ("language is_not fr", true),
        ("intent is where_is_my_order", true),
        ("intent is none", false),
        ("sentiment is negative", true),
        ("sentiment is_not negative", false),
        ("team_id is 3", true),
        ("team_id is none", false),
        ("assignee_id is none", true),
        ("assignee_id is_not 9", true),
        ("tags contains VIP", true),
        ("tags not_contains vip", false),
        ("tags contains refund", false),
        ("subject_or_body contains COMMANDE", true),
        ("subject_or_body contains verspätet — ärger", true),
        ("subject_or_body not_contains refund", true),
        ("custom_field:order_state is shipped", true),
        ("custom_field:order_state is_not shipped", false),
        ("custom_field:order_state present", true),
        ("custom_field:order_state absent", false),
        ("custom_field:gift absent", true),
        ("escalation_tier is 0", true),
        ("escalation_tier at_least 1", false),
    ];
    for (condition, want) in cases {
        assert_eq!(holds(condition, &facts(), T0), want, "{condition}");
    }
    // Without intent or sentiment `is` fails and `is_not` holds.
    let bare = TicketFacts {
        intent: None,
        sentiment: None,
        ..facts()
    };
    assert!(holds("intent is none", &bare, T0) && holds("intent is_not refund", &bare, T0));
    assert!(!holds("sentiment is neutral", &bare, T0));
    assert!(holds("sentiment is_not positive", &bare, T0));
    // An invalid condition never holds, even negated.
    assert!(!holds("status is_not reopened", &bare, T0));
}

#[test]
fn all_must_hold_and_one_of_any() {
    let check = |all: &[&str], any: &[&str]| {
        let conditions = Conditions {
            any: any.iter().map(|t| c(t)).collect(),
            ..self::all(all)
        };
        matches(&conditions, &facts(), T0)
    };
    assert!(check(&[], &[]));
    assert!(check(
        &["status is open"],
        &["status is pending", "priority is normal"]
    ));
    assert!(!check(&["status is open"], &["status is pending"]));
    assert!(!check(&["status is open", "priority is high"], &[]));
}

#[test]
fn time_conditions_count_from_their_clock_at_the_boundary() {
    let five = T0 + 5 * HOUR_MS;
    let f = facts();
    assert!(!holds("hours_since_created at_least 5", &f, five - 1));
    assert!(holds("hours_since_created at_least 5", &f, five));
    assert!(holds("hours_since_created less_than 5", &f, five - 1));
    assert!(!holds("hours_since_created less_than 5", &f, five));
    assert!(holds("hours_since_updated at_least 4", &f, five));
    assert!(!holds("hours_since_updated at_least 5", &f, five));
    assert!(holds("hours_in_status at_least 3", &f, five));
    assert!(!holds("hours_in_status at_least 4", &f, five));
    // Never solved: neither long ago nor recently.
    assert!(!holds("hours_since_solved at_least 0", &f, five));
    assert!(!holds("hours_since_solved less_than 99", &f, five));
    let solved = TicketFacts {
        solved_at: Some(T0),
        ..facts()
    };
    assert!(holds("hours_since_solved at_least 5", &solved, five));
    assert!(!holds("hours_since_solved at_least 6", &solved, five));
}

#[test]
fn validation_names_the_field_and_the_problem() {
    let ok = trigger(1, &[Created], &["status is new"], vec![add("new")]);
    assert_eq!(validate(&ok), Ok(()));
    let when = |conditions: &[&str]| with(&ok, |r| r.conditions = all(conditions));
    let doing = |actions: Vec<Action>| with(&ok, |r| r.actions = actions);
    refused(
        &with(&ok, |r| r.name = " ".into()),
        "name",
        "name must not be empty",
    );
    refused(
        &with(&ok, |r| r.name = "x".repeat(101)),
        "name",
        "at most 100",
    );
    refused(
        &with(&ok, |r| r.events.clear()),
        "events",
        "a trigger needs an event",
    );
    let bad_status = "'reopened' is not a valid TicketStatus";
    refused(
        &when(&["status is reopened"]),
        "conditions.all[0].value",
        bad_status,
    );
    let any = with(&ok, |r| {
        r.conditions.any = vec![c("status is open"), c("tags contains a/b")]
    });
    refused(&any, "conditions.any[1].value", "not a valid tag");
    let hours = "hours is a whole number from 0 to 87600";
    refused(
        &when(&["status is open", "hours_in_status at_least -1"]),
        "conditions.all[1].value",
        hours,
    );
    let ops = "priority takes is, is_not, above, below, not contains";
    refused(
        &when(&["priority contains high"]),
        "conditions.all[0].op",
        ops,
    );
    refused(
        &when(&["custom_field is x"]),
        "conditions.all[0].key",
        "needs the key",
    );
    refused(
        &when(&["team_id is nobody"]),
        "conditions.all[0].value",
        "an id or \"none\"",
    );
    refused(
        &when(&["status is open"; 21]),
        "conditions",
        "at most 20 conditions",
    );
    refused(&doing(vec![]), "actions", "1 to 10 actions");
    refused(&doing(vec![add("x"); 11]), "actions", "1 to 10 actions");
    let many = Action::AddTags {
        tags: vec!["x".into(); 21],
    };
    refused(&doing(vec![many]), "actions[0].tags", "1 to 20 tags");
    let slash = Action::AddTags {
        tags: tags(&["ok", "a/b"]),
    };
    refused(
        &doing(vec![add("x"), slash]),
        "actions[1].tags[1]",
        "not a valid tag",
    );
    let email = Action::SendEmail {
        subject: "Re: {{ticket.subject}}".into(),
        body: "{{ x }}".into(),
    };
    refused(
        &doing(vec![email]),
        "actions[0].body",
        "unknown placeholder {{x}}",
    );
    let long = Action::Reply {
        body: "x".repeat(5001),
    };
    refused(&doing(vec![long]), "actions[0].body", "at most 5000");
    let tier = Action::Escalate {
        tier: 4,
        reason: "slow".into(),
    };
    refused(&doing(vec![tier]), "actions[0].tier", "1, 2 or 3");
    refused(
        &doing(vec![status(TicketStatus::New)]),
        "actions[0].value",
        "never returns to new",
    );
    let hook = Action::CallWebhook {
        event: "Ticket Closed".into(),
    };
    refused(&doing(vec![hook]), "actions[0].event", "a short name");

    let stale = automation(
        &["hours_in_status at_least 48", "tags not_contains stale"],
        vec![add("stale")],
    );
    assert_eq!(validate(&stale), Ok(()));
    refused(
        &with(&stale, |r| r.events = vec![Updated]),
        "events",
        "takes no events",
    );
    refused(
        &with(&stale, |r| r.conditions = all(&[])),
        "conditions",
        "an automation needs conditions",
    );
    let timeless = with(&stale, |r| r.conditions = all(&["tags not_contains stale"]));
    let message = "an automation needs a time condition such as hours_in_status";
    refused(&timeless, "conditions.all", message);
}

#[test]
fn loop_check_wants_a_condition_the_actions_make_false() {
    let fine = trigger(
        1,
        &[Updated],
        &["tags contains vip", "priority is_not urgent"],
        vec![prio(Priority::Urgent)],
    );
    assert_eq!(validate(&fine), Ok(()));
    let looping = trigger(
        1,
        &[Updated],
        &["status is open"],
        vec![add("VIP"), notify("vip")],
    );
    let message = "this trigger would fire again on its own change: \
                   add a condition its actions make false, such as tags not_contains vip";
    assert_eq!(
        validate(&looping),
        Err(RuleError::new("conditions.all", message))
    );
    refused(
        &with(&looping, |r| r.events = vec![TagAdded]),
        "conditions.all",
        message,
    );
    // Its change causes neither event, and the hint fixes it.
    let elsewhere = with(&looping, |r| r.events = vec![Created, Event::StatusChanged]);
    assert_eq!(validate(&elsewhere), Ok(()));
    let fixed = with(&looping, |r| {
        r.conditions.all.push(c("tags not_contains vip"))
    });
    assert_eq!(validate(&fixed), Ok(()));
    // Effects alone change nothing to fire on.
    assert_eq!(
        validate(&trigger(1, &[Updated], &[], vec![notify("again")])),
        Ok(())
    );
    // An open ticket cannot be closed, so closing does not end "status is open".
    let close = |when: &str| trigger(1, &[Updated], &[when], vec![status(Closed)]);
    refused(
        &close("status is open"),
        "conditions.all",
        "such as status is_not closed",
    );
    assert_eq!(validate(&close("status is solved")), Ok(()));
    // Automations always need one.
    let remind = automation(
        &["status is pending", "hours_in_status at_least 48"],
        vec![notify("ping")],
    );
    refused(
        &remind,
        "conditions.all",
        "this automation would fire again on its own change",
    );
    assert_eq!(
        validate(&with(&remind, |r| r.actions.push(status(Solved)))),
        Ok(())
    );
}

#[test]
fn falsifies_only_what_the_action_guarantees() {
    let custom = |value: &str| Action::SetCustomField {
        key: "order_state".into(),
        value: value.into(),
    };
    let other = Action::SetCustomField {
        key: "other".into(),
        value: "x".into(),
    };
    let escalate = |tier| Action::Escalate {
        tier,
        reason: "slow".into(),
    };
    let untag = Action::RemoveTags {
        tags: tags(&["vip"]),
    };
    let yes = [
        (prio(Priority::Urgent), "priority is_not urgent"),
        (prio(Priority::Low), "priority above normal"),
        (status(Solved), "status is open"),
        (status(Open), "status is_not open"),
        (status(Open), "hours_since_solved at_least 24"),
        (Action::SetTeam { value: None }, "team_id is 3"),
        (
            Action::SetAssignee { value: Some(7) },
            "assignee_id is none",
        ),
        (add("VIP"), "tags not_contains vip"),
        (untag, "tags contains vip"),
        (custom("returned"), "custom_field:order_state is shipped"),
        (custom(" "), "custom_field:order_state present"),
        (escalate(2), "escalation_tier is 1"),
    ];
    let no = [
        (prio(Priority::High), "priority above normal"),
        (status(Closed), "status is open"),
        (status(Solved), "status is_not open"),
        (add("vip"), "tags contains vip"),
        (add("vip"), "status is open"),
        (escalate(1), "escalation_tier at_least 1"),
        (escalate(1), "escalation_tier is 1"),
        (other, "custom_field:order_state is shipped"),
        (prio(Priority::Urgent), "priority is_not urgently"),
    ];
    for (action, condition) in &yes {
        assert!(
            falsifies(action, &c(condition)),
            "{action:?} should falsify {condition}"
        );
    }
    for (action, condition) in &no {
        assert!(
            !falsifies(action, &c(condition)),
            "{action:?} should not falsify {condition}"
        );
    }
}

#[test]
fn apply_changes_fields_and_returns_effects_in_order() {
    let now = T0 + 10 * HOUR_MS;
    let mut f = facts();
    let actions = [
        notify("look"),
        status(Solved),
        Action::Reply {
            body: "Done, {{customer.name}}".into(),
        },
        Action::Escalate {
            tier: 2,
            reason: "slow".into(),
        },
        Action::Escalate {
            tier: 1,
            reason: "never lowers".into(),
        },
        Action::SetCustomField {
            key: "order_state".into(),
            value: " ".into(),
        },
    ];
    let effects = apply(7, &actions, &mut f, now);
    let expected = [
        EffectKind::Notify {
            to: Recipient::Role(NotifyRole::Assignee),
            text: "look".into(),
        },
        EffectKind::Reply {
            body: "Done, {{customer.name}}".into(),
        },
        EffectKind::Escalate {
            tier: 2,
            reason: "slow".into(),
        },
    ];
    assert_eq!(effects, expected.map(|kind| Effect { rule_id: 7, kind }));
    assert_eq!(
        (f.status, f.status_since, f.solved_at, f.updated_at),
        (Solved, now, Some(now), now)
    );
    assert_eq!((f.escalation_tier, f.custom_fields.len()), (2, 0));
    // Reopening forgets the solve.
    apply(7, &[status(Open)], &mut f, now + 1);
    assert_eq!(
        (f.status, f.status_since, f.solved_at),
        (Open, now + 1, None)
    );
    // A closed ticket keeps its fields; effects still happen.
    let closed = TicketFacts {
        status: Closed,
        ..facts()
    };
    let mut after = closed.clone();
    let effects = apply(
        7,
        &[prio(Priority::Urgent), add("x"), notify("hi")],
        &mut after,
        now,
    );
    assert_eq!((after, effects.len()), (closed, 1));
    // No change, no update time.
    let mut same = facts();
    apply(7, &[prio(Priority::Normal), add("vip")], &mut same, now);
    assert_eq!(same, facts());
}

fn change(rule_id: i64, field: &str, from: Option<&str>, to: Option<&str>) -> FieldChange {
    let (field, from, to) = (
        field.to_owned(),
        from.map(String::from),
        to.map(String::from),
    );
    FieldChange {
        rule_id,
        field,
        from,
        to,
    }
}

#[test]
fn triggers_cascade_in_position_order() {
    let webhook = Action::CallWebhook {
        event: "ticket.triaged".into(),
    };
    let triage = [
        "priority is high",
        "tags contains seen",
        "tags not_contains triaged",
    ];
    let rules = [
        Rule {
            position: 2,
            ..trigger(1, &[Created], &[], vec![add("seen"), notify("new")])
        },
        Rule {
            position: 1,
            ..trigger(2, &[Created], &[], vec![prio(Priority::High)])
        },
        // Sees both changes in the second round.
        trigger(
            3,
            &[Updated],
            &triage,
            vec![add("triaged"), webhook.clone()],
        ),
        trigger(
            4,
            &[TagAdded],
            &["tags contains seen"],
            vec![notify("tagged")],
        ),
        Rule {
            enabled: false,
            ..trigger(5, &[Created], &[], vec![prio(Priority::Low)])
        },
        rule(
            6,
            RuleKind::Automation,
            &[Created],
            &[],
            vec![prio(Priority::Low)],
        ),
    ];
    let run = run_triggers(&rules, Created, facts(), T0);
    assert_eq!(
        (run.fired.as_slice(), run.rounds),
        ([2, 1, 3, 4].as_slice(), 3)
    );
    assert_eq!(run.facts.priority, Priority::High);
    assert_eq!(
        run.facts.tags,
        BTreeSet::from(["seen", "triaged", "vip"].map(String::from))
    );
    let effects: Vec<i64> = run.effects.iter().map(|e| e.rule_id).collect();
    assert_eq!(effects, [1, 3, 4]);
    assert_eq!(
        run.effects[1].kind,
        EffectKind::CallWebhook {
            event: "ticket.triaged".into()
        }
    );
    let expected = [
        change(2, "priority", Some("normal"), Some("high")),
        change(1, "tags", None, Some("seen")),
        change(3, "tags", None, Some("triaged")),
    ];
    assert_eq!(run.changes, expected);
}

#[test]
fn ping_pong_triggers_fire_once_each() {
    let rules = [
        trigger(
            1,
            &[Updated],
            &["priority is_not high"],
            vec![prio(Priority::High)],
        ),
        trigger(
            2,
            &[Updated],
            &["priority is high"],
            vec![prio(Priority::Low)],
        ),
    ];
    let run = run_triggers(&rules, Updated, facts(), T0);
    assert_eq!(
        (run.fired, run.rounds, run.facts.priority),
        (vec![1, 2], 2, Priority::Low)
    );
    assert_eq!(run.changes.len(), 2);
}

#[test]
fn a_run_stops_after_five_rounds() {
    // Rule n waits for rule n-1's tag; later rules come first, so each round fires one.
    let rules: Vec<Rule> = (1..=6)
        .map(|n: i64| {
            let wait = format!("tags contains t{}", n - 1);
            let (events, when) = if n == 1 {
                ([Created], vec![])
            } else {
                ([Updated], vec![wait.as_str()])
            };
            Rule {
                position: -(n as i32),
                ..trigger(n, &events, &when, vec![add(&format!("t{n}"))])
            }
        })
        .collect();
    let run = run_triggers(&rules, Created, facts(), T0);
    assert_eq!((run.fired, run.rounds), (vec![1, 2, 3, 4, 5], MAX_ROUNDS));
    assert!(run.facts.tags.contains("t5") && !run.facts.tags.contains("t6"));
}

#[test]
fn automation_runs_when_its_time_has_come() {
    let webhook = Action::CallWebhook {
        event: "ticket.closed".into(),
    };
    let close = automation(
        &["status is solved", "hours_since_solved at_least 96"],
        vec![status(Closed), webhook],
    );
    assert_eq!(validate(&close), Ok(()));
    let solved = TicketFacts {
        status: Solved,
        solved_at: Some(T0),
        status_since: T0,
        ..facts()
    };
    let due = T0 + 96 * HOUR_MS;
    assert_eq!(run_automation(&close, &solved, due - 1), None);
    let (after, effects, changes) = run_automation(&close, &solved, due).unwrap();
    assert_eq!(
        (after.status, after.solved_at, after.status_since),
        (Closed, Some(T0), due)
    );
    let kind = EffectKind::CallWebhook {
        event: "ticket.closed".into(),
    };
    assert_eq!(effects, [Effect { rule_id: 9, kind }]);
    assert_eq!(
        changes,
        [change(9, "status", Some("solved"), Some("closed"))]
    );
    assert_eq!(run_automation(&close, &after, due), None);
    assert_eq!(
        run_automation(
            &Rule {
                enabled: false,
                ..close.clone()
            },
            &solved,
            due
        ),
        None
    );
    assert_eq!(
        run_automation(
            &Rule {
                kind: RuleKind::Trigger,
                ..close
            },
            &solved,
            due
        ),
        None
    );
}

#[test]
fn templates_render_known_variables_only() {
    let vars = BTreeMap::from(
        [
            ("customer.name", "Zoë 李"),
            ("ticket.reference", "MD-1042"),
            ("order.number", "{{shop.name}}"),
        ]
        .map(|(k, v)| (k.to_owned(), v.to_owned())),
    );
    let text = "Hi {{customer.name}}, re {{ ticket.reference }}{{order.tracking_url}}: {{order.number}} }}";
    assert_eq!(
        render_template(text, &vars).unwrap(),
        "Hi Zoë 李, re MD-1042: {{shop.name}} }}"
    );
    let unknown = render_template("Hi {{ customer.nmae }}", &vars).unwrap_err();
    assert_eq!(unknown, TemplateError::Unknown("customer.nmae".into()));
    assert!(
        unknown
            .to_string()
            .starts_with("unknown placeholder {{customer.nmae}}; use one of: ticket.reference")
    );
    let unclosed = render_template("Dear 李 {{customer.name", &vars).unwrap_err();
    assert_eq!(
        unclosed.to_string(),
        "'{{' at character 8 is not closed with '}}'"
    );
    assert_eq!(
        template_variables("{{}}"),
        Err(TemplateError::Unknown(String::new()))
    );
    let used = template_variables("{{order.number}} {{ customer.name }} {{order.number}}").unwrap();
    assert_eq!(used, ["order.number", "customer.name"]);
}

const CONDITIONS: [&str; 8] = [
    "status is open",
    "status is_not pending",
    "priority is normal",
    "priority is_not urgent",
    "priority below high",
    "tags contains a",
    "tags not_contains a",
    "tags not_contains b",
];

fn vocab_action(i: usize) -> Action {
    match i {
        0 => prio(Priority::Urgent),
        1 => prio(Priority::Normal),
        2 => status(TicketStatus::Pending),
        3 => status(Open),
        4 => add("a"),
        5 => Action::RemoveTags { tags: tags(&["a"]) },
        6 => add("b"),
        7 => Action::Escalate {
            tier: 1,
            reason: "r".into(),
        },
        _ => notify("n"),
    }
}

const EVENTS: [Event; 4] = [Created, Updated, Event::StatusChanged, TagAdded];

proptest! {
    #[test]
    fn trigger_runs_end_with_each_rule_fired_at_most_once(
        specs in prop::collection::vec((
            prop::collection::vec(0..EVENTS.len(), 1..3),
            prop::collection::vec(0..CONDITIONS.len(), 0..3),
            prop::collection::vec(0..9usize, 1..4),
            0..3i32,
            prop::bool::weighted(0.9),
        ), 0..=6),
        start in 0..EVENTS.len(),
    ) {
        let rules: Vec<Rule> = (1..).zip(&specs).map(|(id, (events, when, actions, position, enabled))| {
            let events: Vec<Event> = events.iter().map(|e| EVENTS[*e]).collect();
            let when: Vec<&str> = when.iter().map(|i| CONDITIONS[*i]).collect();
            let actions = actions.iter().map(|i| vocab_action(*i)).collect();
            Rule { position: *position, enabled: *enabled, ..trigger(id, &events, &when, actions) }
        }).collect();
        let run = run_triggers(&rules, EVENTS[start], facts(), T0);
        prop_assert!((1..=MAX_ROUNDS).contains(&run.rounds));
        let distinct: BTreeSet<i64> = run.fired.iter().copied().collect();
        prop_assert_eq!(distinct.len(), run.fired.len());
        for id in &run.fired {
            prop_assert!(rules.iter().any(|r| r.id == *id && r.enabled));
        }
        prop_assert!(run.effects.iter().all(|e| distinct.contains(&e.rule_id)));
        prop_assert!(run.changes.iter().all(|ch| distinct.contains(&ch.rule_id)));
        prop_assert_eq!(run_triggers(&rules, EVENTS[start], facts(), T0), run);
    }
}
