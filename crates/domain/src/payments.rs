//! Payment problems told plainly: why a payment was declined, and whether an
//! order was charged twice.

use crate::i18n::Lang;

/// A decline code explained: what happened and what to do.
pub fn explain_decline(code: &str, lang: Lang) -> String {
    use Lang::*;
    let kind = match code {
        "insufficient_funds" => 0,
        "expired_card" => 1,
        "incorrect_cvc" | "invalid_cvc" => 2,
        "authentication_required" | "3ds_failed" => 3,
        "do_not_honor" | "card_declined" | "generic_decline" => 4,
        "lost_card" | "stolen_card" | "fraudulent" | "pickup_card" => 5,
        "processing_error" | "try_again_later" => 6,
        _ => 7,
    };
    let text = match (kind, lang) {
        (0, En) => {
            "The bank declined the payment because the account did not have enough funds. Try another card or a smaller order."
        }
        (0, Zh) => "银行因账户余额不足拒绝了这笔付款。请换一张卡，或减少订单金额后重试。",
        (0, Es) => {
            "El banco rechazó el pago por falta de fondos. Prueba con otra tarjeta o con un pedido menor."
        }
        (1, En) => "The card has expired. Update the card details or use another card.",
        (1, Zh) => "该卡已过期。请更新卡片信息或使用其他卡。",
        (1, Es) => "La tarjeta ha caducado. Actualiza sus datos o usa otra tarjeta.",
        (2, En) => {
            "The security code (CVC) did not match. Check the three digits on the back of the card and try again."
        }
        (2, Zh) => "安全码（CVC）不正确。请核对卡背面的三位数字后重试。",
        (2, Es) => {
            "El código de seguridad (CVC) no coincide. Revisa los tres dígitos del reverso de la tarjeta y vuelve a intentarlo."
        }
        (3, En) => {
            "The bank asked for a confirmation (3-D Secure) that was not completed. Try again and approve the payment in your banking app."
        }
        (3, Zh) => "银行要求的验证（3-D Secure）未完成。请重试，并在银行 App 中确认付款。",
        (3, Es) => {
            "El banco pidió una confirmación (3-D Secure) que no se completó. Inténtalo de nuevo y aprueba el pago en la app de tu banco."
        }
        (4, En) => {
            "The bank declined the payment without giving a reason. Call the number on the back of your card, or use another payment method."
        }
        (4, Zh) => "银行拒绝了这笔付款，但未说明原因。请致电卡背面的客服电话，或更换支付方式。",
        (4, Es) => {
            "El banco rechazó el pago sin indicar el motivo. Llama al número del reverso de tu tarjeta o usa otro método de pago."
        }
        (5, En) => {
            "The bank has blocked this card. Please contact your bank and use another payment method."
        }
        (5, Zh) => "银行已冻结此卡。请联系您的银行，并使用其他支付方式。",
        (5, Es) => {
            "El banco ha bloqueado esta tarjeta. Contacta con tu banco y usa otro método de pago."
        }
        (6, En) => {
            "The payment could not be processed because of a temporary problem. Nothing was charged; please try again in a few minutes."
        }
        (6, Zh) => "由于临时故障，付款未能处理，未产生任何扣款。请稍后重试。",
        (6, Es) => {
            "No se pudo procesar el pago por un problema temporal. No se ha cobrado nada; inténtalo de nuevo en unos minutos."
        }
        (_, En) => "The payment was declined. Try again, or use another payment method.",
        (_, Zh) => "付款被拒绝。请重试或更换支付方式。",
        (_, Es) => "El pago fue rechazado. Inténtalo de nuevo o usa otro método de pago.",
    };
    text.to_string()
}

/// The amount charged twice, if the captures of an order exceed its total by
/// more than what was already refunded.
pub fn duplicate_charge(order_total: i64, captures: &[i64], refunded: i64) -> Option<i64> {
    if captures.len() < 2 {
        return None;
    }
    let captured: i64 = captures.iter().sum();
    let excess = captured - order_total - refunded.max(0);
    (excess > 0).then_some(excess)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declines_are_explained_in_every_language() {
        for code in [
            "insufficient_funds",
            "expired_card",
            "do_not_honor",
            "stolen_card",
            "unknown_thing",
        ] {
            for lang in Lang::ALL {
                assert!(explain_decline(code, *lang).len() > 10);
            }
        }
        assert!(explain_decline("insufficient_funds", Lang::Es).contains("fondos"));
        assert_ne!(
            explain_decline("expired_card", Lang::En),
            explain_decline("do_not_honor", Lang::En)
        );
    }

    #[test]
    fn duplicate_captures_are_found_once() {
        assert_eq!(duplicate_charge(5000, &[5000, 5000], 0), Some(5000));
        assert_eq!(duplicate_charge(5000, &[5000, 5000], 5000), None);
        assert_eq!(duplicate_charge(5000, &[5000], 0), None);
        assert_eq!(
            duplicate_charge(8000, &[5000, 3000], 0),
            None,
            "split captures are not duplicates"
        );
    }
}
