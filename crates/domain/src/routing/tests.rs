use super::*;
use proptest::prelude::*;

const NOW: Millis = 1_800_000_000_000;

fn agent(id: i64, native: &str) -> Candidate {
    Candidate {
        id,
        presence: Presence::Online,
        active_at: NOW,
        native_language: native.into(),
        skills: vec![],
        capacity: Capacity::default(),
        open: BTreeMap::new(),
        last_assigned_at: 0,
    }
}

fn skill(kind: SkillKind, value: &str, level: u8) -> Skill {
    Skill {
        kind,
        value: value.into(),
        level,
    }
}

fn chat(language: &str, topic: Option<&str>) -> Work {
    Work {
        channel: Channel::Chat,
        language: language.into(),
        topic: topic.map(String::from),
        tier: None,
    }
}

#[test]
fn a_chinese_refund_chat_goes_to_the_online_chinese_speaker_who_handles_refunds() {
    let mut english = agent(1, "en");
    english.skills = vec![skill(SkillKind::Topic, "refund_status", 3)];
    let mut away = agent(2, "zh");
    away.presence = Presence::Away;
    let mut full = agent(3, "zh");
    full.open.insert("chat", 3);
    full.skills = vec![
        skill(SkillKind::Language, "zh", 3),
        skill(SkillKind::Topic, "refund_status", 3),
    ];
    let generalist = agent(4, "zh");
    let mut refunds = agent(5, "en");
    refunds.skills = vec![
        skill(SkillKind::Language, "zh-CN", 2),
        skill(SkillKind::Language, "en", 3),
        skill(SkillKind::Topic, "refund_status", 2),
    ];
    refunds.open.insert("chat", 2);
    let all = [english, away, full, generalist, refunds];
    let work = chat("zh", Some("refund_status"));
    for method in RoutingMethod::ALL {
        let decision = choose(&work, &all, *method, NOW, 15).expect("someone fits");
        assert_eq!(decision.agent_id, 5, "{method:?}");
        assert!(decision.reasons.contains(&Reason::Speaks {
            language: "zh".into(),
            level: 2
        }));
        assert!(decision.reasons.contains(&Reason::Handles {
            topic: "refund_status".into(),
            level: 2
        }));
        assert!(decision.reasons.contains(&Reason::HasRoom {
            open: 2,
            capacity: 3,
            channel: "chat".into()
        }));
    }
}

#[test]
fn nobody_is_chosen_without_language_presence_or_room() {
    let mut asleep = agent(1, "zh");
    asleep.presence = Presence::Offline;
    assert_eq!(
        choose(
            &chat("zh", None),
            &[asleep],
            RoutingMethod::LeastLoaded,
            NOW,
            15
        ),
        Err(NoAgent::NobodyOnline)
    );
    assert_eq!(
        choose(
            &chat("zh", None),
            &[agent(1, "es")],
            RoutingMethod::LeastLoaded,
            NOW,
            15
        ),
        Err(NoAgent::NobodySpeaks)
    );
    let mut busy = agent(1, "zh");
    busy.open.insert("chat", 3);
    assert_eq!(
        choose(
            &chat("zh", None),
            &[busy.clone()],
            RoutingMethod::LeastLoaded,
            NOW,
            15
        ),
        Err(NoAgent::NobodyHasRoom)
    );
    // A full chat load leaves room for email.
    let email = Work {
        channel: Channel::Email,
        ..chat("zh", None)
    };
    assert_eq!(
        choose(&email, &[busy], RoutingMethod::LeastLoaded, NOW, 15).map(|d| d.agent_id),
        Ok(1)
    );
}

#[test]
fn online_agents_turn_away_after_inactivity() {
    let mut idle = agent(1, "en");
    idle.active_at = NOW - 16 * MINUTE_MS;
    assert_eq!(idle.presence_at(NOW, 15), Presence::Away);
    assert_eq!(idle.presence_at(NOW, 20), Presence::Online);
    // Zero turns the rule off.
    assert_eq!(idle.presence_at(NOW, 0), Presence::Online);
    assert_eq!(
        choose(
            &chat("en", None),
            &[idle],
            RoutingMethod::RoundRobin,
            NOW,
            15
        ),
        Err(NoAgent::NobodyOnline)
    );
}

