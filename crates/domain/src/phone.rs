//! The support number's menus and queue arithmetic (docs/POLICY.md, "The
//! phone line"): which key chooses which language and topic, what a wrong
//! or missing key leads to, the queue a call waits in, the wait a caller
//! is told, and how a call ended. No I/O: the service asks and records.

use serde::{Deserialize, Serialize};

use crate::i18n::Lang;

/// Wrong or missing keys are answered with the menu again this many times
/// in all; after that the caller goes on to a person.
pub const MENU_TRIES: u32 = 2;

/// The most digits an order number typed on the keypad may have.
pub const MAX_ORDER_DIGITS: usize = 20;

/// What a caller can choose by keypad, and how long they wait.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields, default)]
pub struct PhonePolicy {
    /// The language menu, key 1 for the first (`en`, `zh`, `es`). With one
    /// language, or a number whose Voice URL says `?lang=`, there is none.
    pub languages: Vec<String>,
    /// The topic menu, key 1 for the first: `orders`, `returns`,
    /// `payments`, `account`, `selling`, `other`.
    #[schema(value_type = Vec<String>)]
    pub topics: Vec<PhoneTopic>,
    /// The key that leaves a voicemail from the topic menu (0: none).
    pub voicemail_key: u8,
    /// A caller waiting longer than this is offered the voicemail.
    pub max_wait_seconds: u32,
    /// The longest voicemail, in seconds.
    pub voicemail_max_seconds: u32,
    /// The wait per caller ahead assumed when no call was answered in the
    /// last day to learn it from.
    pub default_wait_seconds: u32,
}

impl Default for PhonePolicy {
    fn default() -> Self {
        PhonePolicy {
            languages: vec!["en".into(), "zh".into(), "es".into()],
            topics: vec![
                PhoneTopic::Orders,
                PhoneTopic::Returns,
                PhoneTopic::Payments,
                PhoneTopic::Account,
            ],
            voicemail_key: 9,
            max_wait_seconds: 600,
            voicemail_max_seconds: 120,
            default_wait_seconds: 180,
        }
    }
}

/// What a caller calls about; also the second half of the queue's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PhoneTopic {
    Orders,
    Returns,
    Payments,
    Account,
    Selling,
    Other,
}

impl PhoneTopic {
    pub const ALL: [PhoneTopic; 6] = [
        PhoneTopic::Orders,
        PhoneTopic::Returns,
        PhoneTopic::Payments,
        PhoneTopic::Account,
        PhoneTopic::Selling,
        PhoneTopic::Other,
    ];

    pub fn name(self) -> &'static str {
        match self {
            PhoneTopic::Orders => "orders",
            PhoneTopic::Returns => "returns",
            PhoneTopic::Payments => "payments",
            PhoneTopic::Account => "account",
            PhoneTopic::Selling => "selling",
            PhoneTopic::Other => "other",
        }
    }

    pub fn parse(name: &str) -> Option<PhoneTopic> {
        PhoneTopic::ALL.into_iter().find(|t| t.name() == name)
    }

    /// The assistant's intent a call about this is triaged as, so routing
    /// finds an agent with the skill, until a voicemail says more.
    pub fn intent(self) -> &'static str {
        match self {
            PhoneTopic::Orders => "track_order",
            PhoneTopic::Returns => "return_item",
            PhoneTopic::Payments => "payment_issue",
            PhoneTopic::Account => "edit_account",
            PhoneTopic::Selling => "seller_payout",
            PhoneTopic::Other => "contact_customer_service",
        }
    }

    /// Whether the caller is asked for an order number.
    pub fn asks_order(self) -> bool {
        matches!(
            self,
            PhoneTopic::Orders | PhoneTopic::Returns | PhoneTopic::Payments
        )
    }
}

