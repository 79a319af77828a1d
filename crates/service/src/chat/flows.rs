//! The assistant's flows beyond tracking, address changes and returns:
//! cancel an order, refund status, reschedule a delivery, explain the
//! discounts of an order, open a dispute, get back into the account — and
//! the one-question satisfaction survey after each automated answer.
//!
//! Every flow runs after the order is verified (order number + email) and
//! acts through the same services, under the same policies, as the portal
//! and the agents; anything that changes the order is confirmed first.

use marketdesk_domain::access::Viewer;
use marketdesk_domain::orders::{OrderChange, check_change};
use marketdesk_store::chat::ChatSession;
use serde_json::Value;

use super::state::{ChatStep, lang_of, offer_lines, say, set, set_step, state_str, tried, yes};
use crate::after_sales::{CancelOrder, ChangeVariant, Reschedule};
use crate::commerce::OrderDetail;
use crate::{Result, ServiceError, Services};

/// A rating of 1 to 5 in a message ("4", "4/5", "５"), if that is all it says.
pub(super) fn rating(text: &str) -> Option<u8> {
    let t: String = text
        .trim()
        .chars()
        .map(|c| match c {
            '１'..='５' => char::from_u32(c as u32 - '１' as u32 + '1' as u32).unwrap_or(c),
            c => c,
        })
        .collect();
    let t = t
        .trim_end_matches("/5")
        .trim_end_matches(['.', '。', '!', '！']);
    match t.parse::<u8>() {
        Ok(n @ 1..=5) => Some(n),
        _ => None,
    }
}

/// Ends an automated answer with the satisfaction question; the next
/// message, if it is a rating, is recorded for the self-service report.
pub(super) fn with_survey(s: &mut ChatSession, mut replies: Vec<String>) -> Vec<String> {
    let question = say(
        lang_of(s),
        "Did this solve it? Rate it from 1 (not at all) to 5 (completely).",
        "这解决您的问题了吗？请打分：1（完全没有）到 5（完全解决）。",
        "¿Lo hemos resuelto? Puntúa de 1 (nada) a 5 (del todo).",
    );
    match replies.last_mut() {
        Some(last) => {
            last.push('\n');
            last.push_str(&question);
        }
        None => replies.push(question),
    }
    set_step(s, Some(ChatStep::Csat));
    replies
}

/// Records a rating; a bad one offers a person at once.
pub(super) fn record_rating(s: &mut ChatSession, rating: u8) -> Vec<String> {
    set(s, "csat", u64::from(rating));
    set_step(s, None);
    let lang = lang_of(s);
    if rating <= 2 {
        return vec![say(
            lang,
            "Sorry that did not help. Write \"agent\" and a person will take over, with everything we said here.",
            "很抱歉没能帮到您。回复“人工”即可转接客服，我们的对话内容会一并转交。",
            "Siento que no haya servido. Escribe «agente» y una persona seguirá, con todo lo que hemos hablado.",
        )];
    }
    vec![say(
        lang,
        "Thank you! Anything else?",
        "谢谢您的评价！还有其他需要帮忙的吗？",
        "¡Gracias! ¿Algo más?",
    )]
}

/// Words that name an item's size or colour, in the three languages.
const SIZE_WORDS: &[&str] = &["size", "talla", "尺码", "尺寸", "码"];
const COLOUR_WORDS: &[&str] = &["colour", "color", "颜色"];

/// Whether a message is about an item's size or colour (not the address).
pub(super) fn about_an_item(text: &str) -> bool {
    let t = text.to_lowercase();
    SIZE_WORDS.iter().chain(COLOUR_WORDS).any(|w| t.contains(w))
}

