//! The demo's moderation queue (docs/TRUST.md): a counterfeit listing two
//! shoppers reported, a phishing message (its link now taken out of chats
//! and sellers' replies), a spamming user.

use marketdesk_domain::moderation::{ReportReason, ReportSubject};
use marketdesk_service::trust::NewReportInput;
use marketdesk_service::{Result, Services};

fn report(
    subject: ReportSubject,
    reference: &str,
    reason: ReportReason,
    details: &str,
    message_text: &str,
    email: &str,
    language: &str,
) -> NewReportInput {
    NewReportInput {
        subject,
        reference: reference.into(),
        reason,
        details: details.into(),
        message_text: message_text.into(),
        email: Some(email.into()),
        language: Some(language.into()),
    }
}

pub(crate) async fn demo_reports(services: &Services) -> Result<()> {
    let reports = [
        report(
            ReportSubject::Listing,
            "https://shop.demo.marketdesk.dev/listings/sneakers-air-classic-42",
            ReportReason::Counterfeit,
            "The box has no serial number and the logo stitching is off: these are fakes.",
            "",
            "reporter.one@example.com",
            "en",
        ),
        report(
            ReportSubject::Listing,
            "https://shop.demo.marketdesk.dev/listings/sneakers-air-classic-42",
            ReportReason::StolenPhotos,
            "Las fotos son de la web oficial de la marca.",
            "",
            "reporter.dos@example.com",
            "es",
        ),
        report(
            ReportSubject::Message,
            "MD-1042",
            ReportReason::Phishing,
            "A 'seller' sent me this to 'release' my refund.",
            "Your refund is on hold. Confirm your card here: https://refund-release.example/confirm",
            "reporter.three@example.com",
            "en",
        ),
        report(
            ReportSubject::User,
            "cheap_deals_4u",
            ReportReason::Spam,
            "他在每个商品下面都留言推销。",
            "",
            "reporter.four@example.com",
            "zh",
        ),
    ];
    for input in reports {
        services.file_report(None, input, None).await?;
    }
    Ok(())
}

/// Account help in the demo (docs/TRUST.md, "Account help"): a reset link
/// the platform sent for one customer, and a customer who asked to change
/// their sign-in email, whose identity check has its first step.
pub(crate) async fn demo_account_help(
    services: &Services,
    customers: &[(i64, String)],
    agent: i64,
) -> Result<()> {
    use marketdesk_domain::account_security::{AccountAction, IdentityStep};
    use marketdesk_service::trust::{
        AccountActionInput, AccountActionResult, CheckStepInput, NewCheckInput,
    };
    let agent = marketdesk_service::Viewer {
        person_id: agent,
        role: marketdesk_domain::Role::Agent,
        scopes: marketdesk_domain::Role::Agent.default_scopes(),
        order_scope: None,
    };
    let platform = marketdesk_service::kernel::auth::system_viewer();
    let (Some((forgot, _)), Some((moving, _))) = (
        customers.iter().find(|(_, l)| l == "en"),
        customers.iter().find(|(_, l)| l == "zh"),
    ) else {
        return Ok(());
    };
    let reset = services
        .request_account_action(
            &agent,
            *forgot,
            AccountActionInput {
                action: AccountAction::PasswordResetLink,
                new_email: None,
                note: "Forgot the password; the reset mail went to spam.".into(),
            },
        )
        .await?;
    services
        .account_action_result(
            &platform,
            reset.id,
            AccountActionResult {
                status: "done".into(),
                note: "reset link sent".into(),
            },
        )
        .await?;
    let check = services
        .open_identity_check(
            &agent,
            NewCheckInput {
                person_id: Some(*moving),
                email: None,
                reason: "wants to change the sign-in email".into(),
            },
        )
        .await?;
    services
        .identity_check_step(
            &agent,
            check.id,
            CheckStepInput {
                step: IdentityStep::PastOrder,
                passed: true,
                note: "named the last order and its total".into(),
            },
        )
        .await?;
    Ok(())
}
