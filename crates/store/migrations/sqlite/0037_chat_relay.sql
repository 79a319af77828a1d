-- An agent's reply relayed into a customer's chat names the ticket message
-- it copies: relayed once, whichever node or socket relays it first.
ALTER TABLE chat_messages ADD COLUMN source_message_id BIGINT;
CREATE UNIQUE INDEX chat_messages_source ON chat_messages (session_id, source_message_id);
