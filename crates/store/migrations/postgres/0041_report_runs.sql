-- Each day's values of every measure, sorted and packed, per group
-- (domain value_runs, docs/METRICS.md): a report reads the runs of the days
-- it covers instead of sorting every value behind it. A run's day is the
-- day of the measured instant (first reply, answer, solution, creation).
ALTER TABLE report_tickets ADD COLUMN first_reply_day BIGINT;
CREATE INDEX report_tickets_first_reply_day ON report_tickets (first_reply_day) WHERE first_reply_day IS NOT NULL;
ALTER TABLE report_replies ADD COLUMN day BIGINT NOT NULL DEFAULT 0;
CREATE INDEX report_replies_day ON report_replies (day);

-- dim: 'total' (value ''), channel, team, agent, language, intent or tier.
CREATE TABLE report_runs (
    measure TEXT NOT NULL,
    dim TEXT NOT NULL,
    day BIGINT NOT NULL,
    value TEXT NOT NULL,
    count BIGINT NOT NULL,
    met BIGINT NOT NULL,
    decided BIGINT NOT NULL,
    calendar BYTEA NOT NULL,
    business BYTEA NOT NULL,
    PRIMARY KEY (measure, dim, day, value)
);
CREATE INDEX report_runs_day ON report_runs (day);

-- Every ticket's facts again, with the new days; their days' runs follow.
INSERT INTO report_dirty (ticket_id, marks) SELECT ticket_id, 1 FROM report_tickets WHERE true
    ON CONFLICT (ticket_id) DO UPDATE SET marks = report_dirty.marks + 1;
