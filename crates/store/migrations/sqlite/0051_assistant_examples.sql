-- Messages labelled by the customers themselves: when the chat was not
-- sure what a message meant, the intent the customer chose from its
-- buttons (docs/ASSISTANT.md, "Asks when unsure"). Read by
-- `marketdesk assistant train --from-tickets` with the tickets agents tagged.
CREATE TABLE assistant_examples (
    id INTEGER PRIMARY KEY,
    text TEXT NOT NULL,
    intent TEXT NOT NULL,
    language TEXT NOT NULL,
    source TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX assistant_examples_recent ON assistant_examples (created_at);
