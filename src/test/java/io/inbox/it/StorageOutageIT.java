package io.inbox.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.inbox.testing.Api;
import io.inbox.testing.PayaraProcess;
import io.inbox.testing.Ports;
import io.inbox.testing.TestTokens;
import io.inbox.testing.WsClient;
import jakarta.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.h2.tools.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database goes away under a running server: readiness goes down, a send gets error 4503 with its
 * client_id and nothing is delivered; once the database is back, readiness comes back and the retry with the same client_id is stored and delivered once.
 * The database is an H2 TCP server in the test JVM, stopped and started again on the same files.
 */
class StorageOutageIT {

    @TempDir
    Path dbDir;

    private Server database(int port) throws Exception {
        return Server.createTcpServer("-tcpPort", Integer.toString(port), "-baseDir", dbDir.toString(), "-ifNotExists")
                .start();
    }

    private static int readiness(PayaraProcess server) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(server.base().resolve("/health/ready"))
                .timeout(java.time.Duration.ofSeconds(10)).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void aSendDuringAnOutageGets4503AndItsRetrySucceedsOnceTheDatabaseIsBack() throws Exception {
        int port = Ports.free(); // outside the ephemeral range: still free when the database comes back on it
        Server database = database(port);
        Path publicKey = Path.of("src/test/resources/keys/TEST-ONLY-it-public.pem").toAbsolutePath();
        try (PayaraProcess server = PayaraProcess.start("storage-outage", Map.of(
                "MP_JWT_VERIFY_PUBLICKEY_LOCATION", publicKey.toString(),
                "MP_JWT_VERIFY_ISSUER", TestTokens.ISSUER,
                "INBOX_DATASOURCE_URL", "jdbc:h2:tcp://localhost:" + port + "/inbox"),
                // the H2 TCP client retries a refused connect for 2 s by default; a real database refuses at once
                List.of("-Dh2.socketConnectTimeout=300"))) {
            Api api = new Api(server.base());
            long conversation = api.createConversation(1, 2);
            try (WsClient alice = WsClient.open(server.base(), "/ws/inbox/", TestTokens.valid(1));
                 WsClient bob = WsClient.open(server.base(), "/ws/inbox/", TestTokens.valid(2))) {
                alice.send("{\"type\":\"TEXT\",\"conversation_id\":" + conversation + ",\"message\":\"before\"}");
                assertEquals("before", bob.next("TEXT").getString("message"));
                alice.next("TEXT");

                assertEquals(200, readiness(server), "ready while the database answers");
                database.stop();
                assertEquals(503, readiness(server), "not ready while the database is unreachable");
                alice.send("{\"type\":\"TEXT\",\"conversation_id\":" + conversation + ",\"message\":\"during\",\"client_id\":\"o-1\"}");
                JsonObject error;
                try {
                    error = alice.next();
                } catch (AssertionError timeout) {
                    throw new AssertionError("no answer during the outage; server threads: " + server.threadDump(), timeout);
                }
                assertEquals("error", error.getString("type"), error.toString());
                assertEquals(4503, error.getInt("code"));
                assertEquals("o-1", error.getString("client_id"));
                assertEquals(conversation, error.getJsonNumber("conversation_id").longValueExact());
                bob.expectSilence(1000);
                assertEquals(503, api.post("/api/conversations/" + conversation + "/messages/", TestTokens.valid(1),
                        "{\"message\":\"rest during\"}").status(), "REST answers 503 too");

                database = database(port);
                assertEquals(200, readiness(server), "ready again once the database is back");
                alice.send("{\"type\":\"TEXT\",\"conversation_id\":" + conversation + ",\"message\":\"during\",\"client_id\":\"o-1\"}");
                JsonObject delivered = bob.next("TEXT");
                assertEquals("during", delivered.getString("message"));
                assertEquals("o-1", alice.next("TEXT").getString("client_id"));
                bob.expectSilence(500);
                JsonObject history = api.get("/api/conversations/" + conversation + "/messages/", TestTokens.valid(2)).json();
                assertEquals(2, history.getJsonArray("results").size(), "before, and the retried message once");
            }
        } finally {
            database.stop();
        }
    }
}
