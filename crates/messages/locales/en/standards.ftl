# Seller standards (docs/DISPUTES.md): standings, measures, notices, strikes.
standing-good = Good
standing-warning = Warning
standing-restricted = Restricted
standing-suspended = Suspended
standards-measure-defect_rate = Defect rate
standards-measure-late_shipment_rate = Late shipment rate
standards-measure-case_response = Time to answer cases (median)
standards-measure-strikes = Strikes
standards-reading-line = { $measure }: { $value } (limit { $limit })
standards-mail-subject = Your seller standing: { $standing }
standards-mail-standing =
    Your seller standing is now: { $standing }.

    { $reasons }

    If you think this is wrong, you can appeal the notice from your standards page.
standards-mail-appeal-subject = Your appeal was decided
standards-mail-appeal-upheld = We looked at your appeal: the notice stands. { $note }
standards-mail-appeal-lifted = We looked at your appeal and lifted the notice: your standing goes back to what it was. { $note }
standards-mail-body =
    Hello { $name },

    { $what }

    Your standing, the figures behind it and your notices:
    { $link }

# Pages.
standards-heading = Seller standards
standards-desk-heading = Seller standards desk
standards-desk-nav = Seller standards
standards-desk-lead = Sellers worst first, appeals of notices to decide, and buyers whose cases keep ending against them.
standards-lead = Your standing comes from your last 90 days of orders and cases, measured against the shop's published limits. A change of standing comes with a notice you can appeal once.
standards-my-standing = My seller standing
standards-sellers-only = Seller standards are for sellers' accounts.
standards-standing = Standing:
standards-assessed = measured
standards-window = Last { $days } days
standards-counts = { $orders } orders, { $defects } defects, { $late } late shipments
standards-measures = Measures
standards-measure = Measure
standards-value = Now
standards-out-of = Out of
standards-level = Level
standards-too-few = too few to say
standards-strikes = Strikes
standards-no-strikes = No strikes.
standards-strike-inactive = no longer counts
standards-withdraw-strike = Withdraw
standards-give-strike = Give a strike
standards-strike-reason = Reason
standards-strike-note = What happened (the seller reads this)
standards-strike-off_platform_payment = Payment asked outside the platform
standards-strike-prohibited_item = Prohibited item listed
standards-strike-misleading_listing = Misleading listing
standards-strike-counterfeit_item = Counterfeit item
standards-strike-abusive_messages = Abusive messages
standards-strike-feedback_manipulation = Feedback manipulation
standards-strike-other = Other
standards-notices = Notices
standards-no-notices = No notices.
standards-from = was
standards-by-appeal = after an appeal
standards-your-appeal = Appeal:
standards-appeal-pending = waiting for a decision
standards-appeal-upheld = upheld
standards-appeal-lifted = lifted
standards-decision-note = Decision:
standards-appeal-label = Why this notice is wrong
standards-appeal-until = until
standards-appeal-button = Appeal
standards-appealed = Your appeal was sent. Someone from the platform will decide it.
standards-decision = Decision
standards-decide-button = Decide the appeal
standards-choose-decision = Choose upheld or lifted.
standards-appeal-decided = The appeal is decided; the seller was told.
standards-choose-reason = Choose the strike's reason.
standards-strike-given = Strike given; the seller's standing was measured again.
standards-strike-withdrawn = Strike withdrawn; the seller's standing was measured again.
standards-all = All
standards-no-sellers = No sellers measured yet.
standards-seller = Seller
standards-why = Past a limit
standards-since = Since
standards-appeals-waiting = Appeals waiting
standards-no-appeals = No appeals waiting.
standards-flagged-buyers = Flagged buyers
standards-flagged-lead = Buyers with several cases decided for the seller: look at their cases before deciding the next one.
standards-no-flagged = No buyers flagged.
standards-buyer = Buyer
standards-cases-opened = Cases opened
standards-cases-lost = Decided for the seller
standards-review-note = What you found
standards-review-button = Mark reviewed
standards-buyer-reviewed = Buyer marked reviewed.
cases-listing-heading = The listing as bought
cases-seller-standing = Seller's standing:
cases-buyer-flagged = Flagged buyer: { $lost } of { $opened } cases decided for the seller.
payout-case-hold = Case #{ $id } on order { $order } holds this order's share until the case ends.