/// "size M", "talla: 38", "颜色 黑色", or a bare "XL": the attribute and its new value.
pub(super) fn wanted_variant(text: &str) -> Option<(&'static str, String)> {
    let t = text.trim().to_lowercase();
    let found = SIZE_WORDS
        .iter()
        .map(|w| ("size", *w))
        .chain(COLOUR_WORDS.iter().map(|w| ("colour", *w)))
        .find(|(_, w)| t.contains(w));
    let (key, rest) = match found {
        Some((key, word)) => (key, t.replacen(word, " ", 1)),
        // A bare size such as "M", "XL" or "38".
        None if t.len() <= 4 && !t.contains(' ') => ("size", t.clone()),
        None => return None,
    };
    let value: String = rest
        .split(|c: char| c.is_whitespace() || ":：=,，。.".contains(c))
        .filter(|w| {
            !w.is_empty()
                && !["to", "a", "in", "the", "改成", "换成", "改为", "la", "el"].contains(w)
        })
        .collect::<Vec<_>>()
        .join(" ");
    let value = value
        .trim_start_matches(['改', '换', '成', '为'])
        .trim()
        .to_string();
    if value.is_empty() || value.chars().count() > 30 {
        return None;
    }
    // Sizes are written in capitals ("m" → "M"); colours as said.
    Some((
        key,
        if key == "size" {
            value.to_uppercase()
        } else {
            value
        },
    ))
}

fn date_again(lang: marketdesk_domain::i18n::Lang) -> String {
    say(
        lang,
        "That date does not work: give a day within the next 30 days, like 2026-12-03.",
        "该日期不可用：请填写 30 天内的日期，例如 2026-12-03。",
        "Esa fecha no sirve: indica un día dentro de los próximos 30, como 2026-12-03.",
    )
}

/// Ends a flow on the customer's answer to "shall I?": `None` on yes (go
/// ahead), the "nothing changed" reply otherwise.
fn declined(s: &mut ChatSession, answer: &str) -> Option<Vec<String>> {
    set_step(s, None);
    set(s, "flow", Value::Null);
    (!yes(answer)).then(|| {
        vec![say(
            lang_of(s),
            "OK, nothing was changed.",
            "好的，未作任何修改。",
            "De acuerdo, no he cambiado nada.",
        )]
    })
}

fn money(minor: i64, currency: &str) -> String {
    match marketdesk_domain::Currency::parse(currency) {
        Ok(c) => format!(
            "{} {currency}",
            marketdesk_domain::Money::new(minor, c).decimal()
        ),
        Err(_) => format!("{minor} {currency}"),
    }
}

impl Services {
    /// Cancellation: refused with the reason and the alternatives once the
    /// order has shipped; otherwise confirmed, then done (money back by itself).
    pub(super) fn cancel_flow(&self, s: &mut ChatSession, detail: &OrderDetail) -> Vec<String> {
        let lang = lang_of(s);
        let o = &detail.order;
        if let Err(refusal) = check_change(o.status, OrderChange::Cancel) {
            set(s, "flow", Value::Null);
            return with_survey(s, vec![refusal.explain(OrderChange::Cancel, lang)]);
        }
        set_step(s, Some(ChatStep::CancelConfirm));
        let total = money(o.total_minor, &o.currency);
        vec![say(
            lang,
            &format!(
                "Order {} ({total}) can still be cancelled, free of charge; the payment goes back to you by itself. Cancel it? (yes / no)",
                o.number
            ),
            &format!(
                "订单 {}（{total}）目前仍可免费取消，款项会自动退回。确认取消吗？（是 / 否）",
                o.number
            ),
            &format!(
                "El pedido {} ({total}) todavía se puede cancelar sin coste; el pago vuelve solo. ¿Lo cancelo? (sí / no)",
                o.number
            ),
        )]
    }

    pub(super) async fn finish_cancel(
        &self,
        s: &mut ChatSession,
        viewer: &Viewer,
        order_id: i64,
        text: &str,
    ) -> Result<Vec<String>> {
        if let Some(no) = declined(s, text) {
            return Ok(no);
        }
        let input = CancelOrder {
            reason: "cancelled by the customer in the chat".into(),
            lines: None,
            ticket_id: None,
        };
        let reply = match self
            .cancel_order(viewer, &order_id.to_string(), input, None)
            .await
        {
            Ok(outcome) => outcome.message,
            Err(ServiceError::Refused { message, .. }) => message,
            Err(err) => return Err(err),
        };
        Ok(with_survey(s, vec![reply]))
    }

    /// "Change my order": the address or an item's size or colour?
    pub(super) fn change_choice(&self, s: &mut ChatSession) -> Vec<String> {
        set_step(s, Some(ChatStep::ChangeChoice));
        vec![say(
            lang_of(s),
            "What would you like to change? 1. The delivery address 2. The size or colour of an item",
            "您想修改什么？1. 收货地址 2. 商品的尺码或颜色",
            "¿Qué quieres cambiar? 1. La dirección de entrega 2. La talla o el color de un artículo",
        )]
    }