/// What a key pressed in a menu leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MenuAnswer<T> {
    Chosen(T),
    /// The voicemail key.
    Voicemail,
    /// Nothing or a wrong key: the menu again.
    Again,
    /// Nothing or a wrong key once too often: on to a person.
    GiveUp,
}

impl PhonePolicy {
    /// The languages of the menu with their keys.
    pub fn language_menu(&self) -> Vec<(u8, Lang)> {
        (1u8..)
            .zip(self.languages.iter().map(|code| Lang::from_tag(code)))
            .collect()
    }

    /// The topics of the menu with their keys.
    pub fn topic_menu(&self) -> Vec<(u8, PhoneTopic)> {
        (1u8..).zip(self.topics.iter().copied()).collect()
    }

    /// The language `digits` chooses on the `attempt`-th hearing (from 1).
    pub fn choose_language(&self, digits: &str, attempt: u32) -> MenuAnswer<Lang> {
        match single_key(digits).and_then(|key| {
            self.language_menu()
                .into_iter()
                .find(|(k, _)| *k == key)
                .map(|(_, lang)| lang)
        }) {
            Some(lang) => MenuAnswer::Chosen(lang),
            None => again_or_give_up(attempt),
        }
    }

    /// The topic `digits` chooses on the `attempt`-th hearing (from 1).
    pub fn choose_topic(&self, digits: &str, attempt: u32) -> MenuAnswer<PhoneTopic> {
        let Some(key) = single_key(digits) else {
            return again_or_give_up(attempt);
        };
        if self.voicemail_key != 0 && key == self.voicemail_key {
            return MenuAnswer::Voicemail;
        }
        match self.topic_menu().into_iter().find(|(k, _)| *k == key) {
            Some((_, topic)) => MenuAnswer::Chosen(topic),
            None => again_or_give_up(attempt),
        }
    }

    /// The first language of the menu: a caller who chooses none hears it.
    pub fn first_language(&self) -> Lang {
        self.languages
            .first()
            .map_or(Lang::En, |code| Lang::from_tag(code))
    }

    /// The first bad value, as (key, what is wrong).
    pub fn problem(&self) -> Option<(String, String)> {
        if self.languages.is_empty() || self.languages.len() > 9 {
            return Some(("phone.languages".into(), "one to nine languages".into()));
        }
        if let Some(code) = self
            .languages
            .iter()
            .find(|code| !Lang::ALL.iter().any(|l| l.code() == code.as_str()))
        {
            return Some((
                "phone.languages".into(),
                format!("`{code}` is not one of en, zh, es"),
            ));
        }
        if self.topics.is_empty() || self.topics.len() > 8 {
            return Some(("phone.topics".into(), "one to eight topics".into()));
        }
        if self.voicemail_key > 9
            || (self.voicemail_key != 0 && usize::from(self.voicemail_key) <= self.topics.len())
        {
            return Some((
                "phone.voicemail_key".into(),
                "a key after the topics' (up to 9), or 0 for none".into(),
            ));
        }
        for (key, value, range) in [
            ("phone.max_wait_seconds", self.max_wait_seconds, 30..=3600),
            (
                "phone.voicemail_max_seconds",
                self.voicemail_max_seconds,
                10..=600,
            ),
            (
                "phone.default_wait_seconds",
                self.default_wait_seconds,
                10..=3600,
            ),
        ] {
            if !range.contains(&value) {
                return Some((
                    key.into(),
                    format!("between {} and {}", range.start(), range.end()),
                ));
            }
        }
        None
    }
}

fn single_key(digits: &str) -> Option<u8> {
    let digits = digits.trim();
    match digits.as_bytes() {
        [d @ b'0'..=b'9'] => Some(d - b'0'),
        _ => None,
    }
}

fn again_or_give_up<T>(attempt: u32) -> MenuAnswer<T> {
    if attempt >= MENU_TRIES {
        MenuAnswer::GiveUp
    } else {
        MenuAnswer::Again
    }
}

