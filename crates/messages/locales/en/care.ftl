care-address-changed = Done: order { $number } will be delivered to { $line1 }, { $postal_code } { $city }.
care-courier-phone-set = Done: the courier will call { $phone } for order { $number }.
care-reship-sent = We are sending a replacement for order { $number } at no cost to you; you will get its tracking number soon.
care-claim-filed = We have filed a claim with { $carrier } about order { $number }; you do not need to do anything.
care-coupon-rejected = The { $amount } coupon for order { $number } was not approved.
care-refund-rejected = The refund of { $amount } for order { $number } was not approved.
care-variant-changed = Done: { $title } in order { $number } is now { $described }.

care-compensation-coupon = We're sorry about order { $number }. Here is a { $value } coupon for your next order: { $code } (valid 90 days).
care-compensation-pending = We're sorry about order { $number }. A { $value } coupon is waiting for a supervisor's approval; we will write as soon as it is decided.
care-unrecognised-charge-subject = Unrecognised charge on order { $number }
care-return-refund-pending = Your return { $rma } passed inspection; its refund of { $amount } is waiting for a supervisor's approval, and we will write as soon as it is decided.
care-order-subject = About your order { $number }
care-delivery-problem-subject = Delivery problem with order { $number }
care-refund-pending = A refund of { $amount } for order { $number } is waiting for a supervisor's approval; we will write as soon as it is decided.
care-refunded-to-method = We refunded { $amount } for order { $number }. It reaches your original payment method within { $min }–{ $max } business days.
care-refunded-to-credit = We added { $amount } of store credit for order { $number }; you can use it right away.
care-return-in-transit = Your return { $rma } is on its way to us.
care-return-received = We have received your return { $rma }; we will check it shortly.
chat-order-state-pending-payment = awaiting payment
chat-order-state-paid = paid and about to be prepared
chat-order-state-processing = being prepared
chat-order-state-packed = packed and waiting for the carrier
chat-order-state-partially-shipped = partly shipped
chat-order-state-shipped = on its way
chat-order-state-delivered = delivered
chat-order-state-completed = completed
chat-order-state-cancelled = cancelled
chat-order-state-on-hold = on hold
care-return-rejected = We checked your return { $rma } and cannot accept it; the items will be sent back to you.
care-return-accepted-refund = Your return { $rma } passed inspection: { $amount } is on its way back to you.
care-return-accepted = Your return { $rma } passed inspection.
care-charge-frozen-reply = We have frozen your account to protect it while we review this charge. A specialist will contact you within one business day; if the charge was not yours, it will be refunded.
feedback-complaint-acted-subject = We acted on your complaint [{ $reference }]
feedback-complaint-acted-intro = Thank you for telling us. Here is what we did:
feedback-suggestion-acted-subject = We acted on your suggestion [{ $reference }]
feedback-suggestion-acted-intro = Thank you for your suggestion. Here is what we did:
care-the-carrier = the carrier
care-return-ready = Your return { $rma } is ready. Print the label, pack the items and hand the parcel to { $carrier } before { $expires }.
care-cancelled = { $scope ->
        [order] Order { $number } is cancelled.
       *[items] The items are cancelled from order { $number }.
    } { $how ->
        [void] The { $voided } held on your card is released now: it was never charged.
        [refund] { $refunded } goes back to your original payment method within { $min_days }–{ $max_days } business days.
        [both] The { $voided } held on your card is released now, and { $refunded } goes back to your original payment method within { $min_days }–{ $max_days } business days.
       *[none] Nothing was charged.
    }
care-delivery-moved = { $kind ->
        [date] Done: we asked { $carrier } to deliver order { $number } on { $when }. You will get a confirmation from the carrier.
       *[pickup] Done: { $carrier } will leave order { $number } at the pickup point { $when }.
    }
care-invoice-attached = Invoice for order { $number }
ticket-merged-note = { $reference } was merged into this ticket.
feedback-complaint-closed-body = Thank you for telling us. We looked into it and closed request { $reference }. If something is still not right, answer this email and we will pick it up again.
feedback-suggestion-closed-body = Thank you for your suggestion. Request { $reference } is closed: we pass every suggestion to the team it concerns.
care-delivery-replaces = This replaces your earlier request for this parcel.
care-return-accepted-exchange = Your return { $rma } passed inspection. We are sending you { $items }; you will get the tracking number as soon as it ships.
care-exchange-shipped = The replacement for your return { $rma } is on its way: tracking number { $tracking }.
care-variant-pending = { $title } in { $described } costs { $amount } more. We have asked the shop to send you a payment request for the difference; the change is made as soon as it is paid, if the order has not been packed by then.
care-item-pending = { $quantity } × { $title } will be added to order { $number } once you pay { $amount }: the shop sends you a payment request. If the order is packed before then, it ships without it.
care-address-corrected = Done: we have sent { $carrier } the corrected address ({ $line1 }, { $postal_code } { $city }) and asked them to deliver again; you will get a new delivery date from them.
