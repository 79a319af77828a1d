//! Who may do what. The one place where roles, token scopes and ownership of a
//! ticket or an order decide access; services call it before every action.

use crate::wire_enum;

wire_enum! {
    /// A person's role. Staff roles are ordered: an admin can do all a
    /// supervisor can, a supervisor all an agent can.
    pub enum Role {
        Customer => "customer",
        Seller => "seller",
        Agent => "agent",
        Supervisor => "supervisor",
        Admin => "admin",
    }
}

wire_enum! {
    /// What an API token may be used for, on top of its owner's role.
    pub enum Scope {
        TicketsRead => "tickets:read",
        TicketsWrite => "tickets:write",
        CustomersRead => "customers:read",
        CustomersWrite => "customers:write",
        OrdersRead => "orders:read",
        /// Act on orders: address, phone, cancellation, refunds, returns, care.
        OrdersWrite => "orders:write",
        /// Feed orders, payments and shipments in (the shop's platform).
        CommerceWrite => "commerce:write",
        /// Take part in buyer–seller cases (open, offer, write, escalate,
        /// appeal); staff also decide them.
        CasesWrite => "cases:write",
        /// What the help center learns: searches that found nothing, drafts.
        HelpRead => "help:read",
        /// Write help-center articles.
        HelpWrite => "help:write",
        /// Threshold offers and coupons on file (customers' compensation codes among them).
        PromotionsRead => "promotions:read",
        PromotionsWrite => "promotions:write",
        /// Reports over all conversations (self-service, satisfaction).
        ReportsRead => "reports:read",
        Admin => "admin",
    }
}

wire_enum! {
    /// An action at the service boundary.
    pub enum Permission {
        /// Read tickets one may see (own for customers and sellers, all for staff).
        ReadTickets => "read_tickets",
        /// Open a ticket as oneself (customers, sellers) or for anyone (staff).
        CreateTicket => "create_ticket",
        /// Reply on a ticket one may see.
        ReplyToTicket => "reply_to_ticket",
        /// Change status, priority, assignee, team, tags; add internal notes; merge.
        WorkTickets => "work_tickets",
        ReadCustomers => "read_customers",
        WriteCustomers => "write_customers",
        ReadOrders => "read_orders",
        /// Change an order one may see: address, phone, cancellation, refunds,
        /// returns, care requests (customers their own, staff any).
        ActOnOrders => "act_on_orders",
        ReadStaff => "read_staff",
        ManageTeams => "manage_teams",
        ManageUsers => "manage_users",
        ManageTokens => "manage_tokens",
        ReadAudit => "read_audit",
        ExportData => "export_data",
        IngestCommerce => "ingest_commerce",
        /// Searches that found nothing, draft articles.
        ReadHelpInsights => "read_help_insights",
        EditHelp => "edit_help",
        ReadPromotions => "read_promotions",
        ManagePromotions => "manage_promotions",
        ReadReports => "read_reports",
        /// An agent's own figures (their page of the reports).
        ReadOwnReports => "read_own_reports",
        /// Score conversations of the quality programme.
        ReviewQuality => "review_quality",
        /// Set the quality scorecard's criteria.
        ManageQuality => "manage_quality",
        /// Write and change the reply macros everyone uses.
        ManageMacros => "manage_macros",
        /// Run the shipment watch now, out of its schedule.
        RunShipmentWatch => "run_shipment_watch",
        /// End the security review of a frozen account.
        UnfreezeAccounts => "unfreeze_accounts",
        /// See and retry received mail that could not be read.
        ManageMail => "manage_mail",
        /// Take part in one's own buyer–seller cases: open (buyers), offer
        /// and contest (sellers), write, escalate, appeal.
        ActOnCases => "act_on_cases",
        /// Decide escalated and appealed cases (the platform).
        DecideCases => "decide_cases",
        /// A seller's standing: sellers their own, staff any seller's.
        ReadStandards => "read_standards",
        /// Give and withdraw strikes, decide appeals of standing notices,
        /// review flagged buyers.
        EnforceStandards => "enforce_standards",
        /// Read and decide reports of listings, users and messages.
        Moderate => "moderate",
        /// Start threads, reply and vote in the community forum.
        PostInCommunity => "post_in_community",
    }
}

impl Role {
    pub fn is_staff(self) -> bool {
        matches!(self, Role::Agent | Role::Supervisor | Role::Admin)
    }

