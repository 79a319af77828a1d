//! The rules of a marketplace help desk, with no I/O.
//!
//! Everything here is plain data and functions: ticket status rules, roles and
//! permissions, validated values (emails, tags, money). Storage, services and
//! adapters depend on this crate; it depends on none of them.

pub mod access;
pub mod account_security;
pub mod business_hours;
pub mod chat_answers;
pub mod commerce;
pub mod csat;
pub mod disputes;
pub mod email;
pub mod escalation;
pub mod forum;
pub mod help;
pub mod holiday_calendar;
pub mod i18n;
pub mod ledger;
pub mod mailbox;
pub mod metrics;
pub mod moderation;
pub mod money;
pub mod orders;
pub mod payments;
pub mod phone;
pub mod policy;
pub mod promotions;
pub mod quality;
pub mod refunds;
pub mod returns;
pub mod routing;
pub mod rules;
pub mod seller_standards;
pub mod sla;
pub mod text;
pub mod ticket;
pub mod tracking;
pub mod value_runs;

pub use access::{Permission, Role, Scope};
pub use money::{Currency, Money};
pub use text::{EmailAddress, LanguageTag, Tag, ValidationError};
pub use ticket::{Channel, MessageKind, Priority, StatusChange, TicketRef, TicketStatus};

/// Milliseconds since the Unix epoch, UTC. All stored times use this unit.
pub type Millis = i64;

pub const MINUTE_MS: Millis = 60_000;
pub const HOUR_MS: Millis = 60 * MINUTE_MS;
pub const DAY_MS: Millis = 24 * HOUR_MS;

/// Generates `as_str`, `parse` and `ALL` for a fieldless enum whose wire name
/// is its snake_case spelling. Parsing never panics: unknown names are errors.
#[macro_export]
macro_rules! wire_enum {
    ($(#[$meta:meta])* $vis:vis enum $name:ident { $($(#[$vmeta:meta])* $variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        $vis enum $name { $($(#[$vmeta])* $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub const NAMES: &'static [&'static str] = &[$($text),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            pub fn parse(text: &str) -> Result<Self, $crate::text::ValidationError> {
                match text {
                    $($text => Ok($name::$variant),)+
                    other => Err($crate::text::ValidationError::UnknownValue {
                        kind: stringify!($name),
                        value: other.chars().take(64).collect(),
                        allowed: Self::NAMES,
                    }),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(d)?;
                $name::parse(&text).map_err(serde::de::Error::custom)
            }
        }

        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                utoipa::openapi::schema::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String)
                    .enum_values(Some(Self::NAMES.iter().copied()))
                    .into()
            }
        }

        impl utoipa::ToSchema for $name {}
    };
}
