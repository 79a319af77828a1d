-- Reports (docs/METRICS.md) answer from data kept for them, not from a scan
-- of every ticket: each ticket's changes as events (written by triggers, so
-- no writer can forget them), each ticket's facts recomputed whole when it
-- changes (marked in report_dirty by triggers, worked off by a job), the
-- answers that ended a customer's wait, and daily counts per dimension.
CREATE TABLE ticket_events (
    id INTEGER PRIMARY KEY,
    ticket_id INTEGER NOT NULL,
    field TEXT NOT NULL,
    old_value TEXT,
    new_value TEXT,
    at INTEGER NOT NULL
);
CREATE INDEX ticket_events_ticket ON ticket_events (ticket_id, id);

-- Status changes recorded before this table existed.
INSERT INTO ticket_events (ticket_id, field, old_value, new_value, at)
SELECT ticket_id, 'status', old_value, new_value, created_at FROM audit_log
WHERE field = 'status' AND ticket_id IS NOT NULL AND old_value IS NOT NULL AND new_value IS NOT NULL
ORDER BY id;

CREATE TABLE report_dirty (
    ticket_id INTEGER PRIMARY KEY,
    marks INTEGER NOT NULL
);
INSERT INTO report_dirty (ticket_id, marks) SELECT id, 1 FROM tickets;

CREATE TABLE report_tickets (
    ticket_id INTEGER PRIMARY KEY,
    channel TEXT NOT NULL,
    team_id INTEGER NOT NULL,
    assignee_id INTEGER NOT NULL,
    language TEXT NOT NULL,
    intent TEXT NOT NULL,
    tier TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    created_day INTEGER NOT NULL,
    first_reply_at INTEGER,
    first_reply_ms INTEGER,
    first_reply_bh_ms INTEGER,
    first_reply_met INTEGER,
    assignment_ms INTEGER,
    solved_at INTEGER,
    solved_day INTEGER,
    resolution_ms INTEGER,
    resolution_bh_ms INTEGER,
    resolution_met INTEGER,
    wait_ms INTEGER,
    wait_bh_ms INTEGER,
    reopens INTEGER NOT NULL,
    agent_replies INTEGER NOT NULL
);
CREATE INDEX report_tickets_created ON report_tickets (created_at);
CREATE INDEX report_tickets_created_day ON report_tickets (created_day);
CREATE INDEX report_tickets_first_reply ON report_tickets (first_reply_at) WHERE first_reply_at IS NOT NULL;
CREATE INDEX report_tickets_solved ON report_tickets (solved_at) WHERE solved_at IS NOT NULL;
CREATE INDEX report_tickets_solved_day ON report_tickets (solved_day) WHERE solved_day IS NOT NULL;
CREATE INDEX report_tickets_status ON report_tickets (status, created_at);

CREATE TABLE report_replies (
    ticket_id INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    agent_id INTEGER NOT NULL,
    replied_at INTEGER NOT NULL,
    wait_ms INTEGER NOT NULL,
    wait_bh_ms INTEGER NOT NULL,
    met INTEGER NOT NULL,
    PRIMARY KEY (ticket_id, seq)
);
CREATE INDEX report_replies_at ON report_replies (replied_at);

-- Dimensions without a value are 0 or '' (a unique key treats NULLs as
-- all different).
CREATE TABLE report_daily (
    day INTEGER NOT NULL,
    channel TEXT NOT NULL,
    team_id INTEGER NOT NULL,
    assignee_id INTEGER NOT NULL,
    language TEXT NOT NULL,
    intent TEXT NOT NULL,
    tier TEXT NOT NULL,
    created INTEGER NOT NULL,
    solved INTEGER NOT NULL,
    one_touch INTEGER NOT NULL,
    reopened INTEGER NOT NULL,
    PRIMARY KEY (day, channel, team_id, assignee_id, language, intent, tier)
);

CREATE TRIGGER tickets_report_insert AFTER INSERT ON tickets BEGIN
    INSERT INTO report_dirty (ticket_id, marks) VALUES (NEW.id, 1)
        ON CONFLICT (ticket_id) DO UPDATE SET marks = report_dirty.marks + 1;
    INSERT INTO ticket_events (ticket_id, field, old_value, new_value, at)
        SELECT NEW.id, 'assignee', NULL, NEW.assignee_id, NEW.created_at WHERE NEW.assignee_id IS NOT NULL;
END;
CREATE TRIGGER tickets_report_update AFTER UPDATE ON tickets BEGIN
    INSERT INTO report_dirty (ticket_id, marks) VALUES (NEW.id, 1)
        ON CONFLICT (ticket_id) DO UPDATE SET marks = report_dirty.marks + 1;
END;
CREATE TRIGGER tickets_status_event AFTER UPDATE OF status ON tickets
WHEN OLD.status <> NEW.status BEGIN
    INSERT INTO ticket_events (ticket_id, field, old_value, new_value, at)
        VALUES (NEW.id, 'status', OLD.status, NEW.status, NEW.updated_at);
END;
CREATE TRIGGER tickets_assignee_event AFTER UPDATE OF assignee_id ON tickets
WHEN OLD.assignee_id IS NOT NEW.assignee_id BEGIN
    INSERT INTO ticket_events (ticket_id, field, old_value, new_value, at)
        VALUES (NEW.id, 'assignee', OLD.assignee_id, NEW.assignee_id, NEW.updated_at);
END;
CREATE TRIGGER messages_report AFTER INSERT ON messages BEGIN
    INSERT INTO report_dirty (ticket_id, marks) VALUES (NEW.ticket_id, 1)
        ON CONFLICT (ticket_id) DO UPDATE SET marks = report_dirty.marks + 1;
END;
CREATE TRIGGER surveys_report_insert AFTER INSERT ON surveys BEGIN
    INSERT INTO report_dirty (ticket_id, marks) VALUES (NEW.ticket_id, 1)
        ON CONFLICT (ticket_id) DO UPDATE SET marks = report_dirty.marks + 1;
END;
CREATE TRIGGER surveys_report_update AFTER UPDATE ON surveys BEGIN
    INSERT INTO report_dirty (ticket_id, marks) VALUES (NEW.ticket_id, 1)
        ON CONFLICT (ticket_id) DO UPDATE SET marks = report_dirty.marks + 1;
END;
