# Shipment trouble: the message we send the customer before they ask.
# { $order } is the order number.

tracking-trouble-presumed-lost = 非常抱歉：您订单 { $order } 的包裹疑似丢失。我们已向承运商发起理赔，并将为您补发或退款，您无需进行任何操作。
tracking-trouble-failed-attempts = 承运商多次尝试派送订单 { $order } 未成功。请回复本消息，选择新的派送日期或自提点。
tracking-trouble-no-first-scan = 您的订单 { $order } 已打包，但承运商尚未揽收扫描。我们正在跟进，并会及时通知您。
tracking-trouble-stalled = 您订单 { $order } 的包裹已数日没有物流更新。我们已联系承运商核实情况，并会及时告知您。
tracking-trouble-past-estimate = 您的订单 { $order } 已超过预计送达时间。我们正在与承运商跟进，并会告知您新的送达日期。
