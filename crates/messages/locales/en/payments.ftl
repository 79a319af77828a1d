# Payments: a card decline explained, with what to do next.

payment-decline-insufficient-funds = The bank declined the payment because the account did not have enough funds. Try another card or a smaller order.
payment-decline-expired-card = The card has expired. Update the card details or use another card.
payment-decline-wrong-cvc = The security code (CVC) did not match. Check the three digits on the back of the card and try again.
payment-decline-authentication = The bank asked for a confirmation (3-D Secure) that was not completed. Try again and approve the payment in your banking app.
payment-decline-no-reason = The bank declined the payment without giving a reason. Call the number on the back of your card, or use another payment method.
payment-decline-card-blocked = The bank has blocked this card. Please contact your bank and use another payment method.
payment-decline-temporary = The payment could not be processed because of a temporary problem. Nothing was charged; please try again in a few minutes.
payment-decline-other = The payment was declined. Try again, or use another payment method.
