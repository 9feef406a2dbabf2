-- Step 3, run against the INBOX database, in one transaction, with the server stopped.
-- Portable: PostgreSQL and H2. Keeps every legacy id (users, conversations, messages), so ids that clients
-- cached stay valid. Safe to run again: rows that already exist are skipped.

INSERT INTO inbox_user (id, username, name, avatar, created_at, updated_at)
SELECT u.id, u.username, u.name, u.avatar, COALESCE(u.joined_at, CURRENT_TIMESTAMP), CURRENT_TIMESTAMP
FROM legacy_user u
WHERE NOT EXISTS (SELECT 1 FROM inbox_user x WHERE x.id = u.id);

-- senders or participants missing from the user export become bare users (they take their name at first login)
INSERT INTO inbox_user (id, username, name, avatar, created_at, updated_at)
SELECT DISTINCT ids.id, CAST(NULL AS VARCHAR(150)), CAST(NULL AS VARCHAR(255)), CAST(NULL AS VARCHAR(1024)),
       CURRENT_TIMESTAMP, CURRENT_TIMESTAMP
FROM (SELECT user_id AS id FROM legacy_participant UNION SELECT sender_id AS id FROM legacy_message) ids
WHERE NOT EXISTS (SELECT 1 FROM inbox_user x WHERE x.id = ids.id);

INSERT INTO conversation (id, title, created_by, created_at, last_message_id, last_activity_at)
SELECT c.id, c.title,
       COALESCE((SELECT MIN(m.sender_id) FROM legacy_message m
                 WHERE m.conversation_id = c.id AND m.id = (SELECT MIN(m2.id) FROM legacy_message m2 WHERE m2.conversation_id = c.id)),
                (SELECT MIN(p.user_id) FROM legacy_participant p WHERE p.conversation_id = c.id)),
       c.created_at,
       (SELECT MAX(m.id) FROM legacy_message m WHERE m.conversation_id = c.id),
       COALESCE((SELECT MAX(m.created_at) FROM legacy_message m WHERE m.conversation_id = c.id), c.created_at)
FROM legacy_conversation c
WHERE EXISTS (SELECT 1 FROM legacy_participant p WHERE p.conversation_id = c.id)
  AND NOT EXISTS (SELECT 1 FROM conversation x WHERE x.id = c.id);

-- the legacy backend had no read receipts: imported history counts as read, so nobody starts with
-- thousands of unread messages
INSERT INTO participant (conversation_id, user_id, joined_at, last_read_message_id)
SELECT p.conversation_id, p.user_id, c.created_at,
       COALESCE((SELECT MAX(m.id) FROM legacy_message m WHERE m.conversation_id = p.conversation_id), 0)
FROM legacy_participant p JOIN legacy_conversation c ON c.id = p.conversation_id
WHERE NOT EXISTS (SELECT 1 FROM participant x WHERE x.conversation_id = p.conversation_id AND x.user_id = p.user_id);

INSERT INTO message (id, conversation_id, sender_id, body, client_id, created_at)
SELECT m.id, m.conversation_id, m.sender_id, m.body, CAST(NULL AS VARCHAR(64)), m.created_at
FROM legacy_message m
WHERE EXISTS (SELECT 1 FROM conversation c WHERE c.id = m.conversation_id)
  AND NOT EXISTS (SELECT 1 FROM message x WHERE x.id = m.id);

-- new messages continue after the highest imported id
UPDATE message_clock SET last_id = (SELECT COALESCE(MAX(id), 0) FROM message)
WHERE id = 1 AND last_id < (SELECT COALESCE(MAX(id), 0) FROM message);
