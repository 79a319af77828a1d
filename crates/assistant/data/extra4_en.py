# Round four of extra English templates (written by hand for marketdesk):
# broader, more varied phrasings for every intent, with more lines where the
# intent pairs below are still confused (refund policy vs getting a refund,
# cancel vs change, invoice copy vs invoice question, account intents, ...).
E = {}
E["track_order"] = """
has anything happened with my parcel since yesterday
can someone tell me where my purchase is right now
the shipment status hasn't changed in four days
my package seems stuck, tracking says in transit since Monday
what stage is my order at
is {order} packed yet or still waiting
which city is my parcel in at the moment
"""
E["delivery_period"] = """
roughly how many days does shipping take to my area
if I buy today, when would it get here?
how quick is your standard shipping usually
what's the normal delivery time for orders from this seller
how long does it usually take for stuff to arrive
average shipping time to {country}?
will it arrive before {date} if I order now
how many business days from dispatch to arrival
"""
E["delivery_options"] = """
do you have next day shipping
can I pick up my order at a collection point instead of home delivery
what shipping methods can I pick at checkout
is express delivery available for my city
do you deliver on weekends
is there a cheaper slower shipping option
can I choose {carrier} for delivery
do you ship internationally
"""
E["change_order"] = """
I'd like to swap the size on my order to {size} before it ships
please remove the {item} from {order}, it hasn't shipped yet
need to edit the quantity on my pending order
is it too late to change the colour on {order} to {color}
can I modify an order that's still processing
change the {item} in my order to the {color} one please
I'd like to update what's in my order before dispatch
"""
E["change_shipping_address"] = """
I typed the wrong street on {order}, can you fix the address
can my package be redirected to a different address
I moved last week, can you update the delivery address on my open order
the address on my order is old, can it go to my new place
change delivery address for {order} please
can the parcel go to my neighbour's address instead
"""
E["set_up_shipping_address"] = """
how do I save a shipping address to my profile
where do I add a new delivery address in my account
I want to store a second address for deliveries
can I set a default shipping address
setting up my home address for the first time, where do I go
"""
E["cancel_order"] = """
please cancel {order}, I don't want it anymore
I need to call off my purchase, it hasn't shipped
stop my order from being sent, I want to cancel it
cancel the whole order please not just one item
I ordered by mistake, can you void it
how do I cancel before it's dispatched
just cancel {order} entirely
I changed my mind, please scrap the order I just placed
"""
E["check_cancellation_fee"] = """
is there a charge if I cancel my order
will I lose money if I cancel now
do you take a fee for cancelling
how much does it cost to cancel an order
"""
E["place_order"] = """
how do I buy something on your site
I want to order two of these, how do I do that
what are the steps to make a purchase
how do I check out with the items in my cart
can I order without creating an account
"""
E["reschedule_delivery"] = """
can the courier come back another day
I won't be home {date}, can you deliver later
please move my delivery to {date}
missed the delivery, can it be redelivered {date}
can I pick a new delivery date
I need to postpone my delivery by a few days
"""
E["item_not_received"] = """
my order never came
tracking says delivered but there's nothing at my door
I paid two weeks ago and I still have nothing
parcel marked as delivered yet I never got it
still waiting on {order}, it should have been here days ago
the package never showed up
nothing arrived and the delivery date has long passed
"""
E["item_damaged"] = """
the {item} arrived broken
box was crushed and the {item} inside is cracked
my order came with a big scratch on it
the {item} doesn't work, it looks damaged from shipping
it arrived with a dent and a torn seam
"""
E["wrong_item"] = """
you sent me the wrong size
I received a completely different product than I ordered
the {item} in the box isn't what I bought
wrong colour arrived, I ordered {color}
the parcel had a different model from the one on my order
"""
E["customs_issue"] = """
my parcel is held at customs, what do I do
do I have to pay import duties on this
customs is asking me for a fee before they release it
why is my order stuck in customs clearance
who pays the customs charges for international orders
"""
E["return_item"] = """
I want to send the {item} back
how do I start a return
can I return something I bought last week
I'd like to return {order}, it doesn't fit
where do I get a return label
how do I ship an item back to you
I need to return this, it's not what I expected
"""
E["exchange_item"] = """
can I swap this for a different size
I'd like to exchange the {item} for one in {color}
is it possible to exchange an item that doesn't fit
I want the same thing in {size} instead
swap my {item} for another model please
"""
E["get_refund"] = """
I want my money back for {order}
please refund me, the item was faulty
can I get a refund for the {item}
I'd like a full refund
refund my purchase please
give me my money back, I'm not happy with it
I need a refund for {amount}
"""
E["track_refund"] = """
when will my refund show up
you said refund was processed but I don't see the money
where is my refund for {order}
how long until the refund hits my card
my refund still hasn't come through
refund status for my return please
it's been {days} days and no refund yet
"""
E["check_refund_policy"] = """
what is your refund policy
are sale items refundable
do you refund shipping costs
can I get my money back if I just don't like it
is there a time limit on refunds
do refunds go back to the original payment method
what items can't be refunded
can I get refunded if the item was opened
what are the conditions for a refund
"""
E["payment_issue"] = """
my payment keeps failing
my card got declined at checkout
payment went through but the order says unpaid
checkout gives an error when I pay
why can't I pay with my card
"""
E["unauthorized_charge"] = """
there's a charge on my card I don't recognise
I didn't make this purchase but I was charged {amount}
I was billed for an order I never placed
"""
E["check_payment_methods"] = """
what payment options do you accept
do you take PayPal
can I pay in installments
which cards can I use
can I pay by bank transfer
"""
E["check_invoice"] = """
there's a mistake on my invoice
the invoice amount doesn't match what I paid
why is there an extra charge on my invoice
my invoice shows the wrong company name
the VAT on my invoice looks wrong
"""
E["get_invoice"] = """
can you send me an invoice for {order}
where do I download my invoice
I need a receipt for my purchase
please email me the invoice to {email}
how do I get a VAT invoice
I need a copy of my receipt
"""
E["promotion_question"] = """
my discount code isn't working
is there a promo on right now
the coupon won't apply at checkout
when is your next sale
do you have a code for first orders
how do I use a voucher
"""
E["membership_question"] = """
what do I get with a premium membership
how do I cancel my membership subscription
what are the benefits of the gold tier
does the membership include free shipping
how do I upgrade my membership
"""
E["create_account"] = """
how do I make an account
I want to register as a new customer
how do I sign up
can I open a seller account
where do I create a profile
"""
E["registration_problems"] = """
the sign up form keeps giving me an error
never got the verification email after registering
it says my email is already in use but I don't have an account
the registration page won't accept my phone number
"""
E["recover_password"] = """
I forgot my password
how do I reset my password
the password reset link isn't arriving
can't remember my login password
"""
E["account_locked"] = """
my account has been locked
it says my account is suspended
I got locked out after too many attempts
why was my account disabled
my account is frozen, how do I unlock it
I can't log in, it says account blocked
when will my account be unlocked
"""
E["security_concern"] = """
I think someone hacked my account
there's a login from a country I've never been to
is this message from you or a scam
someone changed my password without me
I think my account was compromised
"""
E["edit_account"] = """
how do I change my email address on my account
I want to update my phone number
can I change my username
how do I edit my profile details
I need to update my name on my account
"""
E["switch_account"] = """
how do I log into a different account
I want to switch to my other account
can I have two accounts and switch between them
logged in on the wrong account, how do I swap
"""
E["delete_account"] = """
I want to delete my account
please close my account permanently
how do I remove my account and all my data
deactivate my profile for good please
I don't want an account with you anymore, delete it
"""
E["open_dispute"] = """
I want to open a dispute with the seller
the seller won't respond, how do I file a claim
how do I raise a dispute for {order}
I need you to step in, the seller refuses to help
"""
E["report_listing"] = """
I want to report a listing
this product looks fake, how do I report it
there's a seller selling counterfeit goods
this item is against the rules, please take it down
"""
E["seller_payout"] = """
when do I get paid for my sales
my payout hasn't arrived
how do I change my payout bank account
why is my seller balance on hold
how often are payouts sent
"""
E["contact_customer_service"] = """
how can I contact customer service
what's your support phone number
is there an email for support
where can I chat with support
how do I reach your help team
"""
E["contact_human_agent"] = """
I want to talk to a real person
connect me to an agent please
can I speak with a human
stop the bot, get me a person
transfer me to a live agent
"""
E["complaint"] = """
I'm really unhappy with your service
I want to file a complaint
this is the worst shopping experience I've had
your support has been useless
I'm fed up with the delays
I want to complain about a seller's behaviour
"""
E["review"] = """
how do I leave a review
I want to rate the seller
where can I write feedback on a product
I'd like to give this item five stars
can I edit a review I left
"""
E["suggestion"] = """
you should add a dark mode to the app
it would be great if I could save items for later
here's an idea: let us filter by size
I have a suggestion for your website
please consider adding more payment options
"""
E["newsletter_subscription"] = """
how do I subscribe to your newsletter
please unsubscribe me from your emails
stop sending me promotional emails
I want to get your newsletter
"""
E["greeting"] = """
hi, good morning
hey, anyone around?
good evening
hello hello
"""
E["thanks"] = """
thank you so much
thanks a lot for the help
appreciate it
"""
E["other"] = """
what's the weather like today
tell me a joke
who won the game last night
what time is it in Tokyo
can you recommend a good movie
I'm just bored
"""

