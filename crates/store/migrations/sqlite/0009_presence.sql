-- Who has a ticket open right now, for collision warnings.
CREATE TABLE ticket_viewers (
    ticket_id INTEGER NOT NULL REFERENCES tickets (id),
    person_id INTEGER NOT NULL REFERENCES people (id),
    seen_at INTEGER NOT NULL,
    PRIMARY KEY (ticket_id, person_id)
);