/// The digits of what a caller typed for an order number (the keypad's
/// `#` and `*` dropped), when there are any and not too many.
pub fn entered_order_digits(keys: &str) -> Option<String> {
    let digits: String = keys.chars().filter(char::is_ascii_digit).collect();
    let only_keys = keys
        .chars()
        .all(|c| c.is_ascii_digit() || c == '#' || c == '*' || c.is_whitespace());
    (only_keys && !digits.is_empty() && digits.len() <= MAX_ORDER_DIGITS).then_some(digits)
}

/// An order number as a keypad types it: its digits (`SO-240101`:
/// `240101`), or nothing when it has none.
pub fn keypad_digits(number: &str) -> Option<String> {
    let digits: String = number.chars().filter(char::is_ascii_digit).collect();
    (!digits.is_empty()).then_some(digits)
}

/// The queue a call waits in: its language and topic (`zh-orders`).
pub fn queue_name(lang: Lang, topic: PhoneTopic) -> String {
    format!("{}-{}", lang.code(), topic.name())
}

/// The minutes a caller at `position` is told to wait: the average wait of
/// the calls answered lately per caller ahead (or the policy's assumption),
/// at least one minute, at most a day.
pub fn estimated_wait_minutes(
    position: u32,
    recent_wait_seconds: Option<u32>,
    default_wait_seconds: u32,
) -> u32 {
    let per_caller = recent_wait_seconds
        .filter(|s| *s > 0)
        .unwrap_or(default_wait_seconds);
    let seconds = u64::from(position.max(1)) * u64::from(per_caller);
    (seconds.div_ceil(60)).clamp(1, 24 * 60) as u32
}

/// How a call ended, for the customer's timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CallOutcome {
    /// Still in the menus or the queue.
    InProgress,
    /// A person took it.
    Answered,
    Voicemail,
    /// The caller hung up while waiting: a callback task.
    Abandoned,
    /// The caller asked to be called back.
    Callback,
    /// The caller hung up in the menus.
    HungUp,
}

impl CallOutcome {
    pub fn name(self) -> &'static str {
        match self {
            CallOutcome::InProgress => "in_progress",
            CallOutcome::Answered => "answered",
            CallOutcome::Voicemail => "voicemail",
            CallOutcome::Abandoned => "abandoned",
            CallOutcome::Callback => "callback",
            CallOutcome::HungUp => "hung_up",
        }
    }

    pub fn parse(name: &str) -> Option<CallOutcome> {
        [
            CallOutcome::InProgress,
            CallOutcome::Answered,
            CallOutcome::Voicemail,
            CallOutcome::Abandoned,
            CallOutcome::Callback,
            CallOutcome::HungUp,
        ]
        .into_iter()
        .find(|o| o.name() == name)
    }
}

/// A phone number as the provider sends it (E.164) or a person typed it
/// (`+34 600 11-22-33`): `+` and digits, when it looks like one.
pub fn normalized_phone(number: &str) -> Option<String> {
    let trimmed = number.trim();
    let digits: String = trimmed.chars().filter(char::is_ascii_digit).collect();
    let allowed = trimmed
        .chars()
        .all(|c| c.is_ascii_digit() || " +-().".contains(c));
    (allowed && (6..=15).contains(&digits.len())).then(|| {
        if trimmed.starts_with('+') {
            format!("+{digits}")
        } else {
            digits
        }
    })
}

/// The address of a person known only by their phone number (a caller):
/// `.invalid` is reserved and never receives mail, so nothing is sent.
pub fn phone_only_email(number: &str) -> String {
    let digits: String = number.chars().filter(char::is_ascii_digit).collect();
    format!("caller-{digits}@{PHONE_ONLY_DOMAIN}")
}

/// The domain of [`phone_only_email`]s.
pub const PHONE_ONLY_DOMAIN: &str = "phone.invalid";