# More vocabulary: the synonyms and casual wording customers use.
E["track_order"] += """
has my stuff been dispatched yet
any movement on my shipment
did {order} go out yet or is it still sitting there
has the seller handed my parcel to the courier
can u see where my delivery is
"""
E["delivery_period"] += """
how long is the wait for delivery right now
estimated arrival time for a standard order?
how soon can I expect my package after ordering
what's the lead time on orders at the moment
"""
E["delivery_options"] += """
what courier options do I get
can I have it delivered to a parcel shop
is same day delivery a thing here
can I collect it myself from a store
do you offer tracked shipping or only standard
"""
E["cancel_order"] += """
please void {order}
kill the order, I don't need it anymore
can I back out of the order I just made
revoke my order please, it hasn't left yet
"""
E["check_refund_policy"] += """
what's your policy on reimbursements
under what conditions do you give money back
do you reimburse return postage
what does your money back guarantee cover
are refunds given as store credit or cash
"""
E["track_refund"] += """
still no reimbursement on my card
has my reimbursement been sent yet
my money back is taking forever, any update
"""
E["get_refund"] += """
I'm requesting reimbursement for {order}
please reimburse me for the missing item
can I have the money back for the {item}
"""
E["delete_account"] += """
wipe my account, I'm done with this site
I want my account gone for good
"""
E["newsletter_subscription"] += """
add me to your mailing list
opt me out of marketing emails
subscribe my email {email} to your updates
"""
E["greeting"] += """
heya
hi folks
"""
E["suggestion"] += """
it'd be nice if the search remembered my filters
just an idea, a wishlist would help a lot
feature request: let me reorder past purchases in one click
"""
E["contact_customer_service"] += """
what number do I ring for help
how do I get in touch with your team by email
is support available on weekends
"""
E["contact_human_agent"] += """
let me chat with an actual employee
I'd rather speak to a staff member than a bot
"""
E["account_locked"] += """
"""
E["security_concern"] += """
I got a text with a login code I didn't request
"""
E["edit_account"] += """
I want to replace the email on my profile
"""
E["switch_account"] += """
I'm signed into the wrong profile, how do I change it
log me out so I can use another account
"""
E["review"] += """
I want to post feedback about a seller
can I rate my delivery experience
how do I give a star rating for my order
"""
E["other"] += """
what should I cook tonight
my dog ate my homework lol
what's 15 times 12
"""
E["return_item"] += """
I'm not keeping this, how do I return it
I'll be sending the {item} back, it wasn't for me
"""
E["wrong_item"] += """
you delivered a different brand from what I ordered
the item I got doesn't match the listing I bought
I got the wrong version of the {item}
"""
E["membership_question"] += """
is the premium plan worth it, what's included
what perks come with being a member
"""
E["create_account"] += """
how do I get started as a new user
"""
E["place_order"] += """
how do I pay for what's in my basket
can you help me finish my purchase
"""
E["payment_issue"] += """
my card was charged but the order failed
it took my money twice
"""

