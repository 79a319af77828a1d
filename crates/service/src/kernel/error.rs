use marketdesk_domain::ValidationError;
use marketdesk_domain::ticket::StatusError;
use marketdesk_store::StoreError;
use thiserror::Error;

/// Stable, machine-readable error codes. Clients may rely on them; add new
/// ones, never rename. Each has one HTTP status (the table is
/// `marketdesk_http::problem::status_of`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorCode {
    /// A request the server cannot read (a query, a header): 400.
    InvalidRequest,
    /// Well-formed JSON of the wrong shape: 422. Spelled `invalid_request`
    /// on the wire like the 400, which clients already rely on.
    InvalidRequestBody,
    /// A body that is not JSON at all.
    InvalidJson,
    UnsupportedMediaType,
    MethodNotAllowed,
    /// The answer to an Idempotency-Key held a credential, never stored.
    IdempotencySecretWithheld,
    /// The health check could not reach the database.
    DatabaseUnreachable,
    /// The node is up but not ready for traffic yet (readiness check).
    NotReady,
    InvalidValue,
    InvalidCursor,
    Unauthenticated,
    InvalidCredentials,
    Forbidden,
    CsrfFailed,
    NotFound,
    Conflict,
    TicketClosed,
    InvalidStatusChange,
    IdempotencyKeyReused,
    IdempotencyInProgress,
    PayloadTooLarge,
    /// An order action the rules refuse; the problem's `code` is the reason
    /// (such as `order_already_packed`).
    ActionRefused,
    /// Too many attempts for now; `Retry-After` says when to try again.
    RateLimited,
    /// The account is frozen for a security review; signing in waits until
    /// the review lifts it.
    AccountFrozen,
    Internal,
}

impl ErrorCode {
    pub const ALL: &'static [ErrorCode] = &[
        ErrorCode::InvalidRequest,
        ErrorCode::InvalidRequestBody,
        ErrorCode::InvalidJson,
        ErrorCode::UnsupportedMediaType,
        ErrorCode::MethodNotAllowed,
        ErrorCode::IdempotencySecretWithheld,
        ErrorCode::DatabaseUnreachable,
        ErrorCode::NotReady,
        ErrorCode::InvalidValue,
        ErrorCode::InvalidCursor,
        ErrorCode::Unauthenticated,
        ErrorCode::InvalidCredentials,
        ErrorCode::Forbidden,
        ErrorCode::CsrfFailed,
        ErrorCode::NotFound,
        ErrorCode::Conflict,
        ErrorCode::TicketClosed,
        ErrorCode::InvalidStatusChange,
        ErrorCode::IdempotencyKeyReused,
        ErrorCode::IdempotencyInProgress,
        ErrorCode::PayloadTooLarge,
        ErrorCode::ActionRefused,
        ErrorCode::RateLimited,
        ErrorCode::AccountFrozen,
        ErrorCode::Internal,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidRequest | ErrorCode::InvalidRequestBody => "invalid_request",
            ErrorCode::InvalidJson => "invalid_json",
            ErrorCode::UnsupportedMediaType => "unsupported_media_type",
            ErrorCode::MethodNotAllowed => "method_not_allowed",
            ErrorCode::IdempotencySecretWithheld => "idempotency_secret_withheld",
            ErrorCode::DatabaseUnreachable => "database_unreachable",
            ErrorCode::NotReady => "not_ready",
            ErrorCode::InvalidValue => "invalid_value",
            ErrorCode::InvalidCursor => "invalid_cursor",
            ErrorCode::Unauthenticated => "unauthenticated",
            ErrorCode::InvalidCredentials => "invalid_credentials",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::CsrfFailed => "csrf_failed",
            ErrorCode::NotFound => "not_found",
            ErrorCode::Conflict => "conflict",
            ErrorCode::TicketClosed => "ticket_closed",
            ErrorCode::InvalidStatusChange => "invalid_status_change",
            ErrorCode::IdempotencyKeyReused => "idempotency_key_reused",
            ErrorCode::IdempotencyInProgress => "idempotency_in_progress",
            ErrorCode::PayloadTooLarge => "payload_too_large",
            ErrorCode::ActionRefused => "action_refused",
            ErrorCode::RateLimited => "rate_limited",
            ErrorCode::AccountFrozen => "account_frozen",
            ErrorCode::Internal => "internal_error",
        }
    }
}

