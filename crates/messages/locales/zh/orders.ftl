# Orders: why a change is refused, and what the customer may do instead.
# { $what } is one of the order-noun-* messages below.

order-refusal-already-packed = 您的订单已经打包，无法再修改{ $what }。您可以拒收包裹，或在收货后申请退货。
order-refusal-already-shipped = 您的订单已经发货，无法再修改{ $what }。您可以拒收包裹（包裹退回后即为您退款），或在收货后申请退货。
order-refusal-already-delivered = 您的订单已送达，无法再修改{ $what }。您可以申请退货。
order-refusal-already-cancelled = 该订单已取消，无法再做任何修改。

## What the customer tried to change, as it reads inside the refusals above.

order-noun-address = 收货地址
order-noun-phone = 联系电话
order-noun-items = 商品
order-noun-variant = 尺码或颜色
order-noun-quantity = 数量
order-noun-cancel = 订单
order-late = 包裹已延误：原定 { $day } 前送达。我们正在催促承运商；如果 3 天内包裹仍无动态，我们会重新发货或退款并通知您，您无需任何操作。