# Longer messages with some back story, where the words that usually mark
# another intent (order, refund, account, email) appear only as context.
E["track_order"] += """
I ordered a birthday present for my son on the 3rd, could you check how far along it is
the seller marked {order} as shipped but the tracking link just shows label created
I need the {item} for a trip on {date}, where is it now?
my tracking number {track} says exception, what does that mean for my delivery
bought two things in one order, one arrived, where's the other one
"""
E["delivery_period"] += """
I'm deciding between two sellers, which one ships faster to {country}
if I order the {item} tonight could it be here by {date}
your site says 3-7 days, is that business days or calendar days
how long does shipping from overseas sellers usually take
do orders placed on a weekend ship on Monday?
"""
E["delivery_options"] += """
I live in an apartment with no concierge, can I pick a different way to receive my parcel
is there a premium shipping option for fragile items
can I pay extra for faster shipping on {order}
do you have a click and collect service
is signature on delivery an option
"""
E["change_order"] += """
forgot to add a second {item} to my order, can you put it in before it ships
I'd like to keep the order but change the {item} to the {color} version
can I merge my two pending orders into one shipment
the order hasn't shipped yet, I want to remove one item and keep the rest
"""
E["change_shipping_address"] += """
I put my old flat on the order by accident, please change it to the new one
deliver {order} to a different city please, I'm travelling
"""
E["set_up_shipping_address"] += """
I just made an account and want to add where my orders should go
how do I add a PO box as a shipping address
can I save my office as a second address in my address book
"""
E["cancel_order"] += """
the delivery date is too late for me, I'd like to cancel {order}
I want to cancel, I don't need it anymore and it hasn't shipped
can you stop {order}, I ordered the wrong thing and just want to cancel it all
"""
E["place_order"] += """
I've never bought from here before, what do I do after adding things to the basket
can I order items from two different sellers at once
is it possible to order as a guest
I want to buy a gift for someone, how do I place the order
"""
E["reschedule_delivery"] += """
the courier left a note, how do I arrange a new delivery time
I want to change when my parcel gets delivered
"""
E["item_not_received"] += """
it's been a month and my parcel still hasn't arrived, the seller says it was sent
my neighbour didn't get it either, the order is just missing
I never received order {order}, what now
"""
E["item_damaged"] += """
the {item} came with a crack across the screen
opened the box and found the {item} smashed, the packaging was terrible
one of the legs of the {item} is snapped off
the {item} is leaking, it must have been damaged in transit
"""
E["wrong_item"] += """
ordered a {size} and the label in the {item} says something else
I was sent a {color} {item} but I chose a different colour
the box had a completely different item from another seller
this isn't my order, the product in the parcel is not what I paid for
"""
E["customs_issue"] += """
the courier wants me to pay import tax before delivery, is that right
my order from abroad has been in customs for a week
do I need to fill in a customs form for my parcel
why was I charged duty on a gift
"""
E["return_item"] += """
the {item} doesn't suit me, I'd like to send it back for a refund
how many items can I return in one parcel
I started a return but lost the label, can you resend it
can I return the {item} if I already took the tags off
"""
E["exchange_item"] += """
the {item} is too small, can I get the next size up instead
"""
E["get_refund"] += """
I cancelled the order, now I'd like the money returned to my card
the {item} was faulty so I want a refund instead of a replacement
please refund the shipping fee I was charged by mistake
"""
E["track_refund"] += """
I sent the return back two weeks ago, when do I get the money
my bank says there's no incoming refund yet
you confirmed the refund on Monday, how long until it shows
"""
E["check_refund_policy"] += """
before I buy, can you tell me if I can get a refund if it doesn't fit
do you refund digital items
if the seller is overseas does the same refund policy apply
how does your refund policy work for gifts
"""
E["payment_issue"] += """
I tried three different cards and the payment fails every time
PayPal says the payment is complete but your site says pending
my payment was taken but the order was cancelled automatically
the checkout button does nothing when I try to pay
"""
E["unauthorized_charge"] += """
I checked my bank statement and there are charges from you I never authorised
my card was charged {amount} for something I didn't buy
there's a recurring charge I never signed up for
"""
E["check_payment_methods"] += """
do you accept gift cards as payment
can I pay with a prepaid card
"""
E["check_invoice"] += """
the invoice I got lists items I didn't order
why does the invoice total differ from my card statement
my invoice is missing my company tax number
can you check if the shipping on my invoice is right
"""
E["get_invoice"] += """
my accountant needs an invoice for {order}, where can I get it
could you send an invoice with my company details on it
I can't find the receipt in my account, can you email it
please resend the invoice for last month's order
"""
E["promotion_question"] += """
does the Black Friday sale include this {item}
I have a referral code, where do I enter it
can I use two coupons on one order
the free shipping promo didn't apply to my order
"""
E["membership_question"] += """
does my membership renew automatically
can I share my membership with family
I paid for membership but I'm not seeing member prices
is there a free trial of the membership
"""
E["create_account"] += """
can I register with my Google login
"""
E["registration_problems"] += """
I get an error when I submit the registration form
the confirmation code for signing up never arrives by text
"""
E["recover_password"] += """
the reset email went to an address I no longer use
"""
E["account_locked"] += """
my account got blocked after I changed my phone
please unlock my account, I've verified my identity
"""
E["security_concern"] += """
how do I turn on two factor authentication to protect my account
"""
E["edit_account"] += """
how do I update my date of birth
I want to change my profile picture and display name
"""
E["switch_account"] += """
my partner and I share a laptop, how do we switch between our accounts
how do I sign in with a different email
"""
E["delete_account"] += """
close my account and delete everything you have on me
"""
E["open_dispute"] += """
the seller sent a fake item and refuses a refund, I want to open a case
I want marketdesk to step in, the seller and I can't agree
how do I escalate a problem with a seller to your team
"""
E["report_listing"] += """
this listing is using stolen photos, I want to report it
a seller is selling weapons, this should be removed
"""
E["seller_payout"] += """
I'm a seller and my last payout was less than expected
when will the money from my last sale be released
how do I add my bank details to receive payouts
"""
E["contact_customer_service"] += """
is there a phone line I can call about my order
how do I contact you outside of this chat
"""
E["contact_human_agent"] += """
I need to talk to an agent about something complicated
human please
"""
E["complaint"] += """
I've been waiting for a reply for two weeks, this is unacceptable
the delivery driver was rude and I want to complain
your service has gone downhill, I'm very unhappy
"""
E["review"] += """
where do I leave feedback for the seller after delivery
I'd like to write a review of the {item} I bought
how can I rate my purchase
"""
E["suggestion"] += """
it would help if you showed the size chart on every listing
why not add an option to gift wrap orders
I think you should let sellers reply to reviews
"""
E["newsletter_subscription"] += """
I keep getting your weekly emails, how do I stop them
I want to sign up to hear about sales
how do I subscribe to deal alerts by email
"""
E["greeting"] += """
hey there
hi there, hope you're well
good afternoon!
"""
E["thanks"] += """
thank you, that's all I needed
great, thanks so much
perfect, thank you
"""
E["other"] += """
what's the meaning of life
can you help me with my math homework
is it going to rain tomorrow
I like turtles
"""

