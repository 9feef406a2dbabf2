-- Query plans of the hot queries on a generated data set, for docs/query-plans.md.
-- Run against an EMPTY database that the server (Flyway) has migrated:
--   psql -h 127.0.0.1 -U postgres -d inbox_explain -f src/test/postgresql/explain-hot-queries.sql
-- Data: 20,000 users; 100,000 two-person conversations with 9 messages each (900,000 messages); one group
-- of 100 (users 1..100) with 100,000 messages: 1,000,000 messages in all. User 1 is in 10 two-person
-- conversations and the group, and has read nothing of the group.
\timing off
SET client_min_messages = warning;

INSERT INTO inbox_user (id, username, name, created_at, updated_at)
SELECT g, 'user' || g, 'User ' || g, now(), now() FROM generate_series(1, 20000) g;

INSERT INTO conversation (id, title, created_by, created_at, last_activity_at)
SELECT g, NULL, 1 + (g % 20000), now() - interval '30 days', now() - interval '30 days'
FROM generate_series(1, 100001) g;

INSERT INTO participant (conversation_id, user_id, joined_at, last_read_message_id)
SELECT g, 1 + (g % 20000), now(), 0 FROM generate_series(1, 100000) g
UNION ALL
SELECT g, 1 + ((g + 10000) % 20000), now(), 0 FROM generate_series(1, 100000) g
UNION ALL
SELECT 100001, u, now(), 0 FROM generate_series(1, 100) u;

INSERT INTO message (id, conversation_id, sender_id, body, client_id, created_at)
SELECT g, 1 + (g % 100000), CASE WHEN g % 2 = 0 THEN 1 + ((1 + g % 100000) % 20000) ELSE 1 + ((1 + g % 100000 + 10000) % 20000) END,
       'message ' || g, 'c-' || g, now() - interval '30 days' + g * interval '1 second'
FROM generate_series(1, 900000) g;

INSERT INTO message (id, conversation_id, sender_id, body, client_id, created_at)
SELECT 900000 + g, 100001, 1 + (g % 100), 'group message ' || g, 'g-' || g, now() - interval '1 day' + g * interval '1 second'
FROM generate_series(1, 100000) g;

UPDATE conversation c SET last_message_id = m.last_id, last_activity_at = m.last_at
FROM (SELECT conversation_id, max(id) AS last_id, max(created_at) AS last_at FROM message GROUP BY conversation_id) m
WHERE m.conversation_id = c.id;
UPDATE participant SET last_read_message_id = 899000 WHERE conversation_id <> 100001;
UPDATE message_clock SET last_id = 1000000;
SELECT setval('conversation_seq', 100050);
VACUUM ANALYZE;

\echo '### 1. history: the latest page of the group (GET .../messages/)'
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
SELECT * FROM message WHERE conversation_id = 100001 AND id < 9223372036854775807 AND deleted_at IS NULL ORDER BY id DESC LIMIT 51;

\echo '### 2. history: the page after a cursor (GET .../messages/?after=)'
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
SELECT * FROM message WHERE conversation_id = 100001 AND id > 950000 AND deleted_at IS NULL ORDER BY id ASC LIMIT 51;

\echo '### 3. conversation list of user 1, most recent activity first (GET /api/conversations/)'
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
SELECT c.* FROM conversation c JOIN participant p ON p.conversation_id = c.id
WHERE p.user_id = 1 ORDER BY c.last_activity_at DESC, c.id DESC LIMIT 51;

\echo '### 4. unread counts of user 1 (100,000 unread in the group)'
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
SELECT m.conversation_id, count(m.id) FROM message m JOIN participant p ON m.conversation_id = p.conversation_id
WHERE p.user_id = 1 AND p.conversation_id IN (SELECT conversation_id FROM participant WHERE user_id = 1)
  AND m.id > p.last_read_message_id AND m.sender_id <> 1 AND m.deleted_at IS NULL
GROUP BY m.conversation_id;

\echo '### 5. sync: user 1''s messages after a cursor, all conversations'
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
SELECT m.* FROM message m JOIN participant p ON m.conversation_id = p.conversation_id
WHERE p.user_id = 1 AND m.id > 990000 AND m.id <= 1000000 AND m.deleted_at IS NULL ORDER BY m.id ASC LIMIT 200;

\echo '### 6. idempotent retry: is this client_id of this sender stored?'
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
SELECT * FROM message WHERE sender_id = 1 AND client_id IN ('g-100', 'g-200');

\echo '### 7. presence: users who share a conversation with user 1'
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
SELECT DISTINCT other.user_id FROM participant mine JOIN participant other ON other.conversation_id = mine.conversation_id
WHERE mine.user_id = 1 AND other.user_id <> 1 ORDER BY other.user_id;
