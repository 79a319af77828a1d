-- Macros that set fields as well as text (the domain's rule actions, as
-- JSON), and a version of the text per language, chosen by the ticket's.
ALTER TABLE macros ADD COLUMN actions TEXT NOT NULL DEFAULT '[]';
CREATE TABLE macro_translations (
    macro_id BIGINT NOT NULL REFERENCES macros (id),
    language TEXT NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (macro_id, language)
);
