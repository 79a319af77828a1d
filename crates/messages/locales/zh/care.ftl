care-address-changed = 已完成：订单 { $number } 将寄往 { $line1 }，{ $postal_code } { $city }。
care-courier-phone-set = 已完成：快递员将拨打 { $phone } 联系您（订单 { $number }）。
care-reship-sent = 我们将免费为订单 { $number } 补发商品，稍后会发送新的物流单号。
care-claim-filed = 我们已就订单 { $number } 向 { $carrier } 提出理赔，您无需任何操作。
care-coupon-rejected = 订单 { $number } 的 { $amount } 优惠券未获批准。
care-refund-rejected = 订单 { $number } 的 { $amount } 退款未获批准。
care-variant-changed = 已完成：订单 { $number } 中的“{ $title }”已改为 { $described }。

care-compensation-coupon = 对于订单 { $number } 给您带来的不便，我们深表歉意。送您一张 { $value } 优惠券：{ $code }（90 天内有效）。
care-compensation-pending = 对于订单 { $number } 给您带来的不便，我们深表歉意。一张 { $value } 优惠券正在等待主管批准，有结果后我们会立即通知您。
care-unrecognised-charge-subject = 订单 { $number } 的异常扣款
care-return-refund-pending = 您的退货 { $rma } 已通过质检，{ $amount } 的退款正在等待主管批准，有结果后我们会立即通知您。
care-order-subject = 关于您的订单 { $number }
care-delivery-problem-subject = 订单 { $number } 配送异常
care-refund-pending = 订单 { $number } 的 { $amount } 退款正在等待主管审批，结果出来后我们会第一时间通知您。
care-refunded-to-method = 我们已为订单 { $number } 退款 { $amount }，将在 { $min }–{ $max } 个工作日内退回您的原支付方式。
care-refunded-to-credit = 我们已为订单 { $number } 发放 { $amount } 店铺余额，可立即使用。
care-return-in-transit = 您的退货 { $rma } 正在寄回途中。
care-return-received = 我们已收到您的退货 { $rma }，将尽快完成质检。
chat-order-state-pending-payment = 待付款
chat-order-state-paid = 已付款，即将备货
chat-order-state-processing = 备货中
chat-order-state-packed = 已打包，等待揽收
chat-order-state-partially-shipped = 部分发货
chat-order-state-shipped = 运输中
chat-order-state-delivered = 已送达
chat-order-state-completed = 已完成
chat-order-state-cancelled = 已取消
chat-order-state-on-hold = 暂停处理
care-return-rejected = 我们已检查您的退货 { $rma }，很抱歉无法受理，商品将寄回给您。
care-return-accepted-refund = 您的退货 { $rma } 已通过质检，{ $amount } 正在退回给您。
care-return-accepted = 您的退货 { $rma } 已通过质检。
care-charge-frozen-reply = 为保护您的账户，我们已在核查期间临时冻结账户。专员将在一个工作日内联系您；如确认非本人消费，款项将退还给您。
feedback-complaint-acted-subject = 您的投诉已处理 [{ $reference }]
feedback-complaint-acted-intro = 感谢您的反馈，您的投诉已处理：
feedback-suggestion-acted-subject = 您的建议已采纳处理 [{ $reference }]
feedback-suggestion-acted-intro = 感谢您的建议，我们已据此采取行动：
care-the-carrier = 承运商
care-return-ready = 您的退货单 { $rma } 已创建。请打印退货标签、包好商品，并在 { $expires } 之前交给{ $carrier }。
care-cancelled = { $scope ->
        [order] 订单 { $number } 已取消。
       *[items] 订单 { $number } 中的商品已取消。
    }{ $how ->
        [void] 您卡上冻结的 { $voided } 现已解冻，这笔钱从未被扣款。
        [refund] { $refunded } 将在 { $min_days }–{ $max_days } 个工作日内退回您的原支付方式。
        [both] 您卡上冻结的 { $voided } 现已解冻，另有 { $refunded } 将在 { $min_days }–{ $max_days } 个工作日内退回您的原支付方式。
       *[none] 没有产生任何扣款。
    }
care-delivery-moved = { $kind ->
        [date] 已完成：我们已请 { $carrier } 于 { $when } 派送订单 { $number }，承运商会向您发送确认。
       *[pickup] 已完成：{ $carrier } 会将订单 { $number } 送至自提点 { $when }。
    }
care-invoice-attached = 订单 { $number } 的发票
ticket-merged-note = { $reference } 已合并到此工单。
feedback-complaint-closed-body = 感谢您告诉我们。我们已处理并关闭了服务请求 { $reference }。如果仍有问题，请直接回复此邮件，我们会重新跟进。
feedback-suggestion-closed-body = 感谢您的建议。服务请求 { $reference } 已关闭：每条建议我们都会转给相关团队。
care-delivery-replaces = 此请求将取代您之前对该包裹提出的请求。
care-return-accepted-exchange = 您的退货 { $rma } 已通过质检。我们将为您寄出 { $items }，发货后您会收到物流单号。
care-exchange-shipped = 您的退货 { $rma } 的换货已发出，物流单号：{ $tracking }。
care-variant-pending = “{ $title }”的 { $described } 需要多付 { $amount }。我们已请商家向您发送差价付款请求；付款后即会更改（前提是订单尚未打包）。
care-item-pending = 您支付 { $amount } 后，{ $quantity } × “{ $title }”将加入订单 { $number }：商家会向您发送付款请求。如在此之前订单已打包，将不含该商品发货。
care-address-corrected = 已完成：我们已将更正后的地址（{ $line1 }，{ $postal_code } { $city }）发送给 { $carrier }，并请其重新派送；承运商会告知新的派送日期。
