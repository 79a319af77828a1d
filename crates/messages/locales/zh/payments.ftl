# Payments: a card decline explained, with what to do next.

payment-decline-insufficient-funds = 银行因账户余额不足拒绝了这笔付款。请换一张卡，或减少订单金额后重试。
payment-decline-expired-card = 该卡已过期。请更新卡片信息或使用其他卡。
payment-decline-wrong-cvc = 安全码（CVC）不正确。请核对卡背面的三位数字后重试。
payment-decline-authentication = 银行要求的验证（3-D Secure）未完成。请重试，并在银行 App 中确认付款。
payment-decline-no-reason = 银行拒绝了这笔付款，但未说明原因。请致电卡背面的客服电话，或更换支付方式。
payment-decline-card-blocked = 银行已冻结此卡。请联系您的银行，并使用其他支付方式。
payment-decline-temporary = 由于临时故障，付款未能处理，未产生任何扣款。请稍后重试。
payment-decline-other = 付款被拒绝。请重试或更换支付方式。