    /// Whether the role, regardless of token scopes, allows the permission.
    pub fn grants(self, permission: Permission) -> bool {
        use Permission::*;
        match permission {
            ReadTickets | CreateTicket | ReplyToTicket | ReadOrders | ActOnCases
            | PostInCommunity => true,
            ActOnOrders => self != Role::Seller,
            ReadStandards => self == Role::Seller || self.is_staff(),
            WorkTickets | ReadCustomers | WriteCustomers | ReadStaff | ReadHelpInsights
            | ReadPromotions | ReadOwnReports | DecideCases | Moderate => self.is_staff(),
            ManageTeams | ManageMacros | RunShipmentWatch | UnfreezeAccounts | ReadAudit
            | EditHelp | ManagePromotions | ReadReports | ReviewQuality | EnforceStandards => {
                matches!(self, Role::Supervisor | Role::Admin)
            }
            ManageUsers | ManageTokens | ExportData | IngestCommerce | ManageMail
            | ManageQuality => self == Role::Admin,
        }
    }

    /// The scopes a token gets when none are asked for: all its role can use.
    pub fn default_scopes(self) -> Vec<Scope> {
        Scope::ALL
            .iter()
            .copied()
            .filter(|scope| {
                Permission::ALL
                    .iter()
                    .any(|p| p.scope() == *scope && self.grants(*p))
            })
            .collect()
    }
}

impl Permission {
    /// The token scope an action needs.
    pub fn scope(self) -> Scope {
        use Permission::*;
        match self {
            ReadTickets => Scope::TicketsRead,
            CreateTicket | ReplyToTicket | WorkTickets | ReviewQuality | Moderate
            | PostInCommunity => Scope::TicketsWrite,
            ReadCustomers | ReadStaff => Scope::CustomersRead,
            WriteCustomers => Scope::CustomersWrite,
            ReadOrders | ReadStandards => Scope::OrdersRead,
            ActOnOrders => Scope::OrdersWrite,
            ActOnCases | DecideCases | EnforceStandards => Scope::CasesWrite,
            ReadHelpInsights => Scope::HelpRead,
            EditHelp => Scope::HelpWrite,
            ReadPromotions => Scope::PromotionsRead,
            ManagePromotions => Scope::PromotionsWrite,
            ReadReports | ReadOwnReports => Scope::ReportsRead,
            ManageTeams | ManageMacros | RunShipmentWatch | UnfreezeAccounts | ManageUsers
            | ManageTokens | ReadAudit | ExportData | ManageMail | ManageQuality => Scope::Admin,
            IngestCommerce => Scope::CommerceWrite,
        }
    }
}

/// Who is acting: a person with a role, limited by the scopes of the
/// credential used and, for order-number sign-in, to one order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Viewer {
    pub person_id: i64,
    pub role: Role,
    pub scopes: Vec<Scope>,
    /// Set when the customer proved who they are with an order number and
    /// email: they see that order and the tickets about it, nothing else.
    pub order_scope: Option<i64>,
}

/// The facts about a ticket that decide who may see it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TicketFacts {
    pub requester_id: i64,
    /// Sellers staff shared the ticket with. Selling an item of a linked
    /// order is not enough: a buyer's ticket may be about their account.
    pub shared_with: Vec<i64>,
    pub order_ids: Vec<i64>,
    /// People in copy (CC): they got every public reply by email, and
    /// follow the ticket like its requester.
    pub copied: Vec<i64>,
}

/// The facts about an order that decide who may see it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrderFacts {
    pub order_id: i64,
    pub customer_id: i64,
    pub seller_ids: Vec<i64>,
}

impl Viewer {
    pub fn may(&self, permission: Permission) -> bool {
        self.role.grants(permission) && self.scopes.contains(&permission.scope())
    }

    pub fn is_staff(&self) -> bool {
        self.role.is_staff()
    }

    pub fn can_see_ticket(&self, ticket: &TicketFacts) -> bool {
        if !self.may(Permission::ReadTickets) {
            return false;
        }
        if self.is_staff() {
            return true;
        }
        if let Some(order_id) = self.order_scope {
            return ticket.requester_id == self.person_id && ticket.order_ids.contains(&order_id);
        }
        let own = ticket.requester_id == self.person_id || ticket.copied.contains(&self.person_id);
        match self.role {
            Role::Customer => own,
            Role::Seller => own || ticket.shared_with.contains(&self.person_id),
            _ => false,
        }
    }

    pub fn can_see_order(&self, order: &OrderFacts) -> bool {
        if !self.may(Permission::ReadOrders) {
            return false;
        }
        if self.is_staff() {
            return true;
        }
        if let Some(order_id) = self.order_scope {
            return order.order_id == order_id && order.customer_id == self.person_id;
        }
        match self.role {
            Role::Customer => order.customer_id == self.person_id,
            Role::Seller => {
                order.customer_id == self.person_id || order.seller_ids.contains(&self.person_id)
            }
            _ => false,
        }
    }

