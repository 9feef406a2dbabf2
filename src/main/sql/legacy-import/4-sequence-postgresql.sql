-- Step 4 (PostgreSQL): new conversations get ids above every imported one. The server takes ids from
-- conversation_seq in blocks of 50, so the sequence is set one block past the highest id.
SELECT setval('conversation_seq', (SELECT COALESCE(MAX(id), 0) + 50 FROM conversation));