# Messages whose topic words belong to another intent: a complaint about
# refunds is still a complaint, a suggestion about checkout still a suggestion.
E["complaint"] += """
I'm fed up with how slow your refunds are, this is a formal complaint
your delivery fees are outrageous and I want that on record
I'm furious about how my return was handled
the way you treat customers with problems is shameful
I want to complain about the checkout charging me fees I wasn't told about
three orders in a row arrived late, I'm really angry
"""
E["suggestion"] += """
suggestion: show the return deadline on each order page
you could make returns easier by offering pickup from home
an idea for payments: let us save more than one card
would be nice to get a notification when a refund is issued
please think about adding Spanish to the app
my two cents: the order history page needs a search box
"""
E["review"] += """
the seller was super helpful, where can I say that publicly
I want to leave a good rating for fast shipping
how do I post a review with photos of the {item}
can I review a seller I bought from last month
"""
E["open_dispute"] += """
the seller says they shipped it but I never got it and they won't help, I want to file a dispute
I returned the item weeks ago and the seller still hasn't refunded, time to open a claim
I'd like to dispute {order}, the seller is ignoring me
a buyer left a claim on my sale, how do I contest it
"""
E["check_payment_methods"] += """
do you take American Express
is Visa accepted
can I use a Mastercard debit card
do you accept Discover cards
does the store take Klarna
"""
E["seller_payout"] += """
what payout methods are available for sellers
can my seller earnings go to a different bank account
how long after delivery do sellers get their money
my payout failed, what went wrong
"""
E["set_up_shipping_address"] += """
the address form won't accept my apartment number
my town isn't in the city list when I add an address
I can't save a new address, the save button is greyed out
"""
E["delivery_options"] += """
do you ship to {country}
can you deliver to an address abroad
do you deliver to islands
is international shipping available for this {item}
"""
E["greeting"] += """
yo
hiya, anyone here
hey hey
good morning team
howdy
"""
E["thanks"] += """
thx a lot
thanks heaps
"""
E["other"] += """
how far is the moon
who is the president of France
what's a good name for a cat
"""
E["payment_issue"] += """
I see the same charge twice on my statement for one purchase
my card shows a duplicate payment
payment failed but my bank still took the money
"""
E["unauthorized_charge"] += """
I never bought this but I was charged
a purchase I don't recognise appeared on my card
I didn't authorise this payment to your store
"""
E["membership_question"] += """
what's the difference between silver and gold membership
what do platinum members get
"""
E["return_item"] += """
what do I need to do to send an item back
walk me through returning my order
"""
E["check_refund_policy"] += """
what's the policy if I change my mind after buying
can I still get a refund after the return window
is a refund guaranteed if the seller agrees to a return
"""
E["get_refund"] += """
I've waited long enough, refund me now
I want my money returned for the missing parts
"""
E["cancel_order"] += """
please cancel it before it leaves the warehouse
I'd like to cancel my order, it hasn't been shipped yet
"""
E["item_not_received"] += """
tracking says it was left in the lobby but it's not there
the delivery was confirmed but I have no package
"""
E["contact_customer_service"] += """
is there a contact form on your website
"""

