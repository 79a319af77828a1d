# Shipment trouble: the message we send the customer before they ask.
# { $order } is the order number.

tracking-trouble-presumed-lost = We're sorry: your parcel for order { $order } seems to be lost.
tracking-trouble-failed-attempts = The carrier could not deliver order { $order } after several attempts. Reply to choose a new delivery date or a pickup point.
tracking-trouble-no-first-scan = Your order { $order } is packed but the carrier has not scanned it yet. We are chasing them and will keep you posted.
tracking-trouble-stalled = Your parcel for order { $order } has not moved for a few days. We have asked the carrier what is happening and will update you.
tracking-trouble-past-estimate = Your order { $order } is later than we estimated. We're on it with the carrier and will let you know the new delivery date.
tracking-trouble-reported-lost = We're sorry: the carrier reports that your parcel for order { $order } is lost.
tracking-trouble-damaged = We're sorry: the carrier reports that your parcel for order { $order } was damaged on the way. Please reply with a photo of the parcel and one of the item; we then file the claim and send you a replacement.
tracking-trouble-returned-to-sender = The carrier is returning your parcel for order { $order } to us. When it arrives we send it again or refund you — reply to tell us which you prefer, and check your address on the order page.
tracking-trouble-customs-hold = Your parcel for order { $order } is held by customs. They usually need the invoice (on your order page) and your ID or tax number: reply with them and we send everything to customs for you.
tracking-trouble-address-issue = The carrier could not deliver order { $order }: there is a problem with the address. Please check and correct it on your order page; we then ask the carrier to deliver again.
tracking-lost-reship = We have filed a claim with the carrier and are sending your order again: you will get the new tracking number by email. If you would rather have a refund, reply to this message.
tracking-lost-refund = We have filed a claim with the carrier and refunded your order to the payment you used; you will get a confirmation by email. Nothing else to do.
tracking-damaged-photos-thanks = Thank you for the photos.