/// What the rightful owner of a limited key can do instead of waiting:
/// someone else's guessing must never lock them out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recovery {
    /// Only waiting helps (sign-in links, chat lines, chat starts).
    Wait,
    /// A sign-in link by email (`POST /api/v1/auth/magic-link`) gets the
    /// customer in at once.
    SignInLink,
    /// A link that lifts the lock was mailed to the account's address, if it
    /// is a staff account (the same answer for any address).
    UnlockLinkMailed,
}

impl Recovery {
    pub fn explain(self, retry_after_secs: u64) -> String {
        match self {
            Recovery::Wait => format!("too many attempts; try again in {retry_after_secs} s"),
            Recovery::SignInLink => format!(
                "too many failed sign-ins for now; ask for a sign-in link by email (POST /api/v1/auth/magic-link), which works at once, or try again in {retry_after_secs} s"
            ),
            Recovery::UnlockLinkMailed => format!(
                "too many wrong passwords for now; if this is a staff account, a link that unlocks it was sent to its email address, or try again in {retry_after_secs} s"
            ),
        }
    }
}

/// A refusal whose reason a person should read in their own language: the
/// pages show the catalogue's sentence, the API its English text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotAllowed {
    /// Staff do not change their own role or disable themselves.
    OwnAccount,
    /// A request waiting for approval is decided by a second person.
    OwnRequest,
    /// The amount is above what the viewer's role may approve.
    AboveApprovalLimit,
    /// Banned from the community forum.
    ForumBanned,
    /// The thread takes no more replies.
    ForumLocked,
    /// A new member's post with a link outside the help center.
    ForumLinksNotYet,
    /// A new member's post with an image.
    ForumImagesNotYet,
    /// More links than the member's level allows.
    ForumTooManyLinks,
    /// A link reported as phishing or off-platform payment.
    ForumUnsafeLink,
}

impl NotAllowed {
    /// The catalogue's message for the reason.
    pub fn message_id(self) -> &'static str {
        match self {
            NotAllowed::OwnAccount => "not-allowed-own-account",
            NotAllowed::OwnRequest => "not-allowed-own-request",
            NotAllowed::AboveApprovalLimit => "not-allowed-above-approval-limit",
            NotAllowed::ForumBanned => "not-allowed-forum-banned",
            NotAllowed::ForumLocked => "not-allowed-forum-locked",
            NotAllowed::ForumLinksNotYet => "not-allowed-forum-links",
            NotAllowed::ForumImagesNotYet => "not-allowed-forum-images",
            NotAllowed::ForumTooManyLinks => "not-allowed-forum-too-many-links",
            NotAllowed::ForumUnsafeLink => "not-allowed-forum-unsafe-link",
        }
    }
}

impl std::fmt::Display for NotAllowed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let english =
            marketdesk_messages::text(marketdesk_domain::i18n::Lang::En, self.message_id());
        f.write_str(english)
    }
}

/// The rule behind a refused order action, to explain it in any language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefusedBy {
    /// What may change while the order is in its status.
    Order {
        refusal: marketdesk_domain::orders::Refusal,
        change: marketdesk_domain::orders::OrderChange,
    },
    /// Why an item cannot go back.
    Return {
        reason: marketdesk_domain::returns::NotReturnable,
        item: String,
    },
}

impl RefusedBy {
    pub fn explain(&self, lang: marketdesk_domain::i18n::Lang) -> String {
        match self {
            RefusedBy::Order { refusal, change } => refusal.explain(*change, lang),
            RefusedBy::Return { reason, item } => reason.explain(item, lang),
        }
    }
}