E["delete_account"] += """
I'd like you to remove all my data and shut my account
can I delete my account even if I have an open order
"""
E["account_locked"] += """
I tried logging in a few times and now my account is locked
my account was temporarily suspended, what can I do
"""
E["contact_customer_service"] += """
what's the best way to contact your support team
how can I reach someone about an issue with my order
"""
E["security_concern"] += """
I clicked a suspicious link and entered my password, what should I do
"""
E["exchange_item"] += """
I want to exchange it for the same item in another size
"""
E["complaint"] += """
this is the third time this has happened and nobody takes responsibility
I was promised a fix and nothing happened, very poor service
"""

# Short keyword-style messages, the way people type into a chat box.
E["track_order"] += """
order status {order}
tracking not updating
"""
E["delivery_period"] += """
shipping time to {country}?
delivery estimate pls
"""
E["delivery_options"] += """
shipping options?
express delivery available?
pickup point delivery
"""
E["change_order"] += """
edit my order pls
change items in order {order}
add item to existing order
"""
E["change_shipping_address"] += """
wrong address on order
update delivery address {order}
"""
E["set_up_shipping_address"] += """
add new address
save address to account
"""
E["cancel_order"] += """
cancel order {order} pls
cancellation request
"""
E["check_cancellation_fee"] += """
cancellation fee?
cost to cancel order
"""
E["place_order"] += """
how to order
buying the {item}, how
"""
E["reschedule_delivery"] += """
change delivery day
redeliver {date} please
"""
E["item_not_received"] += """
never received my order
parcel missing
"""
E["item_damaged"] += """
arrived broken
damaged {item}
"""
E["wrong_item"] += """
wrong item received
wrong size sent
"""
E["customs_issue"] += """
customs fees??
stuck at customs
"""
E["return_item"] += """
return request {order}
return label please
"""
E["exchange_item"] += """
exchange for bigger size
swap color please
"""
E["get_refund"] += """
refund please
need refund for {order}
"""
E["track_refund"] += """
refund status?
where's my refund
"""
E["check_refund_policy"] += """
refund policy?
refund rules for sale items
"""
E["payment_issue"] += """
payment failed
card declined at checkout
"""
E["unauthorized_charge"] += """
unknown charge on card
charge I didn't make
"""
E["check_payment_methods"] += """
payment options?
pay with apple pay?
"""
E["check_invoice"] += """
invoice wrong amount
error on invoice
"""
E["get_invoice"] += """
invoice for {order}
need receipt pls
"""
E["promotion_question"] += """
promo code not working
any discounts?
"""
E["membership_question"] += """
membership benefits?
premium plan price
"""
E["create_account"] += """
create account
new account how
"""
E["registration_problems"] += """
can't register
signup error
"""
E["account_locked"] += """
account locked
account suspended??
"""
E["security_concern"] += """
account hacked
suspicious login alert
"""
E["edit_account"] += """
change my email
update profile info
"""
E["switch_account"] += """
switch accounts
change to other account
"""
E["delete_account"] += """
delete account
close my account pls
"""
E["open_dispute"] += """
open dispute {order}
file a claim against seller
"""
E["report_listing"] += """
report listing
fake product listing
"""
E["seller_payout"] += """
payout status
seller payment missing
"""
E["contact_customer_service"] += """
support contact?
customer service number
"""
E["contact_human_agent"] += """
agent please
real person pls
"""
E["complaint"] += """
terrible service
very disappointed
"""
E["review"] += """
leave review
rate seller
"""
E["suggestion"] += """
feature idea
small suggestion for the app
"""
E["newsletter_subscription"] += """
unsubscribe
newsletter signup
"""

