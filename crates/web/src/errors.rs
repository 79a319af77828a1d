//! A service error as a person reads it on a page: translated, naming the
//! form's field as the form labels it, never an internal name
//! (`into_ticket_id`, `amount_minor`) or a unit the page does not use.

use marketdesk_domain::ValidationError;
use marketdesk_domain::refunds::RefundError;
use marketdesk_domain::ticket::StatusError;
use marketdesk_service::{Recovery, ServiceError};

use crate::format::money;
use crate::i18n::Tr;

/// The sentence shown for `err` in the page's language.
pub(crate) fn error_text(t: Tr, err: &ServiceError) -> String {
    match err {
        // Told again in the page's language (the message is in the customer's).
        ServiceError::Refused { rule, .. } => rule.explain(t.lang),
        ServiceError::Refund { error, currency } => match error {
            RefundError::NotPositive => t.s("error-amount-not-positive").to_string(),
            RefundError::ExceedsRefundable { refundable, .. } => t.with(
                "error-refund-exceeds",
                &[("left", money(*refundable, currency, t.lang).into())],
            ),
        },
        ServiceError::Invalid(invalid) => validation_text(t, invalid),
        ServiceError::InvalidField { field, .. } => t.with(
            "error-field-invalid",
            &[("field", field_label(t, field).into())],
        ),
        ServiceError::InvalidCursor => t.s("error-stale-page").to_string(),
        ServiceError::Unauthenticated | ServiceError::Csrf => {
            t.s("error-session-expired").to_string()
        }
        ServiceError::InvalidCredentials => t.s("agent-wrong-login").to_string(),
        ServiceError::Forbidden(_) => t.s("error-forbidden").to_string(),
        ServiceError::NotAllowed(reason) => t.s(reason.message_id()).to_string(),
        ServiceError::NotFound(_) => t.s("error-missing").to_string(),
        ServiceError::Conflict(_) => t.s("error-conflict").to_string(),
        ServiceError::RateLimited {
            retry_after_secs,
            recovery,
        } => {
            let minutes = retry_after_secs.div_ceil(60).max(1);
            match recovery {
                Recovery::UnlockLinkMailed => t.s("login-locked").to_string(),
                Recovery::Wait | Recovery::SignInLink => {
                    t.with("error-rate-limited", &[("minutes", minutes.into())])
                }
            }
        }
        ServiceError::AccountFrozen => t.s("account-frozen").to_string(),
        ServiceError::TicketClosed(_) | ServiceError::Status(StatusError::Closed) => {
            t.s("error-ticket-closed").to_string()
        }
        ServiceError::Status(_) => t.s("error-status-change").to_string(),
        ServiceError::TooLarge(_) => t.s("error-too-large").to_string(),
        ServiceError::Store(_) | ServiceError::Search(_) | ServiceError::Unexpected(_) => {
            t.s("error-internal").to_string()
        }
    }
}

fn validation_text(t: Tr, invalid: &ValidationError) -> String {
    match invalid {
        ValidationError::Empty { field } => t.with(
            "error-field-empty",
            &[("field", field_label(t, field).into())],
        ),
        ValidationError::TooLong { field, max, .. } => t.with(
            "error-field-too-long",
            &[
                ("field", field_label(t, field).into()),
                ("max", (*max).into()),
            ],
        ),
        ValidationError::ControlCharacters { field } => t.with(
            "error-field-control-characters",
            &[("field", field_label(t, field).into())],
        ),
        ValidationError::Email(_) => t.s("error-email").to_string(),
        ValidationError::Tag(_) => t.s("error-tag").to_string(),
        ValidationError::Language(_) => t.s("error-language").to_string(),
        ValidationError::UnknownValue { kind, .. } => t.with(
            "error-field-invalid",
            &[("field", field_label(t, kind).into())],
        ),
    }
}

/// What the form calls the field (`field-<name>` in the catalogue); a
/// neutral word for a field the pages do not label.
fn field_label(t: Tr, field: &str) -> &'static str {
    let id = format!("field-{}", field.replace(['_', '.'], "-"));
    if marketdesk_messages::exists(&id) {
        t.s(&id)
    } else {
        t.s("field-unknown")
    }
}

/// For staff forms that take structured input (rules, skills, macros): the
/// translated sentence, then what exactly was wrong, as the service said it
/// (the rule's JSON path, the unknown variable).
pub(crate) fn staff_error_text(t: Tr, err: &ServiceError) -> String {
    match err {
        ServiceError::InvalidField { message, .. } => format!("{} {message}", error_text(t, err)),
        _ => error_text(t, err),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use marketdesk_domain::i18n::Lang;

    #[test]
    fn errors_are_translated_and_name_no_internal_field() {
        for lang in Lang::ALL {
            let t = Tr { lang: *lang };
            for err in [
                ServiceError::field("amount_minor", "must be positive"),
                ServiceError::field("into_ticket_id", "is the same ticket"),
                ServiceError::Invalid(ValidationError::TooLong {
                    field: "body",
                    len: 70_000,
                    max: 65_536,
                }),
                ServiceError::Forbidden("your role may not refund".into()),
                ServiceError::Unexpected(anyhow::anyhow!("database unreachable")),
            ] {
                let text = error_text(t, &err);
                for internal in [
                    "amount_minor",
                    "into_ticket_id",
                    "minor",
                    "_",
                    "??",
                    "database",
                ] {
                    assert!(!text.contains(internal), "{lang:?}: {text}");
                }
                assert!(!text.is_empty());
            }
        }
        let en = Tr { lang: Lang::En };
        let over = ServiceError::Refund {
            error: RefundError::ExceedsRefundable {
                asked: 99_999,
                refundable: 1_250,
            },
            currency: "EUR".into(),
        };
        assert_eq!(
            error_text(en, &over),
            "Check the amount: at most 12.50 EUR can still be refunded."
        );
        let es = Tr { lang: Lang::Es };
        assert_eq!(
            error_text(es, &ServiceError::field("amount_minor", "x")),
            "Revisa el importe: no se ha aceptado."
        );
    }
}
