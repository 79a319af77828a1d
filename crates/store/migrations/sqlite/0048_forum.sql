-- The community forum (docs/COMMUNITY.md): categories named in each
-- language, threads whose first post is the question, replies, one vote
-- per person and post, an accepted answer, moderators' flags (pinned, scam
-- alert, locked, hidden) and bans.
CREATE TABLE forum_categories (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    -- {"en": "...", "es": "...", "zh": "..."}
    names TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE forum_threads (
    id INTEGER PRIMARY KEY,
    category_id INTEGER NOT NULL REFERENCES forum_categories (id),
    author_id INTEGER NOT NULL REFERENCES people (id),
    title TEXT NOT NULL,
    language TEXT NOT NULL,
    -- Comma-separated, normalized.
    tags TEXT NOT NULL DEFAULT '',
    pinned INTEGER NOT NULL DEFAULT 0,
    scam_alert INTEGER NOT NULL DEFAULT 0,
    locked INTEGER NOT NULL DEFAULT 0,
    hidden INTEGER NOT NULL DEFAULT 0,
    accepted_post_id INTEGER,
    ticket_id INTEGER REFERENCES tickets (id),
    replies INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    last_post_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX forum_threads_listing ON forum_threads (category_id, pinned, last_post_at);
CREATE INDEX forum_threads_recent ON forum_threads (pinned, last_post_at);
CREATE INDEX forum_threads_changed ON forum_threads (updated_at);

CREATE TABLE forum_posts (
    id INTEGER PRIMARY KEY,
    thread_id INTEGER NOT NULL REFERENCES forum_threads (id),
    author_id INTEGER NOT NULL REFERENCES people (id),
    body_text TEXT NOT NULL,
    -- Sanitized like a message's HTML; none for plain text.
    body_html TEXT,
    score INTEGER NOT NULL DEFAULT 0,
    hidden INTEGER NOT NULL DEFAULT 0,
    hidden_reason TEXT,
    hidden_at INTEGER,
    created_at INTEGER NOT NULL
);
CREATE INDEX forum_posts_thread ON forum_posts (thread_id, id);
CREATE INDEX forum_posts_author ON forum_posts (author_id, created_at);

CREATE TABLE forum_votes (
    post_id INTEGER NOT NULL REFERENCES forum_posts (id),
    person_id INTEGER NOT NULL REFERENCES people (id),
    value INTEGER NOT NULL,
    PRIMARY KEY (post_id, person_id)
);

CREATE TABLE forum_bans (
    person_id INTEGER PRIMARY KEY REFERENCES people (id),
    reason TEXT NOT NULL,
    until_at INTEGER,
    banned_by INTEGER REFERENCES people (id),
    created_at INTEGER NOT NULL
);
