package io.inbox.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inbox.testing.Api;
import io.inbox.testing.PayaraProcess;
import io.inbox.testing.TestTokens;
import io.inbox.testing.WsClient;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded database is a file under the data directory: messages written before a restart are in
 * history after it. Also shows the newcomer's path (dev mode when asked for with {@code INBOX_DEV_MODE=true}, dev
 * tokens that survive a restart because the dev key pair is kept in the data directory) and that configuring a key
 * by environment variable, without the switch, serves with that key only.
 */
class RestartIT {

    @TempDir
    Path dataDir;

    @Test
    void messagesWrittenBeforeARestartAreInHistoryAfterIt() throws Exception {
        long alice = 101;
        long bob = 102;
        long conversation;
        List<Long> sent = new ArrayList<>();
        String aliceDevToken;

        Map<String, String> devMode = Map.of("INBOX_DATA_DIR", dataDir.toString(), "INBOX_DEV_MODE", "true");
        try (PayaraProcess devServer = PayaraProcess.start("dev", devMode)) {
            Api api = new Api(devServer.base());
            String aliceToken = devToken(api, alice, "Alice");
            aliceDevToken = aliceToken;
            String bobToken = devToken(api, bob, "Bob");
            Api.Reply created = api.post("/api/conversations/", aliceToken, "{\"participant_ids\":[" + bob + "]}");
            assertEquals(201, created.status());
            conversation = created.json().getJsonNumber("id").longValueExact();
            try (WsClient a = WsClient.open(devServer.base(), "/ws/inbox/", aliceToken);
                 WsClient b = WsClient.open(devServer.base(), "/ws/inbox/", bobToken)) {
                for (int i = 0; i < 5; i++) {
                    a.send("{\"type\":\"TEXT\",\"conversation_id\":" + conversation + ",\"message\":\"before restart " + i + "\"}");
                    sent.add(b.next("TEXT").getJsonNumber("message_id").longValueExact());
                }
            }
            try (WsClient refused = WsClient.connect(devServer.base(), "/ws/inbox/", aliceToken + "x")) {
                assertEquals(4401, refused.awaitClose().code());
            }
            devServer.stop();
            String log = Files.readString(devServer.log());
            assertTrue(log.contains("DEV MODE"), "dev mode is logged clearly");
            assertTrue(log.indexOf("DEV MODE") < log.indexOf(") ready in "), "at startup, before the first request");
            assertFalse(log.contains(signature(aliceToken)), "tokens never appear in logs");
            assertFalse(log.contains(signature(bobToken)), "tokens never appear in logs");
        }
        try (Stream<Path> files = Files.list(dataDir)) {
            assertTrue(files.anyMatch(p -> p.getFileName().toString().startsWith("inbox")), "H2 file in the data directory");
        }
        Path devKey = dataDir.resolve("dev-signing-key.json");
        assertTrue(Files.isRegularFile(devKey), "the dev key pair is kept in the data directory");
        if (Files.getFileStore(devKey).supportsFileAttributeView("posix")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(devKey)));
        }

        try (PayaraProcess devAgain = PayaraProcess.start("dev-again", devMode)) {
            Api api = new Api(devAgain.base());
            Api.Reply me = api.get("/api/me/", aliceDevToken);
            assertEquals(200, me.status(), "a dev token minted before the restart is accepted after it: " + me.raw().body());
            assertEquals(alice, me.json().getJsonNumber("id").longValueExact());
            try (WsClient a = WsClient.open(devAgain.base(), "/ws/inbox/", aliceDevToken)) {
                a.send("{\"type\":\"ping\"}");
                assertEquals("pong", a.next("pong").getString("type"));
            }
        }

        Path publicKey = Path.of("src/test/resources/keys/TEST-ONLY-it-public.pem").toAbsolutePath();
        Map<String, String> env = Map.of(
                "INBOX_DATA_DIR", dataDir.toString(),
                "MP_JWT_VERIFY_PUBLICKEY_LOCATION", publicKey.toUri().toString(),
                "MP_JWT_VERIFY_ISSUER", TestTokens.ISSUER);
        try (PayaraProcess server = PayaraProcess.start("restarted", env)) {
            assertNoErrorFromTheApplicationWhileStarting(server.startupAnswers());
            Api api = new Api(server.base());
            Api.Reply history = api.get("/api/conversations/" + conversation + "/messages/", TestTokens.valid(bob));
            assertEquals(200, history.status(), history.raw().body());
            List<Long> ids = history.json().getJsonArray("results").stream()
                    .map(v -> v.asJsonObject().getJsonNumber("message_id").longValueExact()).toList();
            assertEquals(sent, ids);
            JsonObject first = history.json().getJsonArray("results").getJsonObject(0);
            assertEquals("before restart 0", first.getString("message"));
            assertEquals("Alice", first.getString("sender_name"));

            try (WsClient b = WsClient.openWithPresence(server.base(), "/ws/inbox/", TestTokens.valid(bob))) {
                JsonObject alicePresence = b.next("presence_list").getJsonArray("users").getJsonObject(0);
                assertEquals(alice, alicePresence.getJsonNumber("user_id").longValueExact());
                assertEquals("offline", alicePresence.getString("status"));
                assertTrue(alicePresence.getString("last_seen_at").endsWith("Z"), "last seen survives the restart");
            }
            assertEquals(404, api.get("/api/dev/token/?user_id=1", null).status(), "dev mode is off once a key is configured");
            assertEquals(401, api.get("/api/me/", aliceDevToken).status(), "the old dev key is not trusted");
            assertFalse(Files.readString(server.log()).contains("DEV MODE"));
        }
    }

    /**
     * From the port's opening until {@code /api/me/} answers 401, never a 500 from the application: before its first
     * answer only the server's own (no connection; 404 from its default module before the deployment; while the web
     * context replaces that module, a 503 page and empty 500s, for which no application code runs: docs/operations.md),
     * after it only the application's (503 {@code {"detail": ...}} while not started, then 401).
     */
    private static void assertNoErrorFromTheApplicationWhileStarting(List<PayaraProcess.StartupAnswer> answers) {
        String seen = answers.toString();
        assertEquals(401, answers.get(answers.size() - 1).status(), seen);
        boolean applicationAnswered = false;
        for (PayaraProcess.StartupAnswer answer : answers) {
            boolean fromTheApplication = answer.status() == 401
                    || answer.status() == 503 && answer.body().startsWith("{\"detail\"");
            if (fromTheApplication) {
                applicationAnswered = true;
                continue;
            }
            assertFalse(applicationAnswered, "the application answered, then the server alone: " + seen);
            switch (answer.status()) {
                case 0, 404, 503 -> { }
                case 500 -> assertEquals("", answer.body(), "a 500 with a body: " + seen);
                default -> throw new AssertionError("unexpected status " + answer.status() + ": " + seen);
            }
        }
    }

    private static String signature(String token) {
        return token.substring(token.lastIndexOf('.') + 1);
    }

    private static String devToken(Api api, long userId, String name) {
        Api.Reply reply = api.get("/api/dev/token/?user_id=" + userId + "&name=" + name, null);
        assertEquals(200, reply.status(), reply.raw().body());
        return reply.json().getString("token");
    }
}