E["suggestion"] += """
quick feedback on the app: the menus are confusing
one thing you could improve is the search results
"""
E["greeting"] += """
hello, good evening
"""
E["delete_account"] += """
shut down my account completely
"""
E["security_concern"] += """
someone changed my account email without permission
"""
E["set_up_shipping_address"] += """
the address form keeps showing an error when I save it
"""
E["exchange_item"] += """
can I exchange the {item} for a different colour
"""
E["edit_account"] += """
how do I change the name on my account
"""
E["other"] += """
what's the best pizza topping
"""

# More everyday wording for the English intents that stay weakest.
E["account_locked"] += """
my account says access restricted, what did I do wrong
is my account banned? I can't sign in
they blocked my account after a password change
"""
E["create_account"] += """
can I make an account with my phone number instead of email
I want to set up a buyer account
where is the register button
"""
E["newsletter_subscription"] += """
put me on your email list for new products
I want to receive your promotional emails
"""
E["contact_human_agent"] += """
can a staff member help me instead of the assistant
I want a human being, not automated replies
put a real agent on the line please
"""
E["item_not_received"] += """
my order was due last week and I still don't have it
I haven't received anything from order {order}
the parcel never got to me even though it says shipped weeks ago
"""
E["wrong_item"] += """
I ordered one model and a cheaper model came in the box
the {item} I received is a different brand than listed
the parcel had the right box but the wrong product inside
"""
E["track_order"] += """
can you confirm my order has shipped
is my order on its way yet
what's the latest on order {order}
"""
E["check_payment_methods"] += """
do you accept JCB cards
is Diners Club accepted
can I check out with a virtual card
"""
E["delivery_period"] += """
how long will shipping take if I live in a rural area
when should I expect my order to arrive normally
"""
E["cancel_order"] += """
can I still cancel if the order is being packed
I'd like to cancel my purchase and get nothing sent
"""
E["complaint"] += """
I'm making a complaint about the quality of your products
I'm not happy at all with how this order went
"""
E["membership_question"] += """
can I pause my membership for a few months
is the membership fee refundable if I cancel
"""
E["change_shipping_address"] += """
can I change the shipping address after placing the order
the order is going to the wrong address, please update it
"""
E["seller_payout"] += """
how do sellers get paid on marketdesk
"""

