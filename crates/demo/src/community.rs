//! The demo's community forum (docs/COMMUNITY.md), written through the
//! service as its members would: four topics named in three languages, a
//! pinned scam alert, an English question with an accepted answer from an
//! agent, a Spanish and a Chinese question, and a reply asking to pay
//! outside the marketplace that two people reported (in the moderators'
//! queue).

use std::collections::BTreeMap;

use marketdesk_domain::Role;
use marketdesk_domain::forum::ThreadAction;
use marketdesk_domain::moderation::ReportReason;
use marketdesk_service::trust::{
    AcceptInput, NewThreadInput, PostReportInput, ReplyInput, ThreadModerationInput,
};
use marketdesk_service::{Result, Services, Viewer};

const CATEGORIES: &[(&str, &str, &str, &str)] = &[
    ("buying", "Buying", "Comprar", "购物"),
    (
        "shipping",
        "Shipping and delivery",
        "Envíos y entregas",
        "配送与收货",
    ),
    ("selling", "Selling", "Vender", "出售"),
    (
        "safety",
        "Payments and safety",
        "Pagos y seguridad",
        "付款与安全",
    ),
];

fn viewer(person_id: i64, role: Role) -> Viewer {
    Viewer {
        person_id,
        role,
        scopes: role.default_scopes(),
        order_scope: None,
    }
}

fn thread(
    category: &str,
    title: &str,
    body: &str,
    tags: &[&str],
    language: &str,
) -> NewThreadInput {
    NewThreadInput {
        category: category.into(),
        title: title.into(),
        body: body.into(),
        tags: tags.iter().map(|t| (*t).to_owned()).collect(),
        language: Some(language.into()),
    }
}

fn reply(body: &str) -> ReplyInput {
    ReplyInput { body: body.into() }
}

/// `customers`: (person, language), enough of each language; `agent` and
/// `supervisor` are staff.
pub(crate) async fn demo_forum(
    services: &Services,
    customers: &[(i64, String)],
    agent: i64,
    supervisor: i64,
) -> Result<()> {
    let admin = marketdesk_service::kernel::auth::system_viewer();
    for (position, (slug, en, es, zh)) in CATEGORIES.iter().enumerate() {
        let names = BTreeMap::from([
            ("en".to_owned(), (*en).to_owned()),
            ("es".to_owned(), (*es).to_owned()),
            ("zh".to_owned(), (*zh).to_owned()),
        ]);
        services
            .put_forum_category(&admin, slug, names, position as i64)
            .await?;
    }
    let of = |language: &str, nth: usize| {
        customers
            .iter()
            .filter(|(_, l)| l == language)
            .nth(nth)
            .map(|(id, _)| viewer(*id, Role::Customer))
    };
    let (Some(en1), Some(en2), Some(es1), Some(es2), Some(zh1), Some(zh2)) = (
        of("en", 0),
        of("en", 1),
        of("es", 0),
        of("es", 1),
        of("zh", 0),
        of("zh", 1),
    ) else {
        return Ok(());
    };
    let agent = viewer(agent, Role::Agent);
    let supervisor = viewer(supervisor, Role::Supervisor);

    let alert = services
        .forum_new_thread(
            &supervisor,
            thread(
                "safety",
                "Scam alert: messages asking you to pay outside the marketplace",
                "Some shoppers received messages from accounts pretending to be sellers, asking them to pay by bank transfer or through a link to finish an order. We never ask you to pay outside checkout, and a seller who does is breaking the rules. Do not pay, do not click the link, and report the message: we take these accounts down and your purchase stays protected only when you pay at checkout.",
                &["scam", "payments"],
                "en",
            ),
        )
        .await?;
    services
        .forum_moderate_thread(
            &supervisor,
            alert.id,
            ThreadModerationInput {
                action: ThreadAction::ScamAlert,
                category: None,
                reason: "demo: a scam going round".into(),
            },
        )
        .await?;

    let question = services
        .forum_new_thread(
            &en1,
            thread(
                "shipping",
                "Tracking says delivered but nothing arrived",
                "My parcel shows as delivered since yesterday but there is nothing at my door or with the neighbours. What should I do first?",
                &["delivery", "tracking"],
                "en",
            ),
        )
        .await?;
    services
        .forum_reply(&en2, question.id, reply("Same happened to me last month: it turned up the next day, the driver had scanned it early. Worth checking the parcel lockers near you too."))
        .await?;
    let answer = services
        .forum_reply(&agent, question.id, reply("Give it one working day (carriers sometimes scan a parcel as delivered early), check with neighbours and your building's mail room, then open a request from the order page: we ask the carrier for the proof of delivery and, if it stays missing, send a replacement or refund you. Our help article on late and missing parcels explains each step."))
        .await?;
    services
        .forum_accept(
            &en1,
            question.id,
            AcceptInput {
                post_id: Some(answer.id),
            },
        )
        .await?;

    let spanish = services
        .forum_new_thread(
            &es1,
            thread(
                "buying",
                "¿Cuánto tarda un reembolso en llegar a la tarjeta?",
                "Devolví unas zapatillas y la tienda dice que el reembolso ya está hecho, pero en mi tarjeta todavía no aparece. ¿Es normal?",
                &["reembolso"],
                "es",
            ),
        )
        .await?;
    services
        .forum_reply(
            &es2,
            spanish.id,
            reply(
                "A mí me tardó unos 5 días hábiles con Visa: depende del banco, no de la tienda.",
            ),
        )
        .await?;

    let chinese = services
        .forum_new_thread(
            &zh1,
            thread(
                "safety",
                "卖家让我加微信转账付款，这正常吗？",
                "我想买一个二手包，卖家说在平台外转账可以便宜一百块。这样安全吗？",
                &["付款", "诈骗"],
                "zh",
            ),
        )
        .await?;
    let scam = services
        .forum_reply(
            &zh2,
            chinese.id,
            reply("没问题的，加我微信 pay-fast-88，银行转账给我打九折，比平台便宜多了。"),
        )
        .await?;
    services
        .forum_reply(
            &es1,
            chinese.id,
            reply(
                "¡No lo hagas! Pagar fuera de la plataforma es la estafa del aviso fijado arriba.",
            ),
        )
        .await?;
    for (reporter, details) in [
        (&zh1, "这个回复让人在平台外付款。"),
        (&en2, "Asks people to pay outside the marketplace."),
    ] {
        services
            .forum_report_post(
                Some(reporter),
                scam.id,
                PostReportInput {
                    reason: ReportReason::OffPlatformPayment,
                    details: details.into(),
                    email: None,
                    language: None,
                },
                None,
            )
            .await?;
    }
    Ok(())
}
