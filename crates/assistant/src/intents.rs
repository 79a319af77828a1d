//! The intent taxonomy (its own file so that `build.rs` can train the
//! built-in model with it).

/// The intent names of the product brief's "Assistant intent taxonomy", in
/// its order. They are part of the interface: routing rules, reports and
/// webhooks refer to them, so they never change spelling.
pub const INTENTS: &[&str] = &[
    // Order and delivery
    "track_order",
    "delivery_period",
    "delivery_options",
    "change_order",
    "change_shipping_address",
    "set_up_shipping_address",
    "cancel_order",
    "check_cancellation_fee",
    "place_order",
    "reschedule_delivery",
    "item_not_received",
    "item_damaged",
    "wrong_item",
    "customs_issue",
    // Returns and refunds
    "return_item",
    "exchange_item",
    "get_refund",
    "track_refund",
    "check_refund_policy",
    // Payments and invoices
    "payment_issue",
    "unauthorized_charge",
    "check_payment_methods",
    "check_invoice",
    "get_invoice",
    // Promotions
    "promotion_question",
    "membership_question",
    // Account
    "create_account",
    "registration_problems",
    "recover_password",
    "account_locked",
    "security_concern",
    "edit_account",
    "switch_account",
    "delete_account",
    // Marketplace
    "open_dispute",
    "report_listing",
    "seller_payout",
    // Contact and feedback
    "contact_customer_service",
    "contact_human_agent",
    "complaint",
    "review",
    "suggestion",
    "newsletter_subscription",
    // Other
    "greeting",
    "thanks",
    "other",
];