#[derive(Debug, Error)]
pub enum ServiceError {
    #[error("{0}")]
    Invalid(#[from] ValidationError),
    #[error("{field}: {message}")]
    InvalidField {
        field: &'static str,
        message: String,
    },
    #[error("the pagination cursor is not one this server gave out")]
    InvalidCursor,
    #[error("sign in or send a valid API token")]
    Unauthenticated,
    #[error("the email or password is wrong")]
    InvalidCredentials,
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    NotAllowed(NotAllowed),
    #[error("missing or wrong CSRF token; send the X-CSRF-Token header from your session")]
    Csrf,
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("{0}")]
    Conflict(String),
    #[error("{}", recovery.explain(*retry_after_secs))]
    RateLimited {
        retry_after_secs: u64,
        /// What the rightful owner can do instead of waiting.
        recovery: Recovery,
    },
    #[error(
        "this account is frozen while we review a security report; a specialist will contact you, and you can sign in again once the review is done"
    )]
    AccountFrozen,
    #[error("ticket {0} is closed; a reply from the customer starts a follow-up ticket")]
    TicketClosed(String),
    #[error("{0}")]
    Status(#[from] StatusError),
    #[error("{0}")]
    TooLarge(String),
    /// Refused by the order rules, explained in the customer's language;
    /// `rule` tells it again in any other (a page in the viewer's).
    #[error("{message}")]
    Refused {
        code: &'static str,
        message: String,
        alternatives: Vec<String>,
        rule: RefusedBy,
    },
    /// A refund amount the order's ledger does not allow.
    #[error("amount_minor: {error} (in minor units of {currency})")]
    Refund {
        error: marketdesk_domain::refunds::RefundError,
        currency: String,
    },
    #[error(transparent)]
    Store(StoreError),
    #[error(transparent)]
    Search(#[from] marketdesk_search::SearchError),
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

impl From<StoreError> for ServiceError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::Conflict(what) => ServiceError::Conflict(format!("{what} already exists")),
            other => ServiceError::Store(other),
        }
    }
}

impl From<sqlx_error::Error> for ServiceError {
    fn from(err: sqlx_error::Error) -> Self {
        ServiceError::Store(StoreError::Database(err))
    }
}

mod sqlx_error {
    pub use marketdesk_store::SqlxError as Error;
}

impl ServiceError {
    pub fn code(&self) -> ErrorCode {
        match self {
            ServiceError::Invalid(_)
            | ServiceError::InvalidField { .. }
            | ServiceError::Refund { .. } => ErrorCode::InvalidValue,
            ServiceError::InvalidCursor => ErrorCode::InvalidCursor,
            ServiceError::Unauthenticated => ErrorCode::Unauthenticated,
            ServiceError::InvalidCredentials => ErrorCode::InvalidCredentials,
            ServiceError::Forbidden(_) => ErrorCode::Forbidden,
            ServiceError::NotAllowed(
                NotAllowed::OwnAccount
                | NotAllowed::ForumLinksNotYet
                | NotAllowed::ForumImagesNotYet
                | NotAllowed::ForumTooManyLinks
                | NotAllowed::ForumUnsafeLink,
            ) => ErrorCode::InvalidValue,
            ServiceError::NotAllowed(NotAllowed::ForumLocked) => ErrorCode::Conflict,
            ServiceError::NotAllowed(_) => ErrorCode::Forbidden,
            ServiceError::Csrf => ErrorCode::CsrfFailed,
            ServiceError::NotFound(_) => ErrorCode::NotFound,
            ServiceError::Conflict(_) => ErrorCode::Conflict,
            ServiceError::RateLimited { .. } => ErrorCode::RateLimited,
            ServiceError::AccountFrozen => ErrorCode::AccountFrozen,
            ServiceError::TicketClosed(_) => ErrorCode::TicketClosed,
            ServiceError::Status(_) => ErrorCode::InvalidStatusChange,
            ServiceError::TooLarge(_) => ErrorCode::PayloadTooLarge,
            ServiceError::Refused { .. } => ErrorCode::ActionRefused,
            ServiceError::Store(_) | ServiceError::Search(_) | ServiceError::Unexpected(_) => {
                ErrorCode::Internal
            }
        }
    }

    pub fn forbidden(what: &str) -> Self {
        ServiceError::Forbidden(format!("your role may not {what}"))
    }

    pub fn field(field: &'static str, message: impl Into<String>) -> Self {
        ServiceError::InvalidField {
            field,
            message: message.into(),
        }
    }
}
