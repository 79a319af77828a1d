-- Suggested answers an assistant line offers as buttons (a JSON list):
-- "was this you?", and which of two or three intents was meant.
ALTER TABLE chat_messages ADD COLUMN choices TEXT;
