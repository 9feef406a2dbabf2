-- Inbox schema, version 1. Portable SQL: runs unchanged on H2 2.x and PostgreSQL 13+.

CREATE TABLE inbox_user (
    id          BIGINT       NOT NULL PRIMARY KEY,  -- the token's numeric subject / Django user id
    username    VARCHAR(150),
    name        VARCHAR(255),
    avatar      VARCHAR(1024),
    created_at  TIMESTAMP    NOT NULL,
    updated_at  TIMESTAMP    NOT NULL
);

CREATE SEQUENCE conversation_seq START WITH 50 INCREMENT BY 50;

CREATE TABLE conversation (
    id               BIGINT       NOT NULL PRIMARY KEY,
    title            VARCHAR(255),
    created_by       BIGINT       NOT NULL REFERENCES inbox_user (id),
    created_at       TIMESTAMP    NOT NULL,
    last_message_id  BIGINT,                         -- newest message, for "most recent activity first"
    last_activity_at TIMESTAMP    NOT NULL
);

CREATE TABLE participant (
    conversation_id      BIGINT    NOT NULL REFERENCES conversation (id),
    user_id              BIGINT    NOT NULL REFERENCES inbox_user (id),
    joined_at            TIMESTAMP NOT NULL,
    last_read_message_id BIGINT    NOT NULL DEFAULT 0,
    PRIMARY KEY (conversation_id, user_id)
);
-- "my conversations": participant rows by user
CREATE INDEX participant_user_idx ON participant (user_id, conversation_id);

-- Message ids are handed out from this one row inside the inserting transaction. The row lock is held
-- until commit, so ids are assigned in commit order across every writer (and every instance): a reader
-- that has seen id N can never later see a newly committed message with an id below N.
CREATE TABLE message_clock (
    id       INT    NOT NULL PRIMARY KEY,
    last_id  BIGINT NOT NULL
);
INSERT INTO message_clock (id, last_id) VALUES (1, 0);

CREATE TABLE message (
    id              BIGINT        NOT NULL PRIMARY KEY,
    conversation_id BIGINT        NOT NULL REFERENCES conversation (id),
    sender_id       BIGINT        NOT NULL REFERENCES inbox_user (id),
    body            VARCHAR(65536) NOT NULL, -- the length limit is configuration (inbox.message.max-length)
    client_id       VARCHAR(64),
    created_at      TIMESTAMP     NOT NULL,
    edited_at       TIMESTAMP,
    deleted_at      TIMESTAMP
);
-- history by conversation and id (after / before cursors, latest page, unread counts)
CREATE INDEX message_conversation_id_idx ON message (conversation_id, id);
-- idempotent retries: one message per sender and client_id (NULL client ids are not constrained)
CREATE UNIQUE INDEX message_sender_client_id_uq ON message (sender_id, client_id);
