# Round three of extra English templates (written by hand for marketdesk).
E = {}
E["track_order"] = """
where's my order at
can you find out where order {order} is
my package is late, where is it right now
I want to know where my parcel is
the tracking link for {order} doesn't show anything
it's been a week since I ordered, has it even shipped
tracking hasn't updated since it left the warehouse
where is my {item}? ordered on monday
can you give me an update on my delivery status
the seller says it's shipped, where can I track it
is my order still processing or has it been sent
track {track} please
how do I find my tracking number
"""
E["account_locked"] = """
I'm locked out of my account
it says my account is locked, what do I do
my account got blocked after I changed my phone
can't sign in, account locked message
please reactivate my blocked account
why was my account deactivated
"""
E["greeting"] = """
hello, is anyone there?
hi, good morning
hey there, anybody around
hello hello
hi I have a question
good morning team
hi there :)
"""
E["contact_customer_service"] = """
how can I get in touch with your support team
what's your customer service email
can I phone you about an order
where do I find your support number
how do I contact marketdesk
is there a number I can call
"""
E["newsletter_subscription"] = """
how do I unsubscribe from your emails
stop sending me newsletters
I want to sign up for the newsletter
too many marketing emails, unsubscribe me
how do I subscribe to your mailing list
"""
E["return_item"] = """
I'd like to send this back, how
I want to return my order, it's not what I expected
return request for {order}
how do I ship a return back to the seller
"""
E["track_refund"] = """
I returned it two weeks ago, where is my money
my refund for {order} hasn't shown up
refund was approved but not received yet
how long has my refund been processing
"""
E["delete_account"] = """
please delete my account and all data
how can I delete my account
"""
E["exchange_item"] = """
can I exchange this for a different size
I want an exchange for order {order}
"""
E["delivery_options"] = """
what are my shipping options
is express delivery available
can I get it shipped with {carrier}
"""
E["account_locked"] += """
how long will my account stay locked
how long does the account suspension last
when will my account be unlocked
"""
E["cancel_order"] = """
I don't want to change it, I want to cancel order {order} completely
cancel the order, don't change anything just cancel
"""
