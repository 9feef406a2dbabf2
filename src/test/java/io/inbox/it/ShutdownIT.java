package io.inbox.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inbox.testing.AgingServer;
import io.inbox.testing.Api;
import io.inbox.testing.PayaraProcess;
import io.inbox.testing.RawWsClient;
import io.inbox.testing.TestTokens;
import io.inbox.testing.WsClient;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Graceful shutdown (SIGTERM): readiness goes down and new handshakes are refused first, queued messages
 * are delivered, every socket is closed with 1001, all within the grace period. A client that does not
 * read keeps the drain busy until the grace period ends, which makes the draining window observable.
 */
class ShutdownIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dataDir;

    private static int status(URI uri) {
        try {
            return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception refused) {
            return -1;
        }
    }

    /**
     * A fresh server, but with Payara's configuration cache off: every configuration value read during the stop
     * is looked up again, as on a server up for more than a minute (Payara caches values for 60 s, and the
     * cluster config source fails once SIGTERM has stopped Hazelcast). Fails with 1006 if the stop creates beans.
     */
    @Test
    void stopRefusesNewWorkFlushesQueuedMessagesAndClosesEveryoneWith1001() throws Exception {
        Path publicKey = Path.of("src/test/resources/keys/TEST-ONLY-it-public.pem").toAbsolutePath();
        PayaraProcess server = PayaraProcess.start("shutdown", Map.of(
                "MP_JWT_VERIFY_PUBLICKEY_LOCATION", publicKey.toString(),
                "MP_JWT_VERIFY_ISSUER", TestTokens.ISSUER,
                "INBOX_DATA_DIR", dataDir.toString(),
                "INBOX_SHUTDOWN_GRACE_SECONDS", "5"), List.of("-Dmp.config.cache.duration=0"));
        stopWhileStreaming(server);
    }

    /**
     * The way operators meet it: a server up for minutes (started when the test run began, see
     * {@link AgingServer}) with connected clients and messages in flight gets SIGTERM.
     */
    @Test
    void aServerUpForMinutesStillFlushesAndClosesEveryoneWith1001() throws Exception {
        PayaraProcess server = AgingServer.takeWhenAged();
        assertTrue(server.uptime().compareTo(AgingServer.MINIMUM_UPTIME) >= 0, "up for " + server.uptime());
        stopWhileStreaming(server);
    }

    /**
     * Alice streams 200 messages to Bob and Carol (who does not read); the server is stopped after Alice's first
     * acknowledgement: readiness goes down, new handshakes get 503, every acknowledged message reaches Bob
     * before his 1001, within the grace period.
     */
    private static void stopWhileStreaming(PayaraProcess server) throws Exception {
        try (server) {
            Api api = new Api(server.base());
            long conversation = api.createConversation(1, 2, 3);
            URI ready = server.base().resolve("/health/ready");
            assertEquals(200, status(ready), "ready while running");
            try (WsClient alice = WsClient.open(server.base(), "/ws/inbox/", TestTokens.valid(1));
                 WsClient bob = WsClient.open(server.base(), "/ws/inbox/", TestTokens.valid(2));
                 RawWsClient stalled = RawWsClient.connect(server.base(), "/ws/inbox/?token=" + TestTokens.valid(3), Map.of(), 4096)) {
                for (int i = 0; i < 200; i++) {
                    alice.send("{\"type\":\"TEXT\",\"conversation_id\":" + conversation + ",\"message\":\"" + i + " "
                            + "x".repeat(3000) + "\",\"client_id\":\"s-" + i + "\"}");
                }
                Set<String> acknowledged = new HashSet<>();
                acknowledged.add(alice.next("TEXT").getString("client_id")); // the stream is being stored
                CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> {
                    try {
                        server.stop();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                long started = System.nanoTime();

                int readiness = status(ready);
                for (int i = 0; i < 100 && readiness == 200; i++) {
                    Thread.sleep(20); // the poll interval of a bounded, asserted wait
                    readiness = status(ready);
                }
                assertEquals(503, readiness, "readiness reports down while draining");
                assertEquals(503, WsClient.refusedHandshakeStatus(server.base(), "/ws/inbox/?token=" + TestTokens.valid(4),
                        b -> b), "new handshakes are refused while draining");

                WsClient.Closed aliceClosed = alice.awaitClose(30);
                WsClient.Closed bobClosed = bob.awaitClose(30);
                assertEquals(1001, aliceClosed.code(), "alice " + aliceClosed);
                assertEquals(1001, bobClosed.code(), "bob " + bobClosed);
                alice.drain().stream().filter(f -> "TEXT".equals(f.getString("type")))
                        .forEach(f -> acknowledged.add(f.getString("client_id")));
                Set<String> delivered = new HashSet<>();
                for (JsonObject f : bob.drain()) {
                    if ("TEXT".equals(f.getString("type"))) {
                        delivered.add(f.getString("client_id"));
                    }
                }
                assertTrue(acknowledged.size() > 0, "alice's messages were stored before the stop");
                assertTrue(delivered.containsAll(acknowledged),
                        "every acknowledged message reached bob before his 1001: " + acknowledged.size() + " acked, "
                                + delivered.size() + " delivered");
                stopping.get(60, java.util.concurrent.TimeUnit.SECONDS);
                long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
                assertTrue(seconds < 30, "the stop is bounded by the grace period: " + seconds + " s");
            }
        }
    }
}
