-- Chat conversations with the assistant, and their hand-over to a person.
CREATE TABLE chat_sessions (
    id INTEGER PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    language TEXT NOT NULL,
    person_id INTEGER REFERENCES people (id),
    order_id INTEGER REFERENCES orders (id),
    state TEXT NOT NULL DEFAULT '{}',
    ticket_id INTEGER REFERENCES tickets (id),
    failures INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE TABLE chat_messages (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES chat_sessions (id),
    sender TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX chat_messages_session ON chat_messages (session_id, id);
