//! The OpenAPI 3 document's frame; its paths come from the handlers'
//! annotations as `crate::api` registers them.

use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(title = "marketdesk API", description = "Customer service for marketplaces and shops. Errors are RFC 9457 problem documents with a stable `code`."),
    modifiers(&BearerAuth),
    tags(
        (name = "tickets", description = "Conversations with customers"),
        (name = "people", description = "Customers, sellers, staff and teams"),
        (name = "routing", description = "Presence, skills, capacity and who takes which ticket"),
        (name = "orders", description = "The shop's orders as support sees them, and the actions on them"),
        (name = "ingest", description = "The shop's platform feeds orders, payments and shipments in"),
        (name = "returns", description = "Returns, labels, inspection and their refunds"),
        (name = "trust", description = "Reports of listings, users and messages, and their moderation (docs/TRUST.md)"),
        (name = "community", description = "The community forum: threads, replies, votes, accepted answers, moderation (docs/COMMUNITY.md)"),
        (name = "cases", description = "Buyer–seller cases: evidence, deadlines, payout holds, decisions (docs/DISPUTES.md)"),
        (name = "auth", description = "Sign-in for staff and customers"),
        (name = "admin", description = "Tokens and the audit log"),
        (name = "system", description = "Health"),
        (name = "assistant", description = "Understanding customer messages"),
        (name = "reports", description = "Support metrics with published definitions (docs/METRICS.md)"),
        (name = "help", description = "The help center"),
        (name = "search", description = "Full-text search over articles and tickets"),
        (name = "mail", description = "The email channel: received mail that could not be read"),
    )
)]
struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)),
        );
    }
}

/// The document's frame (title, tags, security); the paths are added as
/// the routes are registered (`crate::api`).
pub fn base() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}
