//! Escalation: the tiers a ticket climbs (first line → second line →
//! supervisor), why it climbed, and when the assistant asks for it before
//! anyone has read the ticket (an angry customer, a legal threat, a repeat
//! contact about the same thing).

use crate::wire_enum;

wire_enum! {
    /// Who works the ticket now.
    pub enum Tier {
        FirstLine => "first_line",
        SecondLine => "second_line",
        Supervisor => "supervisor",
    }
}

impl Tier {
    pub fn level(self) -> u8 {
        match self {
            Tier::FirstLine => 1,
            Tier::SecondLine => 2,
            Tier::Supervisor => 3,
        }
    }

    pub fn from_level(level: i64) -> Tier {
        match level {
            i64::MIN..=1 => Tier::FirstLine,
            2 => Tier::SecondLine,
            _ => Tier::Supervisor,
        }
    }
}

wire_enum! {
    /// Why a ticket was escalated.
    pub enum EscalationReason {
        SlaBreach => "sla_breach",
        AngryCustomer => "angry_customer",
        LegalThreat => "legal_threat",
        RepeatContact => "repeat_contact",
        /// An agent asked for help; the note says why.
        ByHand => "by_hand",
        /// A trigger's action.
        Rule => "rule",
    }
}

/// Words that mean a customer speaks of going to law, in the languages the
/// desk serves (lower case; matched as substrings, so inflections count).
const LEGAL_WORDS: &[&str] = &[
    "lawyer",
    "attorney",
    "solicitor",
    "sue you",
    "suing",
    "lawsuit",
    "legal action",
    "small claims",
    "trading standards",
    "consumer protection",
    "court",
    "abogado",
    "demanda",
    "denuncia",
    "denunciar",
    "acciones legales",
    "juzgado",
    "tribunal",
    "consumo",
    "ocu ",
    "律师",
    "起诉",
    "法院",
    "诉讼",
    "投诉到消协",
    "消协",
    "消费者协会",
    "12315",
    "报警",
];

/// Whether a message speaks of legal action.
pub fn mentions_legal_action(text: &str) -> bool {
    let lower = text.to_lowercase();
    LEGAL_WORDS.iter().any(|w| lower.contains(w))
}

/// How many earlier tickets about the same thing in the window make a
/// repeat contact.
pub const REPEAT_CONTACTS: u32 = 2;
/// The window repeat contacts are counted in.
pub const REPEAT_WINDOW_DAYS: i64 = 14;

/// Why the assistant escalates a new ticket at once, if it does: a legal
/// threat first (it needs a supervisor), then a repeat contact, then anger.
pub fn on_arrival(
    text: &str,
    negative: bool,
    earlier_same_topic: u32,
) -> Option<(Tier, EscalationReason)> {
    if mentions_legal_action(text) {
        return Some((Tier::Supervisor, EscalationReason::LegalThreat));
    }
    if earlier_same_topic >= REPEAT_CONTACTS {
        return Some((Tier::SecondLine, EscalationReason::RepeatContact));
    }
    if negative {
        return Some((Tier::SecondLine, EscalationReason::AngryCustomer));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legal_threats_go_to_a_supervisor_in_every_language() {
        for text in [
            "If this isn't refunded by Friday my lawyer will be in touch",
            "I will take legal action",
            "Voy a poner una denuncia en consumo",
            "如果不退款我就去法院起诉你们",
            "我要打12315投诉",
        ] {
            assert_eq!(
                on_arrival(text, false, 0),
                Some((Tier::Supervisor, EscalationReason::LegalThreat)),
                "{text}"
            );
        }
        assert_eq!(on_arrival("Where is my parcel?", false, 0), None);
    }

    #[test]
    fn repeat_contacts_and_anger_go_to_second_line() {
        assert_eq!(
            on_arrival("Still nothing", false, 2),
            Some((Tier::SecondLine, EscalationReason::RepeatContact))
        );
        assert_eq!(on_arrival("Still nothing", false, 1), None);
        assert_eq!(
            on_arrival("This is useless", true, 0),
            Some((Tier::SecondLine, EscalationReason::AngryCustomer))
        );
    }

    #[test]
    fn tiers_round_trip_through_levels() {
        for tier in Tier::ALL {
            assert_eq!(Tier::from_level(i64::from(tier.level())), *tier);
        }
        assert_eq!(Tier::from_level(0), Tier::FirstLine);
        assert_eq!(Tier::from_level(9), Tier::Supervisor);
    }
}
