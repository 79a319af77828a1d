-- The help center: articles in several languages, feedback, and searches
-- that found nothing (for the knowledge-base team).
CREATE TABLE articles (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    category TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE TABLE article_translations (
    article_id INTEGER NOT NULL REFERENCES articles (id),
    language TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (article_id, language)
);

CREATE TABLE article_feedback (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles (id),
    helpful INTEGER NOT NULL,
    reason TEXT,
    language TEXT NOT NULL,
    created_at INTEGER NOT NULL
);

CREATE TABLE search_misses (
    id INTEGER PRIMARY KEY,
    query TEXT NOT NULL,
    language TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
