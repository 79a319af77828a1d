# Payments: a card decline explained, with what to do next.

payment-decline-insufficient-funds = The bank declined the payment because the account did not have enough funds. Try another card or a smaller order.
payment-decline-expired-card = The card has expired. Update the card details or use another card.
payment-decline-wrong-cvc = The security code (CVC) did not match. Check the three digits on the back of the card and try again.
payment-decline-authentication = The bank asked for a confirmation (3-D Secure) that was not completed. Try again and approve the payment in your banking app.
payment-decline-no-reason = The bank declined the payment without giving a reason. Call the number on the back of your card, or use another payment method.
payment-decline-card-blocked = The bank has blocked this card. Please contact your bank and use another payment method.
payment-decline-temporary = The payment could not be processed because of a temporary problem. Nothing was charged; please try again in a few minutes.
payment-decline-other = The payment was declined. Try again, or use another payment method.

## Sellers' payouts
payout-pending = Your payout of { $amount } is scheduled and should reach your bank on { $day }.
payout-in-transit = Your payout of { $amount } is on its way to your bank and should arrive by { $day }.
payout-paid = Your payout of { $amount } was paid on { $day }. Banks can take a day to show it; if it is not on your statement after that, send us the statement and we will trace it.
payout-on-hold = Your payout of { $amount } is on hold. Here is why and what releases it:
payout-failed = Your payout of { $amount } could not be paid: { $failure }. Check your bank details in your seller account; we send it again once they are fixed.
payout-canceled = Your payout of { $amount } was cancelled; what it paid for goes into your next payout.
payout-late = Your payout of { $amount } should have reached your bank on { $day } and has not been confirmed. We are asking the payment provider to trace it and will write to you within 2 business days.
payout-hold-verification = Your identity or bank account must be verified: finish the verification in your seller account.
payout-hold-dispute = A buyer's dispute or chargeback on one of these orders is open: the money is released when it is decided.
payout-hold-return-window = The buyer can still return or report the item: the money is released when the return window closes.
payout-hold-bank-details = Your bank details are missing or were refused: update them in your seller account.
payout-hold-risk-review = Our risk team is reviewing your account, usually within 3 business days; we will write to you.
payout-hold-awaiting-delivery = The item is not yet confirmed as delivered: the money is released once it is.
payout-hold-other = The platform has held it back; a specialist can tell you more.
payout-none = We have no payouts on record for your seller account yet.
payout-status-pending = Scheduled
payout-status-in_transit = On its way
payout-status-paid = Paid
payout-status-on_hold = On hold
payout-status-failed = Failed
payout-status-canceled = Cancelled

## Chargebacks (card disputes)
chargeback-status-inquiry = The bank asked questions (not yet a chargeback)
chargeback-status-needs_response = Evidence needed
chargeback-status-under_review = Evidence sent; the bank is deciding
chargeback-status-won = Won: the money stays
chargeback-status-lost = Lost: the money went back to the buyer
chargeback-reason-fraudulent = the cardholder says they did not make the purchase
chargeback-reason-product_not_received = the buyer says the item never arrived
chargeback-reason-product_unacceptable = the buyer says the item was not as described
chargeback-reason-duplicate = the buyer says they were charged twice
chargeback-reason-credit_not_processed = the buyer says a refund they were promised did not arrive
chargeback-reason-unrecognized = the cardholder does not recognise the charge
chargeback-reason-subscription_canceled = the buyer says they had cancelled
chargeback-reason-general = no specific reason given
chargeback-summary = Order { $order }: a chargeback — { $reason }. Status: { $status }.
chargeback-respond-by = Send your evidence (tracking with proof of delivery, photos, your messages with the buyer) by { $day }, replying here or on the order's request.
chargeback-none = There is no chargeback on order { $order }: its payment is not disputed.
