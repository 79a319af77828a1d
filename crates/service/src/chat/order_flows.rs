//! The flows about the order itself: a new delivery address asked field by
//! field, and a return (item, reason, label) — each read back and done
//! only on a yes.

use marketdesk_domain::commerce::ReturnReason;
use marketdesk_domain::i18n::Lang;
use marketdesk_store::chat::ChatSession;
use serde_json::Value;

use super::state::{ChatStep, customer_viewer, lang_of, say, set, set_step, state_str};
use crate::after_sales::{Address, ChangeAddress, NewReturn, Resolution, ReturnLineInput};
use crate::{Result, ServiceError, Services};

impl Services {
    pub(super) fn next_address_question(&self, s: &mut ChatSession) -> Result<Vec<String>> {
        let lang = lang_of(s);
        let questions = [
            (
                ChatStep::AddressLine1,
                say(
                    lang,
                    "What is the new street and number?",
                    "请告诉我新的街道和门牌号。",
                    "¿Cuál es la nueva calle y número?",
                ),
            ),
            (
                ChatStep::AddressCity,
                say(lang, "Which city?", "哪个城市？", "¿En qué ciudad?"),
            ),
            (
                ChatStep::AddressPostalCode,
                say(
                    lang,
                    "The postal code?",
                    "邮政编码是多少？",
                    "¿El código postal?",
                ),
            ),
            (
                ChatStep::AddressCountry,
                say(
                    lang,
                    "And the country (two letters, such as CN, ES, US)?",
                    "国家（两位代码，如 CN、ES、US）？",
                    "¿Y el país (dos letras, como ES, MX, US)?",
                ),
            ),
        ];
        for (step, question) in questions {
            if state_str(s, step.as_str()).is_none() {
                set_step(s, Some(step));
                return Ok(vec![question]);
            }
        }
        set_step(s, Some(ChatStep::AddressConfirm));
        let summary = format!(
            "{}, {} {}, {}",
            state_str(s, "address_line1").unwrap_or_default(),
            state_str(s, "address_postal_code").unwrap_or_default(),
            state_str(s, "address_city").unwrap_or_default(),
            state_str(s, "address_country")
                .unwrap_or_default()
                .to_uppercase()
        );
        Ok(vec![say(
            lang,
            &format!(
                "I will change the delivery address to: {summary}. Shall I go ahead? (yes / no)"
            ),
            &format!("我将把收货地址改为：{summary}。确认修改吗？（是 / 否）"),
            &format!("Cambiaré la dirección de entrega a: {summary}. ¿Lo hago? (sí / no)"),
        )])
    }

    pub(super) async fn finish_address(&self, s: &mut ChatSession) -> Result<Vec<String>> {
        let (Some(person), Some(order_id)) = (s.person_id, s.order_id) else {
            return Ok(vec![]);
        };
        let viewer = customer_viewer(person, Some(order_id));
        let field = |k: &str| state_str(s, k).unwrap_or_default().to_string();
        let input = ChangeAddress {
            address: Address {
                name: field("address_name"),
                line1: field("address_line1"),
                line2: None,
                city: field("address_city"),
                region: None,
                postal_code: field("address_postal_code"),
                country: field("address_country"),
            },
            ticket_id: None,
        };
        let reply = match self
            .change_address(&viewer, &order_id.to_string(), input, None)
            .await
        {
            Ok(outcome) => outcome.message,
            Err(ServiceError::Refused { message, .. }) => message,
            Err(err) => err.to_string(),
        };
        for key in [
            "address_line1",
            "address_city",
            "address_postal_code",
            "address_country",
            "flow",
        ] {
            if let Some(map) = s.state.as_object_mut() {
                map.remove(key);
            }
        }
        Ok(vec![reply])
    }