# Trivia and chit-chat that only looks like a shop question, payment
# questions phrased with "take", payouts, exchanges and contact channels.
E["other"] += """
what's the tallest building in the world
what's the population of Canada
what's the square root of 144
how long is the Great Wall of China
when did the first iPhone come out
"""
E["check_payment_methods"] += """
does the website take Amex or only Visa
will you take payment through Venmo
does checkout take foreign cards
"""
E["seller_payout"] += """
which methods can I choose to receive my seller earnings
"""
E["exchange_item"] += """
I'd like a different size of the same {item}, can we do an exchange
could I get this replaced with the {color} version
I want to trade the {item} in for a bigger one
"""
E["contact_customer_service"] += """
what's the quickest way to get hold of support
"""
E["thanks"] += """
thanks for sorting that out so quickly
"""
E["complaint"] += """
the customer service I got today was terrible
"""
E["account_locked"] += """
I need my account unlocked, I can't access anything
"""
E["delete_account"] += """
"""
E["edit_account"] += """
"""

# Another varied batch for English.
E["suggestion"] += """
not a complaint, just an idea: let buyers message each other about sizing
consider a loyalty points scheme, I'd shop more
the mobile site would be better with a sticky basket button
could you add an option to hide items I've already bought
"""
E["complaint"] += """
I've been passed from one department to another and nobody owns the problem
you keep sending my orders late and I'm sick of it
I'm going to stop shopping with you, the service is awful
"""
E["open_dispute"] += """
the seller blocked me after I paid, I need the platform to act
the item isn't as described and the seller won't accept it back, I want to claim
can marketdesk mediate between me and the seller
"""
E["switch_account"] += """
I'm logged into my husband's account, how do I get to mine
I want to leave this account and sign in with my shop one
"""
E["change_order"] += """
I want two units instead of one, the order is still pending
can I substitute the {item} in my order with a different variant before shipping
"""
E["return_item"] += """
I regret buying this and want to return it
how should I pack the item to send it back
I need to return two items from order {order}
"""
E["greeting"] += """
hello, how are you doing
hey, how's it going
"""
E["account_locked"] += """
my account is still blocked even after I sent my ID
"""
E["security_concern"] += """
I think someone knows my password
there's a login alert from a phone that isn't mine
"""
E["report_listing"] += """
a seller is asking buyers to pay outside the platform, I want to report them
"""
E["delete_account"] += """
remove my account from your system please
"""
E["contact_human_agent"] += """
is there an option to talk to an employee
"""
E["delivery_period"] += """
what's the usual delivery window for furniture
"""
E["check_refund_policy"] += """
does the refund include the payment processing fee
what does the money back guarantee include
"""

# English: contact channels, locked accounts, ordering, closing accounts,
# delivery choices.
E["contact_customer_service"] += """
is there a live chat on the website
do you have a postal address for letters
can I message support on social media
what's the fax number for your company
I need to speak with your billing department, how do I reach them
which email do I use for questions about an order
"""
E["account_locked"] += """
the app says my profile is under review and I can't get in
my seller account was put on hold, why
how do I get my account reactivated
access to my account was blocked for suspicious activity, I need it back
"""
E["place_order"] += """
can I buy this as a present and ship it to my sister
I'd like to put in a bulk order for my office
how do I purchase something in a different currency
walk me through making my first purchase
"""
E["delete_account"] += """
I no longer want to use marketdesk, how do I close my profile for good
can I have my account and order history erased under GDPR
how long does it take to delete an account once I request it
"""
E["delivery_options"] += """
is there an eco friendly shipping option
can I choose a delivery time slot
do you offer white glove delivery for big items
what are the shipping choices for heavy parcels
"""
E["registration_problems"] += """
the sign up page freezes after I enter my details
"""
E["membership_question"] += """
do members get early access to sales
"""
E["seller_payout"] += """
my payout was reversed, what does that mean
"""
E["switch_account"] += """
how do I toggle between accounts on the app
"""
