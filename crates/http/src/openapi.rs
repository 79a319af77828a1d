//! The OpenAPI 3 document, generated from the handlers' annotations.

use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::routes::*;

#[derive(OpenApi)]
#[openapi(
    info(title = "marketdesk API", description = "Customer service for marketplaces and shops. Errors are RFC 9457 problem documents with a stable `code`."),
    paths(
        system::healthz, system::classify, system::help_search, system::put_article, system::help_misses, system::self_service,
        search::search,
        auth::login, auth::logout, auth::magic_link, auth::redeem, auth::order_access, auth::me,
        tickets::create, tickets::list, tickets::get, tickets::update, tickets::messages, tickets::add_message,
        tickets::merge, tickets::audit, tickets::attachment, tickets::share, tickets::unshare,
        people::list_customers, people::create_customer, people::get_person, people::list_agents, people::create_agent, people::update_agent,
        people::list_teams, people::create_team, people::add_member, people::remove_member, people::tags,
        people::list_macros, people::create_macro, people::list_tokens, people::create_token, people::revoke_token, people::audit_log,
        orders::list, orders::get,
        actions::change_address, actions::change_phone, actions::cancel, actions::refund,
        actions::list_refunds, actions::approve, actions::reject, actions::deliveries, actions::policy, actions::watch_shipments,
        returns::create, returns::get, returns::event, returns::inspect,
        ingest::order, ingest::bulk,
        care::variant, care::reschedule, care::care, care::payments, care::unauthorized, care::unfreeze, care::label, care::invoice,
        care::membership, care::requests, care::update_request, care::attach_invoice,
        promotions::explain, promotions::list, promotions::put_threshold, promotions::put_coupon,
    ),
    modifiers(&BearerAuth),
    tags(
        (name = "tickets", description = "Conversations with customers"),
        (name = "people", description = "Customers, sellers, staff and teams"),
        (name = "orders", description = "The shop's orders as support sees them, and the actions on them"),
        (name = "ingest", description = "The shop's platform feeds orders, payments and shipments in"),
        (name = "returns", description = "Returns, labels, inspection and their refunds"),
        (name = "auth", description = "Sign-in for staff and customers"),
        (name = "admin", description = "Tokens and the audit log"),
        (name = "system", description = "Health"),
        (name = "assistant", description = "Understanding customer messages"),
        (name = "help", description = "The help center"),
        (name = "search", description = "Full-text search over articles and tickets"),
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

pub fn document() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}