    /// Size or colour of one line, until the order is packed; confirmed first.
    pub(super) fn variant_flow(&self, s: &mut ChatSession, detail: &OrderDetail) -> Vec<String> {
        let lang = lang_of(s);
        if let Err(refusal) = check_change(detail.order.status, OrderChange::Variant) {
            set(s, "flow", Value::Null);
            return with_survey(s, vec![refusal.explain(OrderChange::Variant, lang)]);
        }
        let lines: Vec<_> = detail.lines.iter().filter(|l| l.quantity > 0).collect();
        let list = offer_lines(s, &lines);
        if let [only] = lines.as_slice() {
            set(s, "line", only.id);
            return self.ask_variant_value(s);
        }
        set_step(s, Some(ChatStep::VariantLine));
        vec![format!(
            "{}\n{list}",
            say(
                lang,
                "Which item should change?",
                "要修改哪件商品？",
                "¿Qué artículo quieres cambiar?"
            )
        )]
    }

    pub(super) fn ask_variant_value(&self, s: &mut ChatSession) -> Vec<String> {
        set_step(s, Some(ChatStep::VariantValue));
        vec![say(
            lang_of(s),
            "What should it be? For example \"size M\" or \"colour black\". The price stays the same.",
            "想换成什么？例如“尺码 M”或“颜色 黑色”，价格不变。",
            "¿Cómo lo quieres? Por ejemplo «talla M» o «color negro». El precio no cambia.",
        )]
    }

    /// The new value, read back before anything changes.
    pub(super) fn confirm_variant(&self, s: &mut ChatSession, text: &str) -> Vec<String> {
        let lang = lang_of(s);
        let Some((key, value)) = wanted_variant(text) else {
            return self.ask_variant_value(s);
        };
        set(s, "variant_key", key);
        set(s, "variant_value", value.clone());
        set_step(s, Some(ChatStep::VariantConfirm));
        let (en, zh, es) = match key {
            "size" => ("size", "尺码", "talla"),
            _ => ("colour", "颜色", "color"),
        };
        vec![say(
            lang,
            &format!("I will change the {en} to {value}. Shall I go ahead? (yes / no)"),
            &format!("我将把{zh}改为 {value}。确认修改吗？（是 / 否）"),
            &format!("Cambiaré la {es} a {value}. ¿Lo hago? (sí / no)"),
        )]
    }

    pub(super) async fn finish_variant(
        &self,
        s: &mut ChatSession,
        viewer: &Viewer,
        order_id: i64,
        text: &str,
    ) -> Result<Vec<String>> {
        if let Some(no) = declined(s, text) {
            return Ok(no);
        }
        let line_id = s
            .state
            .get("line")
            .and_then(Value::as_i64)
            .unwrap_or_default();
        let mut variant = serde_json::Map::new();
        variant.insert(
            state_str(s, "variant_key").unwrap_or("size").to_string(),
            Value::String(
                state_str(s, "variant_value")
                    .unwrap_or_default()
                    .to_string(),
            ),
        );
        let input = ChangeVariant {
            line_id,
            variant,
            ticket_id: None,
        };
        let reply = match self
            .change_variant(viewer, &order_id.to_string(), input, None)
            .await
        {
            Ok(outcome) => outcome.message,
            Err(ServiceError::Refused { message, .. }) => message,
            Err(ServiceError::InvalidField { message, .. }) => message,
            Err(err) => return Err(err),
        };
        Ok(with_survey(s, vec![reply]))
    }

