package io.inbox.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inbox.testing.Api;
import io.inbox.testing.PayaraProcess;
import io.inbox.testing.SqlScript;
import io.inbox.testing.TestTokens;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Upgrading a database of the first schema version in place, and the documented import of legacy Django data
 * (src/main/sql/legacy-import, migration-notes.md), on both databases: staged rows are imported into a
 * version-1 database, then a real server upgrades it, serves the rows, keeps their ids, and continues ids after
 * them. On PostgreSQL the server uses the server-owned pool of payara-config/postgresql-pool.asadmin.
 */
class LegacyImportIT {
    private static final Path SCRIPTS = Path.of("src/main/sql/legacy-import");
    /** Created empty by src/test/postgresql/prepare-database.sh before the integration tests. */
    private static final String POSTGRESQL_DATABASE = System.getProperty("inbox.it.database", "inbox_it") + "_upgrade";
    private static final String POSTGRESQL_URL = "jdbc:postgresql://127.0.0.1:5432/" + POSTGRESQL_DATABASE;

    @TempDir
    Path dataDir;

    @Test
    void h2DatabaseOfVersionOneIsUpgradedAndImportedHistoryIsServed() throws Exception {
        String url = "jdbc:h2:file:" + dataDir.resolve("inbox");
        importLegacyData(url, "inbox", "inbox", "4-sequence-h2.sql");
        try (PayaraProcess server = PayaraProcess.start("legacy-import-h2",
                serverEnvironment(Map.of("INBOX_DATA_DIR", dataDir.toString())))) {
            assertImportedDataIsServed(server);
        }
        assertUpgradedWithOneNewMessage(url, "inbox", "inbox");
    }

