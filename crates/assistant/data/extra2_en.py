# Round two of extra English templates (written by hand for marketdesk).
E = {}
E["delete_account"] = """
I want to delete my account permanently
how do I close my marketdesk account for good
please remove my account, I'm not using it
can you delete all my personal data and my account
close my account and unsubscribe me from everything
I no longer want an account with you, delete it
how do I get rid of my account
delete my profile and my shop
I want to cancel my account, not my order
is it possible to delete my account from the app
how long does it take to delete my account
remove me from your platform completely
"""
E["account_locked"] = """
my account has been locked, how do I unlock it
I can't log in, it says my account is temporarily blocked
my account was suspended without any reason
too many wrong passwords and now I'm locked out
it says account disabled when I try to sign in
why is my seller account frozen
you blocked my account, please unlock it
I've been locked out of my account for 2 days
account restricted, can't buy anything
"""
E["set_up_shipping_address"] = """
how do I add a shipping address to my profile
I want to save my new address for future orders
where do I set my default address in settings
can I add a second address to my address book
I can't add an address in my account, it won't save
how to set up my delivery address before I order
add a new address to my account please
how do I change my default address in my profile for next orders
save my work address in my account
"""
E["item_not_received"] = """
my order says delivered but I never got it
it's been a month and my package never arrived
tracking says delivered yesterday but there's nothing at my door
I never received order {order}
the parcel was marked as delivered but I didn't get it
my neighbour doesn't have it either, package never arrived
{carrier} says delivered but I don't have my {item}
still haven't received my item and the delivery date passed weeks ago
never got my order, what now
"""
E["get_invoice"] = """
I didn't receive an invoice with my order, can you send one
there was no receipt in the box, please email me an invoice
never got the invoice for {order}
I need the invoice, it wasn't included in the package
can you resend the invoice, I can't find the email
"""
E["open_dispute"] = """
the seller won't refund me so I want to open a dispute
I never received the item and the seller stopped replying, I'm opening a claim
open a case, seller promised a refund but never sent it
I want to dispute order {order}, the seller won't give my money back
how do I ask marketdesk to step in, the seller is not refunding
the item never came and the seller blocked me, I want a dispute
"""
E["return_item"] = """
how do I send an item back
I'd like to start a return for order {order}
where do I drop off my return
can I get a return label for the {item}
I want to return the {item}, how does it work
send back the {item}, it's not for me
the {item} doesn't fit, I'm returning it
how do I return something I bought from a seller
"""
E["track_order"] = """
any news on my order {order}?
my order hasn't arrived yet, can you check where it is
it says shipped 5 days ago, where is it now
what is the tracking number for my order
is order {order} on the truck yet
why is my package taking so long, where is it
can you check the status of my parcel {track}
has the seller sent my item yet
"""
E["track_refund"] = """
I was told my refund was issued 10 days ago but my bank shows nothing
when will I get the refund for my return
any update on my refund?
has the {amount} refund been sent yet
my refund still says pending
the return was accepted, where's the money
"""
E["check_refund_policy"] = """
what is the time limit for returns
do you accept returns on opened items
am I eligible for a refund after 2 weeks
is return shipping free
"""
E["complaint"] = """
I'm really unhappy with how my refund was handled, terrible service
your refund process is a joke and nobody helps, I want to complain
I'm disgusted with the service I got
I've complained three times already and nothing changes
"""
E["security_concern"] = """
someone is trying to get into my account
I got a security alert I don't understand
I clicked a suspicious link, is my account safe
someone bought things from my account without permission
is my card information safe with you after the data breach
I got a call from someone saying they're from your team asking for my code
"""
E["report_listing"] = """
this listing is a fraud, please take it down
the seller is scamming people with this listing
report this item, it's a fake brand
this listing shows a different product than it sells
"""
E["seller_payout"] = """
when do I get paid for my sales
how do I receive my earnings as a seller
my payout hasn't arrived in my bank
how do I change the bank account for my payouts
"""
E["edit_account"] = """
how do I change my username
I want to update my email on my account
change my phone number in my profile
how do I edit my profile picture
"""
E["unauthorized_charge"] = """
I didn't authorise this payment of {amount}
who charged my card, I never ordered anything
there's a purchase on my card I didn't make
"""
E["wrong_item"] = """
the item in the box isn't what I ordered
I got the wrong size
this isn't the {item} I ordered
you mixed up my order, I got something else
"""
E["exchange_item"] = """
I'd like to exchange the {item} for another size
can you swap this for the {color} one
exchange instead of refund please
"""
E["customs_issue"] = """
my tracking says held at customs
customs is charging me duties
why do I have to pay customs
"""
E["check_cancellation_fee"] = """
is there a fee if I cancel my order
do you charge for cancelling
how much does it cost to cancel
"""
E["delivery_period"] = """
how long until it's delivered
what's the delivery time to {country}
when would it get here if I order today
"""
E["promotion_question"] = """
my discount code isn't working
any promo codes available
coupon not applied
"""
E["cancel_order"] = """
cancel order {order}
I need to cancel my purchase
please cancel, I ordered the wrong thing
"""
