# Orders: why a change is refused, and what the customer may do instead.
# { $what } is one of the order-noun-* messages below.

order-refusal-already-packed = Your order has already been packed, so the { $what } can no longer be changed. You can refuse the delivery or return the item once it arrives.
order-refusal-already-shipped = Your order has already shipped, so the { $what } can no longer be changed. You can refuse the delivery, and the refund starts once the parcel is back with us, or return the item after it arrives.
order-refusal-already-delivered = Your order has been delivered, so the { $what } can no longer be changed. You can start a return instead.
order-refusal-already-cancelled = This order has been cancelled; nothing more can be changed.

## What the customer tried to change, as it reads inside the refusals above.

order-noun-address = delivery address
order-noun-phone = phone number
order-noun-items = items
order-noun-variant = size or colour
order-noun-quantity = quantity
order-noun-cancel = order
order-late = It is late: it was expected by { $day }. We are chasing the carrier; if the parcel has not moved within 3 days we send the order again or refund it, and tell you — you do not need to do anything.