    @Test
    void postgresqlDatabaseOfVersionOneIsUpgradedThroughTheServerOwnedPool() throws Exception {
        importLegacyData(POSTGRESQL_URL, "inbox_it", "inbox_it", "4-sequence-postgresql.sql");
        Path driver = Path.of(org.postgresql.Driver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path commands = Path.of("payara-config/postgresql-pool.asadmin").toAbsolutePath();
        try (PayaraProcess server = PayaraProcess.start("legacy-import-postgresql",
                serverEnvironment(Map.of(
                        "INBOX_DB_NAME", POSTGRESQL_DATABASE,
                        "INBOX_DB_USER", "inbox_it",
                        "INBOX_DB_PASSWORD", "inbox_it",
                        // proves the app-defined pool is unused: it would write an H2 file here
                        "INBOX_DATA_DIR", dataDir.toString())),
                List.of(),
                List.of("--addlibs", driver.toString(), "--postbootcommandfile", commands.toString()))) {
            assertImportedDataIsServed(server);
        }
        assertUpgradedWithOneNewMessage(POSTGRESQL_URL, "inbox_it", "inbox_it");
        try (var files = java.nio.file.Files.list(dataDir)) {
            assertEquals(List.of(), files.toList(), "no embedded database was opened");
        }
    }

    /** Step 2 to 4 of migration-notes.md against a database at schema version 1; run twice, the second changes nothing. */
    private static void importLegacyData(String url, String user, String password, String sequenceScript) throws Exception {
        Flyway.configure().dataSource(url, user, password).locations("classpath:db/migration").target("1").load().migrate();
        try (Connection db = DriverManager.getConnection(url, user, password)) {
            SqlScript.run(db, SCRIPTS.resolve("2-staging-tables.sql"));
            try (Statement s = db.createStatement()) {
                // what the CSV export of step 1 holds; user 13 only appears as a participant and sender
                s.execute("INSERT INTO legacy_user VALUES (11, 'ann', 'Ann Smith', NULL, TIMESTAMP '2024-01-01 08:00:00'),"
                        + " (12, 'ben', NULL, 'https://img.example/ben.png', TIMESTAMP '2024-01-02 08:00:00')");
                s.execute("INSERT INTO legacy_conversation VALUES (500, 'Old chat', TIMESTAMP '2024-02-01 10:00:00'),"
                        + " (501, NULL, TIMESTAMP '2024-02-02 10:00:00')");
                s.execute("INSERT INTO legacy_participant VALUES (500, 11), (500, 12), (501, 11), (501, 13)");
                s.execute("INSERT INTO legacy_message VALUES"
                        + " (9001, 500, 11, 'hello ben', TIMESTAMP '2024-02-01 10:01:00.250'),"
                        + " (9002, 500, 12, 'hi ann', TIMESTAMP '2024-02-01 10:02:00'),"
                        + " (9003, 501, 13, 'who am i', TIMESTAMP '2024-02-02 10:03:00'),"
                        + " (9005, 500, 11, 'bye', TIMESTAMP '2024-02-01 10:05:00')");
            }
            for (int run = 0; run < 2; run++) {
                db.setAutoCommit(false);
                SqlScript.run(db, SCRIPTS.resolve("3-import.sql"));
                SqlScript.run(db, SCRIPTS.resolve(sequenceScript));
                db.commit();
                db.setAutoCommit(true);
            }
            assertEquals(4, count(db, "SELECT COUNT(*) FROM message"));
            assertEquals(3, count(db, "SELECT COUNT(*) FROM inbox_user"));
            assertEquals(9005, count(db, "SELECT last_id FROM message_clock"));
        }
    }

    private static Map<String, String> serverEnvironment(Map<String, String> database) {
        Map<String, String> env = new HashMap<>(database);
        env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", Path.of("src/test/resources/keys/TEST-ONLY-it-public.pem").toAbsolutePath().toString());
        env.put("MP_JWT_VERIFY_ISSUER", TestTokens.ISSUER);
        return env;
    }

    private static void assertImportedDataIsServed(PayaraProcess server) throws Exception {
        Api api = new Api(server.base());
        String ben = TestTokens.valid(12);

        JsonArray history = api.get("/api/conversations/500/messages/", ben).json().getJsonArray("results");
        assertEquals(List.of(9001L, 9002L, 9005L), history.stream()
                .map(v -> v.asJsonObject().getJsonNumber("message_id").longValueExact()).toList());
        JsonObject first = history.getJsonObject(0);
        assertEquals("hello ben", first.getString("message"));
        assertEquals("Ann Smith", first.getString("sender_name"));
        assertEquals("2024-02-01T10:01:00.250Z", first.getString("created_at"));

        JsonObject list = api.get("/api/conversations/", ben).json();
        JsonObject old = list.getJsonArray("results").getJsonObject(0);
        assertEquals(500, old.getInt("id"));
        assertEquals("Old chat", old.getString("title"));
        assertEquals(0, old.getInt("unread_count"), "imported history counts as read");
        assertEquals(9005, old.getJsonObject("last_message").getInt("message_id"));

        Api.Reply posted = api.post("/api/conversations/500/messages/", ben, "{\"message\":\"still here\"}");
        assertEquals(201, posted.status());
        assertTrue(posted.json().getJsonNumber("message_id").longValueExact() > 9005, "ids continue after the import");
        long created = api.createConversation(12, 11);
        assertTrue(created > 501, "new conversation ids do not collide with imported ones: " + created);

        assertEquals(404, api.get("/api/conversations/501/", ben).status(), "participants kept as they were");
        Api.Reply bare = api.get("/api/conversations/501/messages/", TestTokens.valid(13));
        assertEquals("who am i", bare.json().getJsonArray("results").getJsonObject(0).getString("message"));
    }

    private static void assertUpgradedWithOneNewMessage(String url, String user, String password) throws Exception {
        try (Connection db = DriverManager.getConnection(url, user, password)) {
            assertEquals(2, count(db, "SELECT MAX(CAST(\"version\" AS INT)) FROM \"flyway_schema_history\""),
                    "upgraded from version 1 to the current schema");
            assertEquals(4 + 1, count(db, "SELECT COUNT(*) FROM message"), "the imported messages and the new one");
        }
    }

    private static long count(Connection db, String sql) throws Exception {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