    /// Where the customer's money is: each refund with its state, and the
    /// return it may still be waiting for.
    pub(super) fn refund_status(&self, s: &mut ChatSession, detail: &OrderDetail) -> Vec<String> {
        let lang = lang_of(s);
        set(s, "flow", Value::Null);
        let mut lines = Vec::new();
        // Compensation coupons are not refunds of this order's payment.
        for r in detail.refunds.iter().filter(|r| r.destination != "coupon") {
            let amount = money(r.amount_minor, &r.currency);
            let day = r.created_at.get(..10).unwrap_or(&r.created_at);
            let to_credit = r.destination == "store_credit";
            lines.push(match (r.status.as_str(), to_credit) {
                ("completed", true) => say(
                    lang,
                    &format!("{amount} was added to your store credit on {day}."),
                    &format!("{amount} 已于 {day} 退至您的账户余额。"),
                    &format!("{amount} se añadió a tu saldo el {day}."),
                ),
                ("completed", false) => say(
                    lang,
                    &format!(
                        "{amount} was refunded on {day} to your original payment method; banks take 3–10 business days to show it."
                    ),
                    &format!("{amount} 已于 {day} 原路退回，银行入账通常需要 3–10 个工作日。"),
                    &format!(
                        "{amount} se reembolsó el {day} a tu método de pago original; el banco tarda de 3 a 10 días hábiles en mostrarlo."
                    ),
                ),
                ("pending_approval", _) => say(
                    lang,
                    &format!("A refund of {amount} (asked on {day}) is waiting for approval by a supervisor."),
                    &format!("{amount} 的退款（{day} 申请）正在等待主管审批。"),
                    &format!("Un reembolso de {amount} (pedido el {day}) espera la aprobación de un supervisor."),
                ),
                _ => say(
                    lang,
                    &format!("A refund of {amount} asked on {day} was not approved."),
                    &format!("{day} 申请的 {amount} 退款未获批准。"),
                    &format!("No se aprobó el reembolso de {amount} pedido el {day}."),
                ),
            });
        }
        for r in &detail.returns {
            if matches!(
                r.status.as_str(),
                "requested" | "label_issued" | "in_transit" | "received" | "inspected"
            ) {
                lines.push(say(
                    lang,
                    &format!(
                        "Return {} is {}: the refund follows once the warehouse has checked it.",
                        r.rma,
                        r.status.as_str().replace('_', " ")
                    ),
                    &format!("退货 {} 当前状态：{}，仓库验收后即退款。", r.rma, r.status.as_str()),
                    &format!(
                        "La devolución {} está en estado {}: el reembolso llega cuando el almacén la revise.",
                        r.rma,
                        r.status.as_str()
                    ),
                ));
            }
        }
        if lines.is_empty() {
            lines.push(say(
                lang,
                &format!(
                    "There is no refund on order {} yet. If you want to send something back, I can start a return.",
                    detail.order.number
                ),
                &format!(
                    "订单 {} 目前没有退款记录。如需退货，我可以帮您申请。",
                    detail.order.number
                ),
                &format!(
                    "Todavía no hay reembolsos en el pedido {}. Si quieres devolver algo, puedo iniciar una devolución.",
                    detail.order.number
                ),
            ));
        }
        with_survey(s, vec![lines.join("\n")])
    }

    /// A new delivery date for a parcel on its way.
    pub(super) fn reschedule_flow(&self, s: &mut ChatSession, detail: &OrderDetail) -> Vec<String> {
        let lang = lang_of(s);
        let on_its_way = detail
            .shipments
            .iter()
            .any(|x| x.delivered_at.is_none() && x.status.as_str() != "delivered");
        if !on_its_way {
            set(s, "flow", Value::Null);
            return with_survey(
                s,
                vec![say(
                    lang,
                    "This order has no parcel on its way, so there is no delivery to move.",
                    "该订单没有正在运送的包裹，无需改约配送。",
                    "Este pedido no tiene ningún paquete en camino, así que no hay entrega que mover.",
                )],
            );
        }
        set_step(s, Some(ChatStep::RescheduleDate));
        vec![say(
            lang,
            "Which day suits you? Write the date as YYYY-MM-DD (within the next 30 days).",
            "您希望哪天送达？请按 YYYY-MM-DD 格式填写日期（30 天内）。",
            "¿Qué día te va bien? Escribe la fecha como AAAA-MM-DD (en los próximos 30 días).",
        )]
    }

