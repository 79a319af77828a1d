# Reports of listings, users and messages (docs/TRUST.md).
report-subject-listing = listing
report-subject-user = user
report-subject-post = forum post
report-subject-message = message
report-outcome-takedown = We took it down.
report-outcome-warning = We warned the person responsible; it stays up for now.
report-outcome-dismiss = We looked and found nothing against our rules.
report-mail-subject = Your report of a { $what }: { $reference }
report-mail-body =
    Thank you for your report of the { $what } "{ $reference }".

    { $outcome }

    Reports like yours keep the marketplace safe.
report-heading = Report a problem
report-lead = Tell us about a listing, a user or a message that breaks the rules: counterfeits, prohibited items, stolen photos, requests to pay outside the marketplace, phishing links. We review every report and tell you the outcome.
report-what = What are you reporting?
report-reference = Which one (the listing's address, the user's name, the message's reference)
report-reason = Why
report-details = What is wrong
report-message-text = The message as you received it (for a message)
report-email = Your email, for the outcome
report-send = Send the report
report-sent = Thank you: your report reached the moderators. We mail you the outcome.
report-already = You had reported this already: your report counts once.
report-bad-reason = Choose a reason that fits what you report.
report-reason-counterfeit = Counterfeit
report-reason-prohibited = Prohibited item
report-reason-misleading = Misleading description or photos
report-reason-stolen_photos = Stolen photos
report-reason-off_platform_payment = Asks to pay outside the marketplace
report-reason-phishing = Phishing link
report-reason-harassment = Harassment
report-reason-spam = Spam
report-reason-other = Something else
moderation-heading = Moderation
moderation-lead = Reports of listings, users and messages: the most severe first, then the most reported.
moderation-none = Nothing waits for a decision.
moderation-severity = Severity
moderation-reports = Reports
moderation-decide = Decide
moderation-decision-takedown = Take down
moderation-decision-warning = Warn
moderation-decision-dismiss = Dismiss
moderation-note = Note (for the record)
moderation-decided = Decided; the platform and the reporters were told.
moderation-recent = Recent decisions
privacy-heading = My data
privacy-lead = Everything this shop's support holds about you: download it, or ask us to erase it. We answer within 30 days.
privacy-export-heading = Download my data
privacy-export-lead = Your profile, orders, conversations, chats, cases, reports and ratings, as one JSON file. Ready at once; the download works for 7 days.
privacy-export-button = Prepare my download
privacy-export-ready = Your data is ready: download it below within 7 days.
privacy-erasure-heading = Erase my data
privacy-erasure-lead = We remove your name, email, phone and what you wrote to us. Orders, payments and refunds stay, without your words: the law asks the shop to keep its accounts.
privacy-erasure-confirm = I understand that this cannot be undone
privacy-erasure-button = Ask for erasure
privacy-confirm-needed = Tick the box to confirm the erasure.
privacy-erasure-asked = We received your erasure request and will carry it out within 30 days.
privacy-already-pending = A request of this kind is already pending.
privacy-your-requests = Your requests
privacy-kind-export = Download
privacy-kind-erasure = Erasure
privacy-status-pending = Pending
privacy-status-done = Done
privacy-due = due
privacy-download = Download
privacy-until = until
privacy-queue-heading = Privacy requests
privacy-queue-nav = Privacy
privacy-queue-lead = Erasures to carry out, the nearest deadline first. Erasing removes personal data from tickets, messages, attachments, chats, cases and search; orders, payments and refunds are kept for accounting.
privacy-queue-none = No request waits.
privacy-erase-button = Carry out the erasure
privacy-erased = Erased; the platform was told to erase its copy.
signal-new_country = a sign-in from a new country
signal-new_device = a sign-in from a new device
signal-email_changed = your email address was changed
signal-phone_changed = your phone number was changed
signal-password_changed = your password was changed
signal-payout_changed = your payout details were changed
signal-mail-subject = Was this you?
signal-mail-body =
    Hello { $name },

    We noticed { $what } on your account ({ $detail }, { $when }).

    Was this you? Tell us here — if it was not, we lock the account at once to keep it safe:
    { $link }
signal-heading = Was this you?
signal-question = We noticed { $what } on your account: { $detail } ({ $when }).
signal-yes = Yes, it was me
signal-no = No, it was not me
signal-thanks-yes = Thank you: nothing changes.
signal-thanks-no = We locked your account to keep it safe and opened an urgent request: someone will contact you to check it is you and give it back.
signal-answered = This question was answered already.
signal-expired = This link is unknown or has expired.
signal-ticket-subject = Security: activity the customer did not recognise
signal-ticket-body =
    The customer answered "it was not me" to account activity. The account is locked; verify their identity (Workspace → Identity checks) before giving it back.

    { $signals }
signal-frozen-subject = We locked your account to keep it safe
signal-frozen-body =
    Hello { $name },

    You told us you did not recognise activity on your account, so we locked it. Someone from our team will contact you to check it is you and give it back. Never share your password or codes with anyone, us included.
identity-heading = Identity checks
identity-lead = Accounts locked after activity their owners did not recognise, and customers asking for a risky change. Ask questions only the owner can answer from their orders; an uploaded document is deleted once looked at. Two different steps answered right, one about the orders, pass.
identity-none = No identity check waits.
identity-step = Step
identity-step-past_order = A past order's number and total
identity-step-delivery_postcode = The postal code an order went to
identity-step-payment_card = The last four digits of a payment card
identity-step-document_seen = An identity document seen (not kept)
identity-answer-right = Answered right
identity-answer-wrong = Answered wrong
identity-record = Record the step
identity-passes = The steps so far pass the check.
identity-give-back = Passed: give the account back
identity-keep-locked = Failed: keep it locked
identity-decided = The identity check is decided.
chat-signal-question = We noticed { $what } on your account: { $detail } ({ $when }). Was this you?
chat-signal-again = Please answer with one of the buttons: was it you?