/// Whether mail to `address` can be delivered at all.
pub fn deliverable(address: &str) -> bool {
    !address
        .trim_end()
        .to_ascii_lowercase()
        .ends_with(".invalid")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_menus_are_the_documented_ones() {
        let policy = PhonePolicy::default();
        assert_eq!(policy.problem(), None);
        assert_eq!(
            policy.language_menu(),
            [(1, Lang::En), (2, Lang::Zh), (3, Lang::Es)]
        );
        assert_eq!(policy.choose_language("2", 1), MenuAnswer::Chosen(Lang::Zh));
        assert_eq!(
            policy.choose_topic("1", 1),
            MenuAnswer::Chosen(PhoneTopic::Orders)
        );
        assert_eq!(
            policy.choose_topic("4", 1),
            MenuAnswer::Chosen(PhoneTopic::Account)
        );
        assert_eq!(policy.choose_topic("9", 1), MenuAnswer::Voicemail);
    }

    #[test]
    fn garbage_repeats_the_menu_then_gives_up() {
        let policy = PhonePolicy::default();
        for garbage in ["", "7", "12", "*", "#", "x", "٣"] {
            assert_eq!(policy.choose_language(garbage, 1), MenuAnswer::Again);
            assert_eq!(policy.choose_topic(garbage, 1), MenuAnswer::Again);
            assert_eq!(policy.choose_topic(garbage, MENU_TRIES), MenuAnswer::GiveUp);
        }
        // 0 is no voicemail key when the policy turns it off.
        let policy = PhonePolicy {
            voicemail_key: 0,
            ..PhonePolicy::default()
        };
        assert_eq!(policy.choose_topic("0", 1), MenuAnswer::Again);
    }

    #[test]
    fn bad_policies_name_their_key() {
        let bad = |change: fn(&mut PhonePolicy)| {
            let mut policy = PhonePolicy::default();
            change(&mut policy);
            policy.problem().map(|(key, _)| key)
        };
        assert_eq!(
            bad(|p| p.languages = vec!["fr".into()]),
            Some("phone.languages".into())
        );
        assert_eq!(bad(|p| p.topics.clear()), Some("phone.topics".into()));
        assert_eq!(
            bad(|p| p.voicemail_key = 3),
            Some("phone.voicemail_key".into())
        );
        assert_eq!(
            bad(|p| p.max_wait_seconds = 5),
            Some("phone.max_wait_seconds".into())
        );
    }

    #[test]
    fn order_numbers_by_keypad() {
        assert_eq!(entered_order_digits("240101#"), Some("240101".into()));
        assert_eq!(entered_order_digits("#"), None);
        assert_eq!(entered_order_digits(""), None);
        assert_eq!(entered_order_digits("12a"), None);
        assert_eq!(entered_order_digits(&"1".repeat(21)), None);
        assert_eq!(keypad_digits("SO-240101"), Some("240101".into()));
        assert_eq!(keypad_digits("#1001"), Some("1001".into()));
        assert_eq!(keypad_digits("ABC"), None);
    }

    #[test]
    fn the_wait_told_grows_with_the_position() {
        assert_eq!(estimated_wait_minutes(1, None, 180), 3);
        assert_eq!(estimated_wait_minutes(3, Some(100), 180), 5);
        assert_eq!(estimated_wait_minutes(0, Some(10), 180), 1);
        assert_eq!(estimated_wait_minutes(u32::MAX, Some(u32::MAX), 180), 1440);
        assert_eq!(queue_name(Lang::Zh, PhoneTopic::Orders), "zh-orders");
    }

    #[test]
    fn phone_numbers_are_compared_by_their_digits() {
        assert_eq!(
            normalized_phone("+34 600 11-22-33"),
            Some("+34600112233".into())
        );
        assert_eq!(
            normalized_phone("+34600112233"),
            Some("+34600112233".into())
        );
        assert_eq!(normalized_phone("anonymous"), None);
        assert_eq!(normalized_phone("+1 2"), None);
    }
}