    /// Reads the date back before the carrier is told.
    pub(super) fn confirm_reschedule(&self, s: &mut ChatSession, text: &str) -> Vec<String> {
        let lang = lang_of(s);
        let date = text.trim().trim_end_matches(['.', '。']).to_string();
        let looks_like_a_date = date.len() == 10
            && date.chars().enumerate().all(|(i, c)| {
                if i == 4 || i == 7 {
                    c == '-'
                } else {
                    c.is_ascii_digit()
                }
            });
        if !looks_like_a_date {
            return vec![date_again(lang)];
        }
        set(s, "date", date.clone());
        set_step(s, Some(ChatStep::RescheduleConfirm));
        vec![say(
            lang,
            &format!("I will ask the carrier to deliver on {date}. Shall I go ahead? (yes / no)"),
            &format!("我将通知承运商改为 {date} 派送。确认吗？（是 / 否）"),
            &format!("Pediré al transportista que entregue el {date}. ¿Lo hago? (sí / no)"),
        )]
    }

    pub(super) async fn finish_reschedule(
        &self,
        s: &mut ChatSession,
        viewer: &Viewer,
        order_id: i64,
        text: &str,
    ) -> Result<Vec<String>> {
        let lang = lang_of(s);
        let date = state_str(s, "date").unwrap_or_default().to_string();
        if let Some(no) = declined(s, text) {
            return Ok(no);
        }
        let input = Reschedule {
            shipment_id: None,
            date: Some(date),
            pickup_point: None,
            ticket_id: None,
        };
        match self
            .reschedule_delivery(viewer, &order_id.to_string(), input, None)
            .await
        {
            Ok(outcome) => Ok(with_survey(s, vec![outcome.message])),
            // A date that is not one, or too far: ask for another.
            Err(ServiceError::Invalid(_) | ServiceError::InvalidField { .. }) => {
                set(s, "flow", "reschedule");
                set_step(s, Some(ChatStep::RescheduleDate));
                Ok(vec![date_again(lang)])
            }
            Err(ServiceError::Refused { message, .. }) => Ok(with_survey(s, vec![message])),
            Err(err) => Err(err),
        }
    }

    /// Each discount of the order with how it was computed, and each offer
    /// or coupon that did not apply with the reason.
    pub(super) async fn discount_flow(
        &self,
        s: &mut ChatSession,
        viewer: &Viewer,
        order_id: i64,
    ) -> Result<Vec<String>> {
        let lang = lang_of(s);
        set(s, "flow", Value::Null);
        let explanation = self
            .explain_discounts(viewer, &order_id.to_string(), Some(lang.code()))
            .await?;
        let currency = explanation.currency.to_string();
        let mut lines = Vec::new();
        for d in &explanation.applied {
            lines.push(format!(
                "✓ {} (−{})",
                d.how,
                money(d.amount_minor, &currency)
            ));
        }
        for n in &explanation.not_applied {
            lines.push(format!("✗ {}", n.message));
        }
        let total = say(
            lang,
            &format!(
                "Saved in total: {}; paid: {}.",
                money(explanation.total_discount_minor, &currency),
                money(explanation.payable_minor, &currency)
            ),
            &format!(
                "共优惠 {}，实付 {}。",
                money(explanation.total_discount_minor, &currency),
                money(explanation.payable_minor, &currency)
            ),
            &format!(
                "Ahorro total: {}; pagado: {}.",
                money(explanation.total_discount_minor, &currency),
                money(explanation.payable_minor, &currency)
            ),
        );
        if lines.is_empty() {
            lines.push(say(
                lang,
                "No discount or coupon applied to this order.",
                "该订单未使用任何优惠或优惠券。",
                "No se aplicó ningún descuento ni cupón a este pedido.",
            ));
        }
        lines.push(total);
        Ok(with_survey(s, vec![lines.join("\n")]))
    }

    /// A dispute needs the platform's decision: the customer says what went
    /// wrong, and the case goes to a person with the order and the transcript.
    pub(super) fn dispute_flow(&self, s: &mut ChatSession) -> Vec<String> {
        set_step(s, Some(ChatStep::DisputeText));
        vec![say(
            lang_of(s),
            "I'm sorry. Tell me what went wrong with this order, in a few sentences; the team will ask the seller and decide. You can send photos when they answer.",
            "很抱歉给您带来不便。请简单描述这笔订单出了什么问题，平台团队会联系卖家并作出处理决定；客服回复后您可以补充照片。",
            "Lo siento. Cuéntame en pocas frases qué ha fallado con este pedido; el equipo hablará con el vendedor y decidirá. Podrás enviar fotos cuando te respondan.",
        )]
    }

