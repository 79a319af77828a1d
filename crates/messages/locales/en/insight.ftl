# The reports dashboard (docs/METRICS.md).
reports-title = Reports
reports-own-title = My figures
reports-from = From
reports-to = To
reports-channel = Channel
reports-team = Team
reports-language = Language
reports-intent = Intent
reports-tier = Customer tier
reports-all = All
reports-group-by = Group by
reports-group-team = Team
reports-group-agent = Agent
reports-group-channel = Channel
reports-group-language = Language
reports-group-intent = Intent
reports-group-tier = Tier
reports-group-day = Day
reports-apply = Show
reports-last-7 = Last 7 days
reports-last-week = Last week
reports-last-30 = Last 30 days
reports-last-90 = Last 90 days
reports-everyone = Everyone's figures
reports-mine = My figures
reports-period = { $from } to { $to }, compared with { $previous_from } to { $previous_to } (days in { $zone })
reports-pending = { $count ->
    [one] one ticket is still being counted
   *[other] { $count } tickets are still being counted
}
reports-before = before:
reports-trend = Created and solved per day
reports-backlog-age = Unsolved tickets by age
reports-table-title = By { $group }
reports-csv = Download CSV
reports-definitions = How these figures are computed
reports-created = Created
reports-solved = Solved
reports-first-reply = First reply time
reports-next-reply = Next reply time
reports-resolution = Full resolution time
reports-requester-wait = Requester wait time
reports-first-assignment = Time to first assignment
reports-sla-first-reply = First reply within SLA
reports-sla-resolution = Resolution within SLA
reports-sla-first-reply-missed = First replies past their SLA
reports-sla-resolution-missed = Resolutions past their SLA
reports-one-touch = One-touch resolution
reports-reopened = Reopened
reports-csat = Satisfaction (CSAT)
reports-unsatisfied = Ratings of 3 or less
reports-response-rate = Survey response rate
reports-backlog = Unsolved now
reports-unit-min = min
reports-unit-h = h
reports-unit-d = d
reports-time-detail = p90 { $p90 } · business hours { $business } · { $count } measured
reports-share-detail = { $count } of { $of }
reports-none = (none)
reports-first-reply-by = First reply time (median, hours) by { $group }
reports-this-period = This period
reports-previous-period = Previous period
reports-age-day = Under a day
reports-age-3 = 1–3 days
reports-age-7 = 3–7 days
reports-age-older = Over 7 days
reports-tickets-title = Tickets behind a figure
reports-business = business hours
reports-back = Back to the reports
reports-tickets-count = { $count ->
    [one] One ticket, { $from } to { $to }.
   *[other] { $count } tickets, { $from } to { $to }.
}
reports-ticket = Ticket
reports-subject = Subject
reports-status = Status
reports-created-at = Created
reports-value = Time
reports-def-first-reply = From the ticket's creation to the first public reply by a person of the staff; median and 90th percentile of the first replies made in the period, in calendar and in business hours.
reports-def-next-reply = From a customer's first unanswered message (after the first reply) to the staff's next public reply.
reports-def-resolution = From creation to the last time the ticket was solved, for tickets solved in the period.
reports-def-requester-wait = The time a solved ticket spent new or open (waiting on the team), leaving out pending and on hold.
reports-def-one-touch = Tickets solved in the period with exactly one public reply by the staff, out of all solved.
reports-def-csat = Ratings of 4 or 5 out of all ratings, of the surveys sent in the period; the response rate is answered out of sent.
reports-def-more = Every formula is in docs/METRICS.md. Days are the desk's; a team's business hours are its schedule's.
quality-title = Quality reviews
quality-lead-reviewer = Each week a sample of every agent's solved conversations is drawn for review. Score each on the scorecard; the agent sees your scores and comment.
quality-lead-agent = Your conversations that reviewers scored, with their comments.
quality-pending = To review
quality-done = Reviewed
quality-draw = Draw last week's sample now
quality-drawn = { $count ->
    [0] Last week's sample was drawn already.
    [one] One conversation drawn.
   *[other] { $count } conversations drawn.
}
quality-none-pending = Nothing waits for review.
quality-none-done = No review yet.
quality-agent = Agent
quality-week = Week of
quality-score = Score
quality-reviewer = Reviewer
quality-score-it = Review
quality-scorecard = Scorecard
quality-criteria-edit = Criteria, one per line
quality-criteria-save = Save the scorecard
quality-criteria-saved = The scorecard was saved.
quality-review-title = Review
quality-comment = Comment for the agent (optional)
quality-save-score = Save the review
quality-scored = The review was saved; the agent can read it.
quality-not-scored = Not reviewed yet.
reports-quality = Quality score
reports-reviews-count = { $count ->
    [one] one review
   *[other] { $count } reviews
}
reports-self-service = Resolved by the assistant
reports-self-service-detail = of { $count } chats in the last { $days } days, without a person and without the customer coming back