    /// Whether the viewer sees all of an order they may see (staff, the
    /// buyer) or only their own lines of it (a seller on a shared order).
    pub fn sees_whole_order(&self, order: &OrderFacts) -> bool {
        self.is_staff() || order.customer_id == self.person_id
    }

    /// Internal notes and audit details are for staff only.
    pub fn can_see_notes(&self) -> bool {
        self.is_staff()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn viewer(role: Role, id: i64) -> Viewer {
        Viewer {
            person_id: id,
            role,
            scopes: role.default_scopes(),
            order_scope: None,
        }
    }

    #[test]
    fn staff_roles_are_cumulative() {
        for p in Permission::ALL {
            if Role::Agent.grants(*p) {
                assert!(Role::Supervisor.grants(*p), "{p}");
            }
            if Role::Supervisor.grants(*p) {
                assert!(Role::Admin.grants(*p), "{p}");
            }
        }
    }

    #[test]
    fn customers_see_only_their_own_tickets() {
        let ticket = TicketFacts {
            requester_id: 1,
            ..Default::default()
        };
        assert!(viewer(Role::Customer, 1).can_see_ticket(&ticket));
        assert!(!viewer(Role::Customer, 2).can_see_ticket(&ticket));
        assert!(viewer(Role::Agent, 9).can_see_ticket(&ticket));
        // Someone in copy follows it too.
        let copied = TicketFacts {
            copied: vec![2],
            ..ticket
        };
        assert!(viewer(Role::Customer, 2).can_see_ticket(&copied));
        assert!(!viewer(Role::Customer, 3).can_see_ticket(&copied));
    }

    #[test]
    fn sellers_see_tickets_shared_with_them_and_their_own() {
        let about_their_item = TicketFacts {
            requester_id: 1,
            shared_with: vec![],
            order_ids: vec![7],
            copied: vec![],
        };
        assert!(!viewer(Role::Seller, 5).can_see_ticket(&about_their_item));
        let shared = TicketFacts {
            shared_with: vec![5],
            ..about_their_item.clone()
        };
        assert!(viewer(Role::Seller, 5).can_see_ticket(&shared));
        assert!(!viewer(Role::Seller, 6).can_see_ticket(&shared));
        let their_own = TicketFacts {
            requester_id: 6,
            ..about_their_item
        };
        assert!(viewer(Role::Seller, 6).can_see_ticket(&their_own));
        // Sharing is for sellers: a customer named in it sees nothing more.
        assert!(!viewer(Role::Customer, 5).can_see_ticket(&shared));
    }

    #[test]
    fn sellers_see_their_lines_of_an_order_buyers_and_staff_all_of_it() {
        let order = OrderFacts {
            order_id: 7,
            customer_id: 1,
            seller_ids: vec![5, 6],
        };
        assert!(viewer(Role::Seller, 5).can_see_order(&order));
        assert!(!viewer(Role::Seller, 5).sees_whole_order(&order));
        assert!(!viewer(Role::Seller, 8).can_see_order(&order));
        assert!(viewer(Role::Customer, 1).sees_whole_order(&order));
        assert!(viewer(Role::Agent, 9).sees_whole_order(&order));
        // A seller who bought the order is its buyer.
        assert!(viewer(Role::Seller, 1).sees_whole_order(&order));
    }

    #[test]
    fn order_sign_in_sees_only_that_order() {
        let mut v = viewer(Role::Customer, 1);
        v.order_scope = Some(7);
        let about_order = TicketFacts {
            requester_id: 1,
            order_ids: vec![7],
            ..Default::default()
        };
        let other = TicketFacts {
            requester_id: 1,
            order_ids: vec![8],
            ..Default::default()
        };
        assert!(v.can_see_ticket(&about_order));
        assert!(!v.can_see_ticket(&other));
        let order = |order_id| OrderFacts {
            order_id,
            customer_id: 1,
            seller_ids: vec![],
        };
        assert!(v.can_see_order(&order(7)));
        assert!(!v.can_see_order(&order(8)));
    }

    #[test]
    fn scopes_narrow_a_role() {
        let mut v = viewer(Role::Admin, 1);
        v.scopes = vec![Scope::TicketsRead];
        assert!(v.may(Permission::ReadTickets));
        assert!(!v.may(Permission::WorkTickets));
        assert!(!v.may(Permission::ExportData));
    }

    #[test]
    fn only_admins_manage_users_and_export() {
        for role in Role::ALL {
            assert_eq!(role.grants(Permission::ManageUsers), *role == Role::Admin);
            assert_eq!(role.grants(Permission::ExportData), *role == Role::Admin);
        }
        assert!(!Role::Customer.default_scopes().contains(&Scope::Admin));
        assert!(Role::Admin.default_scopes().contains(&Scope::Admin));
    }
}
