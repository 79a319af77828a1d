-- Who has a ticket open right now, for collision warnings.
CREATE TABLE ticket_viewers (
    ticket_id BIGINT NOT NULL REFERENCES tickets (id),
    person_id BIGINT NOT NULL REFERENCES people (id),
    seen_at BIGINT NOT NULL,
    PRIMARY KEY (ticket_id, person_id)
);