    /// Customers sign in with links sent by email, not passwords: the way
    /// back into an account is a new link, sent only to the address on file.
    pub(super) async fn account_access(
        &self,
        s: &mut ChatSession,
        email: Option<String>,
    ) -> Result<Vec<String>> {
        let lang = lang_of(s);
        tried(s, "password");
        let Some(email) = email.or_else(|| state_str(s, "email").map(String::from)) else {
            set(s, "flow", "password");
            set_step(s, Some(ChatStep::PasswordEmail));
            return Ok(vec![say(
                lang,
                "I can send you a sign-in link. Which email address is your account under?",
                "我可以给您发送登录链接。您的账户使用的是哪个邮箱？",
                "Puedo enviarte un enlace para entrar. ¿Con qué correo está tu cuenta?",
            )]);
        };
        set_step(s, None);
        set(s, "flow", Value::Null);
        // The same answer whether or not the address has an account: the
        // chat must not tell strangers who shops here.
        match self.request_magic_link(&email).await {
            Ok(()) | Err(ServiceError::NotFound(_)) => {}
            Err(ServiceError::RateLimited { .. }) => {
                set_step(s, None);
                set(s, "flow", Value::Null);
                return Ok(vec![say(
                    lang,
                    "Several sign-in links were already sent to that address in the last hour; please use the newest one, or try again later.",
                    "过去一小时内已向该地址发送了多封登录链接，请使用最新的一封，或稍后再试。",
                    "Ya se enviaron varios enlaces a esa dirección en la última hora; usa el más reciente o vuelve a intentarlo más tarde.",
                )]);
            }
            Err(ServiceError::Invalid(_) | ServiceError::InvalidField { .. }) => {
                set_step(s, Some(ChatStep::PasswordEmail));
                set(s, "flow", "password");
                return Ok(vec![say(
                    lang,
                    "That does not look like an email address. Which one is your account under?",
                    "这不是有效的邮箱地址，请重新输入账户邮箱。",
                    "Eso no parece un correo. ¿Con cuál está tu cuenta?",
                )]);
            }
            Err(err) => return Err(err),
        }
        Ok(with_survey(
            s,
            vec![say(
                lang,
                &format!(
                    "If {email} has an account with us, a sign-in link is on its way (valid for a short time). Our customers sign in with these links, so there is no password to reset."
                ),
                &format!(
                    "如果 {email} 在本店有账户，登录链接已发送（短时间内有效）。我们的顾客通过邮件链接登录，无需重置密码。"
                ),
                &format!(
                    "Si {email} tiene una cuenta con nosotros, te llega un enlace para entrar (válido poco tiempo). Nuestros clientes entran con estos enlaces, así que no hay contraseña que restablecer."
                ),
            )],
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratings_are_a_number_from_one_to_five_and_nothing_else() {
        assert_eq!(rating("4"), Some(4));
        assert_eq!(rating(" 5/5 "), Some(5));
        assert_eq!(rating("１"), Some(1));
        assert_eq!(rating("3."), Some(3));
        assert_eq!(rating("0"), None);
        assert_eq!(rating("6"), None);
        assert_eq!(rating("4 stars but late"), None);
        assert_eq!(rating("SO-240101"), None);
    }

    #[test]
    fn the_wanted_size_or_colour_is_read_in_three_languages() {
        assert_eq!(wanted_variant("size M"), Some(("size", "M".into())));
        assert_eq!(wanted_variant("Talla: 38"), Some(("size", "38".into())));
        assert_eq!(wanted_variant("xl"), Some(("size", "XL".into())));
        assert_eq!(
            wanted_variant("colour to black"),
            Some(("colour", "black".into()))
        );
        assert_eq!(wanted_variant("颜色 黑色"), Some(("colour", "黑色".into())));
        assert_eq!(wanted_variant("尺码换成L"), Some(("size", "L".into())));
        assert_eq!(wanted_variant("I would like something else entirely"), None);
        assert!(about_an_item("Can I change the size of my order?"));
        assert!(!about_an_item("Can I change my order's address?"));
    }

    #[test]
    fn money_is_written_from_minor_units() {
        assert_eq!(money(4599, "EUR"), "45.99 EUR");
        assert_eq!(money(1200, "JPY"), "1200 JPY");
    }
}
