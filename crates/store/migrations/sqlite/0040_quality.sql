-- Quality reviews (docs/METRICS.md, "Quality"): the scorecard's criteria,
-- the conversations drawn each week per agent, the reviewers' ratings.
CREATE TABLE quality_criteria (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    position INTEGER NOT NULL,
    active INTEGER NOT NULL,
    created_at INTEGER NOT NULL
);
INSERT INTO quality_criteria (name, position, active, created_at) VALUES
    ('Greeting', 1, 1, 0),
    ('Correct solution', 2, 1, 0),
    ('Policy followed', 3, 1, 0),
    ('Tone', 4, 1, 0);

-- One row per week drawn: the first node to insert it draws the sample.
CREATE TABLE quality_weeks (
    week_start TEXT PRIMARY KEY,
    drawn_at INTEGER NOT NULL
);

CREATE TABLE quality_reviews (
    id INTEGER PRIMARY KEY,
    ticket_id INTEGER NOT NULL UNIQUE REFERENCES tickets (id),
    agent_id INTEGER NOT NULL REFERENCES people (id),
    week_start TEXT NOT NULL,
    reviewer_id INTEGER REFERENCES people (id),
    score_percent INTEGER,
    comment TEXT,
    created_at INTEGER NOT NULL,
    reviewed_at INTEGER
);
CREATE INDEX quality_reviews_agent ON quality_reviews (agent_id, id);
CREATE INDEX quality_reviews_pending ON quality_reviews (reviewed_at, id);

CREATE TABLE quality_ratings (
    review_id INTEGER NOT NULL REFERENCES quality_reviews (id),
    criterion_id INTEGER NOT NULL REFERENCES quality_criteria (id),
    rating INTEGER NOT NULL,
    PRIMARY KEY (review_id, criterion_id)
);
