# Extra English training templates, written by hand for marketdesk (second round,
# aimed at the intents the first training set confused). {slot} from SLOTS.
E = {}
E["cancel_order"] = """
cancel my order {order} please
I need to cancel an order I placed by mistake
how do I cancel order {order}, it hasnt shipped
I dont want it anymore just cancel the whole order
please cancel {order} before it ships
can I still cancel my order I only placed it an hour ago
cancel the order, I found it cheaper somewhere else
ordered twice by accident, cancel one of them {order}
where is the cancel button for my order
I changed my mind, please cancel everything
stop my order {order} I don't need it anymore
is it too late to cancel order {order}?
cancel it pls
I want to cancel, not change, the order
accidentally bought the {item}, cancel it
please void order {order} and don't ship it
how can I cancel a purchase on the app
i want to cancel my order asap
can you cancel my order and refund the card
cancel order {order} - no longer needed
the seller hasn't shipped in a week, I want to cancel my order
how do i cancel an order that is still processing
cancel my subscription box order {order}
hi i placed an order for a {item} but i want to cancel it
"""
E["change_order"] = """
can I change the size on order {order} to {size} before it ships
I ordered the {item} in {color} but want {color} instead, it hasn't shipped yet
please change the quantity on my order from 1 to 2
can I add a {item} to the order I just placed
remove the {item} from my order {order} please, I only want the rest
I made a mistake in my order, can I edit it
need to update my order {order}, wrong size selected
can you change my order to {size}? just placed it
I want to change the items in my order before you send it
change the colour of the {item} in my pending order to {color}
can I still modify order {order}? I want a different size
swap one item in my unshipped order for another one
please update order {order}: 2 of the {item} instead of 1
I selected {size} by accident when ordering, please change to {size}
how do I edit an order after paying
can I change what I ordered? it's still processing
I'd like to add one more item to order {order} so it ships together
can the {item} in my order be changed to another model before dispatch
oops I ordered the wrong colour, can you change it before shipping
reduce the quantity on my order to one please
can I change my order from {color} to {color}
is it possible to make changes to an order that hasn't shipped
change my order pls wrong size
want to change order {order}, same item but {size}
"""
E["change_shipping_address"] = """
I need to change the delivery address on order {order}
wrong address on my order, can you update it before it ships
I moved, please send order {order} to my new address
can I change where my package is going
please change the shipping address for my order to 22 Oak Street
I typed the wrong street number on my order, how do I fix the address
can you redirect my parcel to my work address
update the address on my order {order} please
my order is going to my old address, change it
I put the wrong zip code on my order {order}
can the address be changed after the order is placed
ship order {order} to a different address please
how do I change the address on an order that's already shipped
send it to my mom's house instead, order {order}
the apartment number on my order is missing, can you add it
I need my parcel delivered to another address
edit delivery address on current order
change address for {order} to 14 Baker Rd, flat 3
"""
E["check_payment_methods"] = """
what payment options do you have
can I pay with paypal on this site
do you take apple pay or google pay
is cash on delivery available
which credit cards do you accept
can I pay with a debit card
can I split the payment into installments
do you accept afterpay or klarna
can I pay with a gift card
is it possible to pay by bank transfer
do you accept venmo
can I pay in another currency
what are the ways to pay at checkout
do you accept mastercard
can I use two cards for one order
can I pay later
is paying with crypto possible
is there a buy now pay later option
do you take amex
can i pay with my shop balance
do you accept prepaid cards
how can I pay for my order
"""
E["check_refund_policy"] = """
what's your refund policy
how many days do I have to ask for a refund
do you refund the shipping fee too
is the return shipping free or do I pay for it
can I get a refund on sale items
what is the return window for clothes
do refunds go back to the original payment method or store credit
are final sale items refundable
how long is the return period
what's the policy if I change my mind
can I return something without the tags and still get a refund
do you charge a restocking fee
is there a deadline to request a refund
what is the refund policy for used items on the marketplace
do sellers have to accept returns
if I return an item do I get the full price back
do you do refunds or only exchanges
what happens if I return after 30 days
can I get refunded for underwear or swimwear
is it a 14 day or 30 day return policy
what's your policy on refunds for digital gift cards
does the refund include the original delivery cost
what are the conditions for getting a refund
where can I read the return and refund policy
"""
E["complaint"] = """
I want to file a complaint about your service
this is the third time I've had a problem with you, really disappointed
your customer service is useless
I'm writing to complain about how my case was handled
nobody has replied to me in 5 days, this is unacceptable
I'm extremely unhappy with your company
I was treated badly by your support agent
worst experience ever, never shopping here again
I want to make a formal complaint
your support keeps closing my ticket without helping
I'm fed up, every order has a problem
your courier was rude and refused to bring it upstairs
I have been passed from agent to agent for days, ridiculous
the way your team handled my issue was disrespectful
I'd like to complain about the seller's attitude
"""
E["contact_customer_service"] = """
how do I contact you
what's the support email address
is there a phone number for customer service
what are your support opening hours
can I call customer support
do you have a whatsapp number
how can I reach the customer service team
is your customer service open on sunday
where is the help center
how do I send a message to support
what's the fastest way to contact you
"""
E["contact_human_agent"] = """
can I talk to a real person please
i want a human not a bot
connect me to an agent
let me speak to a live person
is there an actual human I can chat with
transfer me to customer service agent
this bot doesn't understand me, get me a person
real person please
I need to speak to someone from your team
can I talk to a manager
operator
speak to human
"""
E["create_account"] = """
how do I sign up for an account
I want to create an account to start selling
can I make an account with my email
how to register on the app
create account
I'd like to join, how do I register
do I need to create an account to buy
where is the sign up page
how do I open a buyer account
can I register with my apple id
I want a new account
how do I set up an account for my shop
"""
E["customs_issue"] = """
my parcel is held at customs, what do I do
customs wants me to pay {amount} in duties for order {order}
tracking says held by customs for a week
do I have to pay import tax on this order
who pays customs fees for shipping to {country}
customs asked for an invoice to release my package
why is my package stuck in customs clearance
I got a bill for import VAT from {carrier}
the courier won't deliver until I pay customs duties
customs returned my package to the sender
my order {order} has been in customs for days
do I need to pay duties on orders to {country}
customs says they need my tax ID
will I be charged customs fees
"""
E["delete_account"] = """
delete my account please
I want to permanently close my account
how do I remove my account and all my data
please erase my profile
I don't use this anymore, close my account
how to delete my seller account
I want my account deleted under GDPR
deactivate and delete my account
"""
E["delivery_options"] = """
what delivery options do you have
do you offer express shipping
can I pick up my order from a store
do you have pickup points or lockers
which couriers do you ship with
do you ship to {country}
is there free delivery over a certain amount
how much does next day delivery cost
can I choose {carrier} for delivery
do you offer same day delivery
what shipping methods can I choose at checkout
do you deliver to PO boxes
is international shipping available
can I collect my parcel from a post office
do you have a cheaper standard shipping option
can I get it delivered on a saturday
do you ship to {country}, and which carrier
what are the shipping costs for standard vs express
do you offer click and collect
can I choose tracked shipping
do you deliver to apartments or only houses
how much is shipping to {country}
is there an option for contactless delivery
which delivery options are available for big items like a sofa
"""
E["delivery_period"] = """
how long does delivery take
when will my order arrive if I order today
how many days does standard shipping take
how long to ship to {country}
if I order now will it come by {date}
what's the estimated delivery time
how long does express take
how soon can I get it
how many business days until it arrives
is delivery usually 2 days or a week
how long after ordering does it usually ship and arrive
when can I expect my {item} to arrive
what's the typical delivery time for international orders
roughly how long before I receive it
how long does it take for sellers to send items
will it get here before Christmas if I order now
how many days does it take to arrive in {country}
how long is the shipping time
if I buy this {item} today when does it get delivered
how fast is your shipping
how long will order {order} take to arrive
delivery time for {country}?
"""
E["exchange_item"] = """
can I exchange the {item} I got for a different size
the {item} is too small, I'd like to swap it for {size}
I want to exchange my {item} for {color}
I'd prefer an exchange rather than a refund
how do I exchange something I received
I got the {item} yesterday, can I change it for a bigger size
can I trade the {item} for a different model
exchange please, same {item} in {size}
the shoes don't fit, can I exchange them for a half size up
I want to swap the {item} from order {order} for another colour
do you do size exchanges
can you send me {size} and I'll send this one back
I received my order but I need a different size, exchange possible?
how do exchanges work for items bought on sale
I'd like to exchange the {item}, not return it
the {color} looks different in person, can I exchange it for {color}
"""
E["get_invoice"] = """
can you send me an invoice for order {order}
I need an invoice for my company
please send the invoice to {email}
I need a receipt for order {order}
how can I download an invoice
could I get a VAT invoice
I need a proper invoice with my tax ID
please issue an invoice in my company's name
can I have a copy of the receipt
I need an invoice to claim expenses
I need the invoice as a pdf
request invoice for {order}
invoice please for my last purchase
my company needs an invoice, where can I request it
can you email me a receipt
"""
E["open_dispute"] = """
I want to open a dispute on order {order}
the seller won't respond, how do I open a case
I need to file a claim against the seller
how do I start a dispute about an item
the seller refuses to refund, I want to escalate to the platform
I want to open a case, the item is not as described
the seller said they shipped but it never came and they ignore me, open a dispute
please open a dispute for {order}, the seller is not cooperating
how do I escalate this to marketdesk, seller won't help
I want the platform to review my case against the seller
seller is ignoring me, time to open a claim
can you intervene, the seller and I can't agree
the buyer opened a case against me, what now
file a dispute
"""
E["other"] = """
can you help me with my homework
how do you make pancakes
lol
ok
test
hmm
?
who is the president
translate hello into french
what's bitcoin price
recommend me a book
is it going to rain tomorrow
tell me something interesting
what's your name
do you know any good restaurants
what day is it today
can you do my taxes
i love cats
blah blah
random question, do aliens exist
how do I fix my car
.
what should I cook tonight
my phone battery dies fast, any tips
what is love
"""
E["payment_issue"] = """
my card keeps getting declined at checkout
payment failed but I have money on the card
I can't complete the payment, it gives an error
I was charged twice for the same order {order}
the payment went through but the order says pending payment
paypal won't let me pay
checkout freezes when I click pay
my payment for {order} didn't go through
apple pay isn't working on your site
it says transaction failed, what's wrong
I paid {amount} but my order was cancelled for non payment
the 3D secure code never arrives so I can't pay
payment error when I try to buy
money left my account but no order was created
why does my card keep being rejected
the payment is stuck on processing
I got charged {amount} twice
cannot pay with my visa
"""
E["promotion_question"] = """
my promo code doesn't work
is there a discount code for new customers
how do I apply a coupon at checkout
the sale price wasn't applied to my order {order}
can I use a voucher on sale items
do you have any offers on right now
the code says it's expired
when is black friday sale starting
I forgot to use my discount code, can you apply it to order {order}
is there free shipping code
the 20% off isn't showing in my cart
can I stack two promo codes
do you do student discounts
is the buy one get one free deal still on
where do I enter my coupon
my welcome discount wasn't applied
what's the discount for the summer sale
the coupon code SAVE10 is not valid
do you have a referral discount
why was my coupon removed at checkout
"""
E["report_listing"] = """
I want to report this listing, it's fake
this seller is selling counterfeits
report a scam listing
this item is prohibited, please remove it
the listing uses stolen photos
how do I flag a listing
this listing is misleading
someone is selling replicas here
"""
E["review"] = """
how do I leave a review for the seller
I want to rate my order
where do I write a review
can I change my review
I want to leave 5 stars for this {item}
my review isn't showing
how do I add photos to my review
can I leave feedback for a buyer
I left a review by mistake, can I delete it
I want to review the {item} I bought
why can't I rate this seller
how do I give feedback on a product
"""
E["security_concern"] = """
I think someone hacked my account
there's a login from a device I don't know
I got an email saying my password was changed but I didn't change it
someone placed orders on my account
I received a phishing message pretending to be you
how do I enable two factor authentication
is this email from you, it asks for my card details
someone changed my email address on my account
I think my account has been compromised
I got a text with a code I didn't request
how do I log out of all devices
there are messages sent from my account that I didn't write
somebody is pretending to be your support on instagram
I want to secure my account
"""
E["suggestion"] = """
suggestion: add a size guide to every listing
it would be great if you could add a wishlist
you should allow payment in installments
would be nice to filter by brand
maybe you could add a dark mode to the app
I'd suggest showing the delivery date before checkout
please consider adding more colours
idea: let sellers offer bundles
could you add a way to save searches
it would help if the app had a chat translation
you guys should offer gift wrapping
my feedback for the app: make the search better
I think it'd be better if returns were free
have you thought about adding a loyalty programme
just an idea, notify me when an item is back in stock
you could improve the app by adding a price alert
"""
E["switch_account"] = """
how do I switch to my other account
I'm logged in on my wife's account, how do I change to mine
switch from my buyer account to my seller account
how do I change accounts in the app
can I log into two accounts at once
I want to use a different account
how to switch profiles
i'm on the wrong account
"""
E["track_order"] = """
where is my order {order}
my package hasn't moved in days, where is it
can you track order {order} for me
tracking {track} says in transit since last week
has my order shipped
what's the status of my order
I ordered a week ago, where's my stuff
where's my parcel, tracking not updating
is my order on the way
can I get the tracking number for {order}
order {order} still says processing, what's happening
my tracking shows delivered to the local depot, when's it coming
the seller marked it shipped but tracking doesn't work
status update on {order} please
"""
E["track_refund"] = """
where is my refund for order {order}
I still haven't received my refund
it's been two weeks and no refund
you said the refund was approved, when will I see it
when does the refund hit my account
refund status for {order}?
my refund of {amount} hasn't arrived
the seller refunded me but I don't see the money
is my refund processed yet
my return was delivered, when will I be refunded
how long until my refund shows on my card
check my refund please {order}
I returned the {item} weeks ago and still no money back
was my refund sent to paypal or my card
"""
E["wrong_item"] = """
I received the wrong item
you sent me a different product than I ordered
I ordered {color} but got {color}
the package had the wrong {item} in it
this is not my order, got someone else's stuff
I got size {size} but ordered a different size
you sent me the wrong thing for order {order}
the item I got is not the one in the listing
received a {item} instead of what I bought
wrong colour sent
my order came with the wrong model
it's the wrong item, not damaged, just wrong
"""
E["item_damaged"] = """
the {item} arrived broken
it came damaged
the box was crushed and the {item} inside is cracked
my {item} has a big scratch
arrived with a stain and a hole
"""
E["get_refund"] = """
I want my money back for order {order}
please refund me for the {item}
refund my order, it never worked
I need a refund for {order}
give me a refund, I returned it already
I'd like a full refund of {amount}
"""
E["return_item"] = """
I want to send the {item} back
how do I return order {order}
need a return label for {order}
I want to return this, it doesn't fit
"""
E["item_not_received"] = """
my order says delivered but I never got it
I never received my package
tracking shows delivered but nothing here
"""
E["check_invoice"] = """
the amount on my invoice is wrong
where can I view my invoices
my invoice has the wrong name on it
"""
E["set_up_shipping_address"] = """
how do I add a new address to my account
where do I save my home address
set default shipping address
"""
E["reschedule_delivery"] = """
can you deliver on {date} instead
I missed the courier, can you bring it again
change my delivery day please
"""
E["place_order"] = """
how do I buy this {item}
I want to order the {item}
how do I place an order on the app
"""
E["membership_question"] = """
how do I join the membership
what do members get
how many points do I have
when do my points expire
is the membership free shipping included
how do I cancel my membership
"""
E["registration_problems"] = """
I can't register, the code never arrives
sign up gives me an error
it says my email is already used when I sign up
"""
E["account_locked"] = """
my account is locked
I'm locked out after too many attempts
my account got suspended, why
"""
E["unauthorized_charge"] = """
there's a charge I didn't make
I don't recognise this payment of {amount}
someone used my card on your site
"""
E["greeting"] = """
hi
hey
good evening
"""
E["thanks"] = """
thanks
thank you so much
cheers
"""
