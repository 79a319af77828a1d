//! Complaints and suggestions: sent to the department they are about, and
//! the customer told when something was done about them.

use marketdesk_domain::Millis;
use marketdesk_domain::i18n::Lang;
use marketdesk_messages::tr;
use marketdesk_store::tickets::{self as store, TicketRow};
use marketdesk_store::{Conn, outbox, people};

use crate::Result;

/// Departments, with words that point to them (en, zh, es; accents folded).
const DEPARTMENTS: &[(&str, &[&str])] = &[
    (
        "logistics",
        &[
            "deliver",
            "shipping",
            "courier",
            "parcel",
            "package",
            "late",
            "carrier",
            "快递",
            "物流",
            "配送",
            "包裹",
            "envio",
            "entrega",
            "paquete",
            "repartidor",
            "transportista",
        ],
    ),
    (
        "payments",
        &[
            "charge",
            "refund",
            "payment",
            "card",
            "paid",
            "invoice",
            "扣款",
            "退款",
            "付款",
            "支付",
            "发票",
            "cobro",
            "reembolso",
            "pago",
            "tarjeta",
            "factura",
        ],
    ),
    (
        "product",
        &[
            "quality",
            "broken",
            "size",
            "fake",
            "material",
            "description",
            "质量",
            "尺码",
            "破损",
            "假货",
            "描述",
            "calidad",
            "talla",
            "roto",
            "falso",
            "descripcion",
        ],
    ),
    (
        "website",
        &[
            "website",
            "app",
            "checkout",
            "search",
            "login",
            "page",
            "网站",
            "页面",
            "搜索",
            "登录",
            "pagina",
            "aplicacion",
            "buscador",
        ],
    ),
    (
        "service",
        &[
            "agent",
            "rude",
            "support",
            "waited",
            "no answer",
            "客服",
            "态度",
            "等了",
            "agente",
            "atencion",
            "espera",
        ],
    ),
];

/// The department a complaint or suggestion is about (`service` when unclear).
pub fn department_of(text: &str) -> &'static str {
    let folded: String = text
        .to_lowercase()
        .chars()
        .map(|c| match c {
            'á' => 'a',
            'é' => 'e',
            'í' => 'i',
            'ó' => 'o',
            'ú' | 'ü' => 'u',
            'ñ' => 'n',
            c => c,
        })
        .collect();
    DEPARTMENTS
        .iter()
        .map(|(name, words)| (*name, words.iter().filter(|w| folded.contains(*w)).count()))
        .filter(|(_, hits)| *hits > 0)
        .max_by_key(|(_, hits)| *hits)
        .map(|(name, _)| name)
        .unwrap_or("service")
}

/// The team that handles a department: the first team whose name mentions it.
pub(crate) async fn team_for(conn: &mut Conn, department: &str) -> Result<Option<i64>> {
    let teams = people::list_teams(conn).await?;
    Ok(teams
        .iter()
        .find(|t| t.name.to_lowercase().contains(department))
        .map(|t| t.id))
}

/// When a complaint or suggestion is solved, the customer hears what was done.
pub(crate) async fn tell_outcome(conn: &mut Conn, ticket: &TicketRow, now: Millis) -> Result<()> {
    let tags = store::tags_of(conn, &[ticket.id])
        .await?
        .remove(&ticket.id)
        .unwrap_or_default();
    let kind = if tags.iter().any(|t| t == "complaint") {
        "complaint"
    } else if tags.iter().any(|t| t == "suggestion") {
        "suggestion"
    } else {
        return Ok(());
    };
    let Some(customer) = people::get(conn, ticket.requester_id).await? else {
        return Ok(());
    };
    let outcome = store::messages(conn, ticket.id, false)
        .await?
        .into_iter()
        .rev()
        .find(|m| m.author_id.is_some() && m.author_id != Some(ticket.requester_id))
        .map(|m| m.body_text)
        .filter(|text| !text.trim().is_empty());
    let reference = marketdesk_domain::TicketRef::from_id(ticket.id);
    let lang = Lang::from_tag(&ticket.language);
    let (subject, intro) = match kind {
        "complaint" => (
            tr!(
                lang,
                "feedback-complaint-acted-subject",
                reference = reference.to_string()
            ),
            tr!(lang, "feedback-complaint-acted-intro"),
        ),
        _ => (
            tr!(
                lang,
                "feedback-suggestion-acted-subject",
                reference = reference.to_string()
            ),
            tr!(lang, "feedback-suggestion-acted-intro"),
        ),
    };
    // Solved without a public word to the customer: say it was looked into
    // and closed, never an introduction followed by nothing.
    let body = match outcome {
        Some(outcome) => format!("{intro}\n\n{outcome}"),
        None if kind == "complaint" => tr!(
            lang,
            "feedback-complaint-closed-body",
            reference = reference.to_string()
        ),
        None => tr!(
            lang,
            "feedback-suggestion-closed-body",
            reference = reference.to_string()
        ),
    };
    outbox::enqueue(
        conn,
        &customer.email,
        &subject,
        &body,
        "feedback_outcome",
        now,
    )
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn departments_by_words() {
        assert_eq!(
            department_of("The courier left my parcel in the rain"),
            "logistics"
        );
        assert_eq!(department_of("你们的快递太慢了"), "logistics");
        assert_eq!(
            department_of("Me cobraron dos veces con la tarjeta"),
            "payments"
        );
        assert_eq!(department_of("La calidad del material es mala"), "product");
        assert_eq!(department_of("meh"), "service");
    }
}
