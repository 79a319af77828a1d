# Shipment trouble: the message we send the customer before they ask.
# { $order } is the order number.

tracking-trouble-presumed-lost = 非常抱歉：您订单 { $order } 的包裹疑似丢失。
tracking-trouble-failed-attempts = 承运商多次尝试派送订单 { $order } 未成功。请回复本消息，选择新的派送日期或自提点。
tracking-trouble-no-first-scan = 您的订单 { $order } 已打包，但承运商尚未揽收扫描。我们正在跟进，并会及时通知您。
tracking-trouble-stalled = 您订单 { $order } 的包裹已数日没有物流更新。我们已联系承运商核实情况，并会及时告知您。
tracking-trouble-past-estimate = 您的订单 { $order } 已超过预计送达时间。我们正在与承运商跟进，并会告知您新的送达日期。
tracking-trouble-reported-lost = 非常抱歉：承运商报告您订单 { $order } 的包裹已丢失。
tracking-trouble-damaged = 非常抱歉：承运商报告您订单 { $order } 的包裹在运输途中破损。请回复一张包裹照片和一张商品照片，我们随后提出索赔并为您补发。
tracking-trouble-returned-to-sender = 承运商正在将您订单 { $order } 的包裹退回给我们。到货后我们会重新发货或为您退款，请回复告诉我们您的选择，并在订单页面核对地址。
tracking-trouble-customs-hold = 您订单 { $order } 的包裹被海关扣留。海关通常需要发票（可在订单页面下载）以及您的身份证件号或税号：请回复提供，我们会替您提交给海关。
tracking-trouble-address-issue = 承运商无法派送订单 { $order }：地址有问题。请在订单页面核对并更正地址，我们随后请承运商重新派送。
tracking-lost-reship = 我们已向承运商提出索赔，并为您重新发货：新的物流单号会通过邮件发送给您。如您更希望退款，请回复此消息。
tracking-lost-refund = 我们已向承运商提出索赔，并已将订单款项退回您的原支付方式；确认邮件随后发送。您无需再做任何操作。
tracking-damaged-photos-thanks = 感谢您提供照片。