    pub(super) async fn finish_chat_return(&self, s: &mut ChatSession) -> Result<Vec<String>> {
        let lang = lang_of(s);
        let (Some(person), Some(order_id)) = (s.person_id, s.order_id) else {
            return Ok(vec![]);
        };
        let viewer = customer_viewer(person, Some(order_id));
        let line = s
            .state
            .get("line")
            .and_then(Value::as_i64)
            .unwrap_or_default();
        let reason = ReturnReason::parse(state_str(s, "reason").unwrap_or("other"))
            .unwrap_or(ReturnReason::Other);
        let input = NewReturn {
            lines: vec![ReturnLineInput {
                line_id: line,
                quantity: 1,
            }],
            reason,
            resolution: Resolution::Refund,
            exchange_variant: None,
            method: None,
            note: None,
            ticket_id: None,
        };
        set(s, "flow", Value::Null);
        Ok(
            match self
                .create_return(&viewer, &order_id.to_string(), input, None)
                .await
            {
                Ok(outcome) => {
                    let rma = outcome
                        .return_case
                        .as_ref()
                        .map(|r| r.rma.clone())
                        .unwrap_or_default();
                    set(s, "rma", rma.clone());
                    vec![
                        outcome.message,
                        say(
                            lang,
                            &format!("Your label: /chat/returns/{rma}/label.pdf"),
                            &format!("退货标签：/chat/returns/{rma}/label.pdf"),
                            &format!("Tu etiqueta: /chat/returns/{rma}/label.pdf"),
                        ),
                    ]
                }
                Err(ServiceError::Refused { message, .. }) => vec![message],
                Err(err) => vec![err.to_string()],
            },
        )
    }

    /// The return label of a return made in this chat.
    pub async fn chat_return_label(&self, token: &str, rma: &str) -> Result<Vec<u8>> {
        let session = self.chat_session(token).await?;
        let (Some(person), Some(order_id)) = (session.person_id, session.order_id) else {
            return Err(ServiceError::NotFound("return"));
        };
        self.return_label_pdf(&customer_viewer(person, Some(order_id)), rma)
            .await
    }
}

pub(crate) fn item_number_please(lang: Lang) -> String {
    say(
        lang,
        "Please answer with the number of the item.",
        "请回复商品前面的序号。",
        "Responde con el número del artículo.",
    )
}

pub(crate) fn reasons_question(lang: Lang) -> String {
    say(
        lang,
        "Why are you returning it? 1. Too small 2. Too large 3. Not as described 4. Damaged 5. Changed my mind 6. Other",
        "退货原因是？1. 尺码偏小 2. 尺码偏大 3. 与描述不符 4. 商品损坏 5. 不想要了 6. 其他",
        "¿Por qué lo devuelves? 1. Pequeño 2. Grande 3. No es como se describe 4. Dañado 5. He cambiado de opinión 6. Otro",
    )
}

/// A return reason as the customer chose it, in their language.
pub(crate) fn reason_name(reason: ReturnReason, lang: Lang) -> &'static str {
    let names: [&str; 3] = match reason {
        ReturnReason::TooSmall => ["too small", "尺码偏小", "pequeño"],
        ReturnReason::TooLarge => ["too large", "尺码偏大", "grande"],
        ReturnReason::NotAsDescribed => {
            ["not as described", "与描述不符", "no es como se describe"]
        }
        ReturnReason::Damaged => ["damaged", "商品损坏", "dañado"],
        ReturnReason::ChangedMind => ["changed my mind", "不想要了", "he cambiado de opinión"],
        _ => ["other", "其他", "otro"],
    };
    match lang {
        Lang::En => names[0],
        Lang::Zh => names[1],
        Lang::Es => names[2],
    }
}

pub(crate) fn pick_reason(text: &str) -> ReturnReason {
    let t = text.trim().to_lowercase();
    match t.chars().next() {
        Some('1') => ReturnReason::TooSmall,
        Some('2') => ReturnReason::TooLarge,
        Some('3') => ReturnReason::NotAsDescribed,
        Some('4') => ReturnReason::Damaged,
        Some('5') => ReturnReason::ChangedMind,
        _ if t.contains("small") || t.contains("pequeñ") || t.contains("小") => {
            ReturnReason::TooSmall
        }
        _ if t.contains("large")
            || t.contains("big")
            || t.contains("grande")
            || t.contains("大") =>
        {
            ReturnReason::TooLarge
        }
        _ if t.contains("damag") || t.contains("dañad") || t.contains("坏") => {
            ReturnReason::Damaged
        }
        _ => ReturnReason::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_by_number_or_words() {
        assert_eq!(pick_reason("1"), ReturnReason::TooSmall);
        assert_eq!(pick_reason("4."), ReturnReason::Damaged);
        assert_eq!(pick_reason("me queda grande"), ReturnReason::TooLarge);
        assert_eq!(pick_reason("whatever"), ReturnReason::Other);
    }
}
