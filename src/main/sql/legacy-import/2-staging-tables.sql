-- Step 2, run against the INBOX database (after the server created its schema once, or after Flyway ran):
-- staging tables with the shape of the exported CSV files. Portable: PostgreSQL and H2.
CREATE TABLE legacy_user (
    id        BIGINT PRIMARY KEY,
    username  VARCHAR(150),
    name      VARCHAR(255),
    avatar    VARCHAR(1024),
    joined_at TIMESTAMP
);
CREATE TABLE legacy_conversation (
    id         BIGINT PRIMARY KEY,
    title      VARCHAR(255),
    created_at TIMESTAMP NOT NULL
);
CREATE TABLE legacy_participant (
    conversation_id BIGINT NOT NULL,
    user_id         BIGINT NOT NULL,
    PRIMARY KEY (conversation_id, user_id)
);
CREATE TABLE legacy_message (
    id              BIGINT PRIMARY KEY,
    conversation_id BIGINT NOT NULL,
    sender_id       BIGINT NOT NULL,
    body            VARCHAR(65536) NOT NULL,
    created_at      TIMESTAMP NOT NULL
);
-- PostgreSQL: load the CSV files with
--   \copy legacy_user FROM 'legacy_user.csv' WITH (FORMAT csv, HEADER true)
--   \copy legacy_conversation FROM 'legacy_conversation.csv' WITH (FORMAT csv, HEADER true)
--   \copy legacy_participant FROM 'legacy_participant.csv' WITH (FORMAT csv, HEADER true)
--   \copy legacy_message FROM 'legacy_message.csv' WITH (FORMAT csv, HEADER true)
-- H2: INSERT INTO legacy_user SELECT * FROM CSVREAD('legacy_user.csv'); (and so on for each table)
