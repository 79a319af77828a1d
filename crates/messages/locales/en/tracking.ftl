# Shipment trouble: the message we send the customer before they ask.
# { $order } is the order number.

tracking-trouble-presumed-lost = We're sorry: your parcel for order { $order } seems to be lost. We have opened a claim with the carrier and will send a replacement or refund you — no need to do anything.
tracking-trouble-failed-attempts = The carrier could not deliver order { $order } after several attempts. Reply to choose a new delivery date or a pickup point.
tracking-trouble-no-first-scan = Your order { $order } is packed but the carrier has not scanned it yet. We are chasing them and will keep you posted.
tracking-trouble-stalled = Your parcel for order { $order } has not moved for a few days. We have asked the carrier what is happening and will update you.
tracking-trouble-past-estimate = Your order { $order } is later than we estimated. We're on it with the carrier and will let you know the new delivery date.
