-- Step 1, run against the LEGACY Django database with psql. Writes four CSV files in the current directory.
-- Adjust the table and column names below if your Django app names them differently; keep the output
-- columns (names, order, meaning) exactly as they are.
--   psql "$DJANGO_DATABASE_URL" -f 1-export-from-django.sql

-- users: id, username, display name, avatar URL (NULL if none), date joined (UTC)
\copy (SELECT u.id, u.username, NULLIF(TRIM(u.first_name || ' ' || u.last_name), '') AS name, NULL::varchar AS avatar, u.date_joined AT TIME ZONE 'UTC' AS joined_at FROM auth_user u ORDER BY u.id) TO 'legacy_user.csv' WITH (FORMAT csv, HEADER true)

-- conversations: id, title (NULL if none), creation time (UTC)
\copy (SELECT c.id, NULLIF(c.title, '') AS title, c.created_at AT TIME ZONE 'UTC' AS created_at FROM chat_conversation c ORDER BY c.id) TO 'legacy_conversation.csv' WITH (FORMAT csv, HEADER true)

-- participants: the many-to-many table Django creates for Conversation.participants
\copy (SELECT p.conversation_id, p.user_id FROM chat_conversation_participants p ORDER BY p.conversation_id, p.user_id) TO 'legacy_participant.csv' WITH (FORMAT csv, HEADER true)

-- messages: id, conversation, sender, text, time sent (UTC)
\copy (SELECT m.id, m.conversation_id, m.sender_id, m.content AS body, m.created_at AT TIME ZONE 'UTC' AS created_at FROM chat_message m ORDER BY m.id) TO 'legacy_message.csv' WITH (FORMAT csv, HEADER true)
