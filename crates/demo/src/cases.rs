//! The demo's buyer–seller cases (docs/DISPUTES.md), made through the
//! service as their parties would: one waiting for the seller, one the
//! seller contested and the buyer escalated (in the platform's queue),
//! one settled by a partial refund the buyer accepted.

use marketdesk_domain::disputes::{CaseReason, Remedy};
use marketdesk_domain::{Millis, Role};
use marketdesk_service::Result;
use marketdesk_service::disputes::{CaseStepInput, NewCase};
use marketdesk_service::{Services, Viewer};

fn viewer(person_id: i64, role: Role) -> Viewer {
    Viewer {
        person_id,
        role,
        scopes: role.default_scopes(),
        order_scope: None,
    }
}

/// What each buyer says, in their language.
fn description(language: &str) -> &'static str {
    match language {
        "zh" => "收到的商品和页面上的不一样：颜色不对，还有划痕，看起来像用过的。",
        "es" => {
            "La lámpara no se parece a la del anuncio: el color es distinto y la base está rayada, parece usada."
        }
        _ => {
            "The lamp is nothing like the listing: wrong colour and the base is scratched, it looks used."
        }
    }
}

fn step(name: &str) -> CaseStepInput {
    CaseStepInput {
        step: name.into(),
        remedy: None,
        outcome: None,
        amount_minor: None,
        note: None,
    }
}

/// The platform's feed kept each line's listing as bought: shown on the case.
async fn keep_listings(services: &Services, number: &str, seller: i64) -> Result<()> {
    let mut tx = services.raw_store().begin().await?;
    let Some(order) = marketdesk_store::commerce::find_order_by_number(&mut tx, number).await?
    else {
        return Ok(());
    };
    for line in marketdesk_store::commerce::lines_of(&mut tx, order.id).await? {
        if line.seller_id != Some(seller) {
            continue;
        }
        let listing = serde_json::json!({
            "title": line.title,
            "condition": "new",
            "description": "Brand new, unused, in the original box. Colour as in the photos.",
            "photos": [format!("https://cdn.demo.marketdesk.dev/listings/{}.jpg", line.sku)],
        });
        marketdesk_store::seller_standards::keep_listing(
            &mut tx,
            order.id,
            line.line_no,
            &listing.to_string(),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Seller standards on the demo: every seller measured; the seller of the
/// escalated case has a strike for a misleading listing (a warning) and
/// has appealed it, so the staff's desk has an appeal to decide.
pub(crate) async fn demo_standards(
    services: &Services,
    now: Millis,
    supervisor: i64,
) -> Result<()> {
    let escalated = services
        .list_cases(&viewer(supervisor, Role::Supervisor), Some("queue"))
        .await?
        .cases
        .into_iter()
        .next();
    if let Some(case) = escalated {
        let seller = case.seller_id;
        let lead = viewer(supervisor, Role::Supervisor);
        let standards = services
            .give_strike(
                &lead,
                seller,
                marketdesk_service::disputes::NewStrike {
                    reason: marketdesk_domain::seller_standards::StrikeReason::MisleadingListing,
                    note:
                        "The listing showed a new lamp; buyers received used ones twice this month."
                            .into(),
                },
            )
            .await?;
        if let Some(notice) = standards.notices.first() {
            services
                .appeal_notice(
                    &viewer(seller, Role::Seller),
                    notice.id,
                    marketdesk_service::disputes::NoticeAppealInput {
                        text: "The lamps are new; the photos are of the same model. I can send the supplier's invoice.".into(),
                    },
                )
                .await?;
        }
    }
    // Every other seller measured (a round takes 50; the demo has fewer).
    while services.run_standards_round(now).await? > 0 {}
    Ok(())
}

pub(crate) async fn demo_cases(services: &Services, now: Millis) -> Result<()> {
    let candidates = {
        let mut conn = services.raw_store().reader().await?;
        marketdesk_store::disputes::delivered_with_sellers(&mut conn, now - 20 * 86_400_000, 40)
            .await?
    };
    let mut opened = 0;
    for (number, buyer, language, seller) in candidates {
        if opened == 3 {
            break;
        }
        let input = NewCase {
            order: number.clone(),
            reason: CaseReason::NotAsDescribed,
            description: description(&language).into(),
            seller_id: Some(seller),
            seller_contacted: true,
            return_declined: true,
            attachments: vec![],
        };
        let Ok(case) = services
            .open_case(&viewer(buyer, Role::Customer), input)
            .await
        else {
            continue;
        };
        keep_listings(services, &number, seller).await?;
        let (buyer_v, seller_v) = (viewer(buyer, Role::Customer), viewer(seller, Role::Seller));
        match opened {
            // Contested, then brought to the platform: in the queue.
            0 => {
                services
                    .case_step(
                        &seller_v,
                        case.id,
                        CaseStepInput {
                            note: Some(
                                "The item was checked before shipping and matched the photos."
                                    .into(),
                            ),
                            ..step("contest")
                        },
                    )
                    .await?;
                services
                    .case_step(&buyer_v, case.id, step("escalate"))
                    .await?;
            }
            // Settled between them: a partial refund accepted.
            1 => {
                services
                    .case_step(
                        &seller_v,
                        case.id,
                        CaseStepInput {
                            remedy: Some(Remedy::PartialRefund),
                            amount_minor: Some(500),
                            note: Some("Sorry about that — may I refund part of the price?".into()),
                            ..step("offer")
                        },
                    )
                    .await?;
                services
                    .case_step(&buyer_v, case.id, step("accept"))
                    .await?;
            }
            // Fresh: the seller's turn.
            _ => {}
        }
        opened += 1;
    }
    Ok(())
}
