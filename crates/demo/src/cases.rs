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
