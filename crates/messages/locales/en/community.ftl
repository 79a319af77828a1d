# The community forum (docs/COMMUNITY.md).
forum-escalated-from = Taken from the community thread:
nav-community = Community
community-heading = Community
community-lead = Ask other shoppers and sellers, share what worked, and read the shop's warnings about scams going round.
community-search = Search the community
community-all = All topics
community-tagged = Tagged
community-scam-alert = Scam alert
community-empty = No threads here yet. Start one!
community-pinned = Pinned
community-hidden = Hidden
community-locked = Closed
community-answered = Answered
community-replies = { $count ->
    [one] 1 reply
   *[other] { $count } replies
}
community-newer = Newer
community-older = Older
community-new-heading = Start a thread
community-category = Topic
community-title = Title
community-body = Your message
community-tags = Tags
community-tags-hint = separated by commas, e.g. shipping, refund
community-language = Language of the thread
community-language-mine = My language
community-new-rules = Be kind and never share passwords, card numbers or payment links. New members cannot post links (except to the help center) or images for their first days.
community-post = Post
community-sign-in-to-post = Sign in to post in the community.
community-staff = Staff
community-accepted-answer = Accepted answer
community-score = { $score } helpful
community-post-hidden = This post was hidden by a moderator.
community-helpful = Helpful
community-accept = Accept as the answer
community-accepted = The answer is marked.
community-report = Report
community-report-send = Send the report
community-action-hide-post = Hide
community-action-show = Show again
community-action-hide = Hide the thread
community-action-pin = Pin
community-action-unpin = Unpin
community-action-scam_alert = Pin as a scam alert
community-action-lock = Close to replies
community-action-unlock = Reopen
community-action-move = Move
community-ban = Ban from posting
community-ban-reason = Reason
community-ban-days = For how many days (empty: for good)
community-ban-days-invalid = The number of days must be a whole number.
community-banned = The person may no longer post.
community-ban-lifted = The ban was lifted.
community-ban-forever = for good
community-ban-lift = Lift the ban
community-related-articles = Help articles on this
community-reply = Reply
community-escalate = Get private help with my order
community-escalate-lead = If this concerns one of your orders, support can take it to a private conversation; the thread closes and nobody else sees your order.
community-order-number = Order number (if any)
community-escalated = Support has your question privately as { $ticket }; you will find it under My requests.
community-taken-private = This question continues privately with support ({ $ticket }).
community-moderate = Moderate
community-moderated = Done.
community-queue-nav = Community
community-queue-heading = Community moderation
community-queue-lead = Reported posts (most severe first), posts hidden lately and the bans in force. Taking a reported post down hides it and tells the reporters.
community-queue-reported = Reported posts
community-queue-empty = Nothing reported.
community-queue-hidden = Hidden posts
community-queue-bans = Bans
community-report-count = { $count ->
    [one] 1 report
   *[other] { $count } reports
}
community-takedown-post = Take down
