# Reports of listings, users and messages (docs/TRUST.md).
report-subject-listing = listing
report-subject-user = user
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
