-- Step 4 (H2): new conversations get ids above every imported one (see 4-sequence-postgresql.sql).
ALTER SEQUENCE conversation_seq RESTART WITH (SELECT COALESCE(MAX(id), 0) + 50 FROM conversation);