#[test]
fn each_method_picks_its_own_way() {
    let mut loaded = agent(1, "en");
    loaded.open.insert("email", 5);
    loaded.last_assigned_at = 10;
    let mut light = agent(2, "en");
    light.open.insert("email", 1);
    light.last_assigned_at = 20;
    let mut expert = agent(3, "en");
    expert.open.insert("email", 3);
    expert.last_assigned_at = 30;
    expert.skills = vec![
        skill(SkillKind::Language, "en", 3),
        skill(SkillKind::Channel, "email", 3),
    ];
    let mut tiered = agent(4, "en");
    tiered.open.insert("email", 2);
    tiered.last_assigned_at = 5;
    tiered.skills = vec![skill(SkillKind::Tier, "gold", 1)];
    let work = Work {
        channel: Channel::Email,
        language: "en".into(),
        topic: None,
        tier: None,
    };
    let pool = [loaded, light, expert, tiered];
    let pick = |m| choose(&work, &pool, m, NOW, 15).map(|d| d.agent_id);
    // Channel skill narrows the pool to the expert for every method.
    assert_eq!(pick(RoutingMethod::RoundRobin), Ok(3));
    let generalists = &pool[..2];
    let pick_general = |m| choose(&work, generalists, m, NOW, 15).map(|d| d.agent_id);
    assert_eq!(pick_general(RoutingMethod::RoundRobin), Ok(1));
    assert_eq!(pick_general(RoutingMethod::LeastLoaded), Ok(2));
    // A gold customer goes to the tier's agent.
    let gold = Work {
        tier: Some("gold".into()),
        ..work.clone()
    };
    let without_channel_expert = [pool[0].clone(), pool[1].clone(), pool[3].clone()];
    assert_eq!(
        choose(
            &gold,
            &without_channel_expert,
            RoutingMethod::LeastLoaded,
            NOW,
            15
        )
        .map(|d| d.agent_id),
        Ok(4)
    );
}

#[test]
fn best_skill_prefers_higher_levels() {
    let mut fluent = agent(1, "en");
    fluent.skills = vec![
        skill(SkillKind::Language, "es", 2),
        skill(SkillKind::Topic, "return_request", 1),
    ];
    let mut native = agent(2, "es");
    native.skills = vec![
        skill(SkillKind::Language, "es", 3),
        skill(SkillKind::Topic, "return_request", 3),
    ];
    native.open.insert("chat", 2);
    let work = chat("es", Some("return_request"));
    let decision =
        choose(&work, &[fluent, native], RoutingMethod::BestSkill, NOW, 15).expect("someone fits");
    assert_eq!(decision.agent_id, 2);
    assert!(
        decision
            .reasons
            .contains(&Reason::BestSkillMatch { score: 6 })
    );
}

#[test]
fn skills_are_checked() {
    assert!(check_skills(&[skill(SkillKind::Language, "zh", 3)]).is_ok());
    assert_eq!(
        check_skills(&[skill(SkillKind::Language, "zh", 4)]).map_err(|e| e.0),
        Err(0)
    );
    assert_eq!(
        check_skills(&[
            skill(SkillKind::Topic, "refund_status", 2),
            skill(SkillKind::Channel, "fax", 1)
        ])
        .map_err(|e| e.0),
        Err(1)
    );
    assert!(
        check_skills(&[
            skill(SkillKind::Topic, "refund_status", 2),
            skill(SkillKind::Topic, "REFUND_STATUS", 1)
        ])
        .is_err()
    );
    assert!(check_skills(&[skill(SkillKind::Topic, "a b", 1)]).is_err());
}

fn candidate() -> impl Strategy<Value = Candidate> {
    (
        Just(0i64),
        0usize..3,
        prop::sample::select(vec!["en", "es", "zh"]),
        0u32..5,
        0u32..4,
        0i64..100,
    )
        .prop_map(|(id, presence, native, open, chat_cap, last)| {
            let mut c = agent(id, native);
            c.presence = Presence::ALL[presence];
            c.open.insert("chat", open);
            c.capacity.chat = chat_cap;
            c.last_assigned_at = last;
            c
        })
}

proptest! {
    #[test]
    fn the_chosen_agent_is_online_speaks_and_has_room(
        mut pool in prop::collection::vec(candidate(), 0..8),
        language in prop::sample::select(vec!["en", "es", "zh"]),
        method in 0usize..3,
    ) {
        for (i, c) in pool.iter_mut().enumerate() {
            c.id = i as i64;
        }
        let work = chat(language, None);
        match choose(&work, &pool, RoutingMethod::ALL[method], NOW, 15) {
            Ok(decision) => {
                let c = pool.iter().find(|c| c.id == decision.agent_id).expect("from the pool");
                prop_assert_eq!(c.presence, Presence::Online);
                prop_assert_eq!(c.native_language.as_str(), language);
                prop_assert!(c.open["chat"] < c.capacity.chat);
            }
            Err(_) => prop_assert!(!pool.iter().any(|c| c.presence == Presence::Online
                && c.native_language == language
                && c.open["chat"] < c.capacity.chat)),
        }
    }
}
