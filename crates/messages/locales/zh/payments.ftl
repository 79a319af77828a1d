# Payments: a card decline explained, with what to do next.

payment-decline-insufficient-funds = 银行因账户余额不足拒绝了这笔付款。请换一张卡，或减少订单金额后重试。
payment-decline-expired-card = 该卡已过期。请更新卡片信息或使用其他卡。
payment-decline-wrong-cvc = 安全码（CVC）不正确。请核对卡背面的三位数字后重试。
payment-decline-authentication = 银行要求的验证（3-D Secure）未完成。请重试，并在银行 App 中确认付款。
payment-decline-no-reason = 银行拒绝了这笔付款，但未说明原因。请致电卡背面的客服电话，或更换支付方式。
payment-decline-card-blocked = 银行已冻结此卡。请联系您的银行，并使用其他支付方式。
payment-decline-temporary = 由于临时故障，付款未能处理，未产生任何扣款。请稍后重试。
payment-decline-other = 付款被拒绝。请重试或更换支付方式。

## Sellers' payouts
payout-pending = 您的 { $amount } 结算款已安排，预计 { $day } 到达您的银行账户。
payout-in-transit = 您的 { $amount } 结算款正在转入您的银行，预计 { $day } 前到账。
payout-paid = 您的 { $amount } 结算款已于 { $day } 支付。银行可能需要一天才显示；如之后对账单上仍没有，请把对账单发给我们，我们会追查。
payout-on-hold = 您的 { $amount } 结算款已被暂扣。原因及解除方式如下：
payout-failed = 您的 { $amount } 结算款支付失败：{ $failure }。请在卖家账户中检查银行信息；修正后我们会重新发送。
payout-canceled = 您的 { $amount } 结算款已取消；相应款项会计入下一次结算。
payout-late = 您的 { $amount } 结算款本应于 { $day } 到账，但尚未确认。我们正在请支付服务商追查，并会在 2 个工作日内回复您。
payout-hold-verification = 需要验证您的身份或银行账户：请在卖家账户中完成验证。
payout-hold-dispute = 这些订单中有买家的争议或拒付尚未结束：裁决后款项即会释放。
payout-hold-return-window = 买家仍可退货或投诉该商品：退货期结束后款项即会释放。
payout-hold-bank-details = 您的银行信息缺失或被拒：请在卖家账户中更新。
payout-hold-risk-review = 我们的风控团队正在审核您的账户，通常需要 3 个工作日；我们会写信给您。
payout-hold-awaiting-delivery = 商品尚未确认送达：确认后款项即会释放。
payout-hold-other = 平台暂扣了这笔款项；专员可以告诉您更多信息。
payout-none = 您的卖家账户目前还没有结算记录。
payout-status-pending = 已安排
payout-status-in_transit = 转账中
payout-status-paid = 已支付
payout-status-on_hold = 已暂扣
payout-status-failed = 失败
payout-status-canceled = 已取消

## Chargebacks (card disputes)
chargeback-status-inquiry = 银行提出了询问（尚未拒付）
chargeback-status-needs_response = 需要提交证据
chargeback-status-under_review = 证据已提交，等待银行裁决
chargeback-status-won = 胜诉：款项保留
chargeback-status-lost = 败诉：款项已退回买家
chargeback-reason-fraudulent = 持卡人称并非本人购买
chargeback-reason-product_not_received = 买家称从未收到商品
chargeback-reason-product_unacceptable = 买家称商品与描述不符
chargeback-reason-duplicate = 买家称被重复扣款
chargeback-reason-credit_not_processed = 买家称承诺的退款未到账
chargeback-reason-unrecognized = 持卡人不认识这笔扣款
chargeback-reason-subscription_canceled = 买家称已经取消
chargeback-reason-general = 未说明具体原因
chargeback-summary = 订单 { $order }：一笔拒付 — { $reason }。状态：{ $status }。
chargeback-respond-by = 请在 { $day } 前提交证据（含签收证明的物流记录、照片、您与买家的消息），可在此回复或回复该订单的请求。
chargeback-none = 订单 { $order } 没有拒付：其付款未被争议。
