package io.inbox.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inbox.testing.Api;
import io.inbox.testing.ConnectGapProbe;
import io.inbox.testing.PayaraProcess;
import io.inbox.testing.TestTokens;
import io.inbox.testing.WsClient;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Three Payara Micro instances on loopback, one PostgreSQL database, TCP/IP discovery on the embedded
 * Hazelcast grid (no multicast): delivery, presence and the connection limit across instances, and what
 * happens when one instance is killed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {
    private static final String TEXT = "TEXT";
    private static final List<PayaraProcess> INSTANCES = new ArrayList<>();
    private static URI a;
    private static URI b;
    private static URI c;

    @BeforeAll
    static void startThreeInstances() throws Exception {
        int[] gridPorts = {freePort(), freePort(), freePort()};
        String members = java.util.Arrays.stream(gridPorts).mapToObj(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
        String clusterName = "inbox-it-" + ProcessHandle.current().pid();
        Map<String, String> env = new HashMap<>();
        env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", Path.of("src/test/resources/keys/TEST-ONLY-it-public.pem").toAbsolutePath().toString());
        env.put("MP_JWT_VERIFY_ISSUER", TestTokens.ISSUER);
        env.put("INBOX_DATASOURCE_CLASS_NAME", "org.postgresql.ds.PGSimpleDataSource");
        env.put("INBOX_DATASOURCE_URL", "jdbc:postgresql://127.0.0.1:5432/"
                + System.getProperty("inbox.it.database", "inbox_it") + "_cluster");
        env.put("INBOX_DATASOURCE_USER", "inbox_it");
        env.put("INBOX_DATASOURCE_PASSWORD", "inbox_it");
        env.put("INBOX_CLUSTER_ENABLED", "true");
        env.put("INBOX_PRESENCE_OFFLINE_GRACE_SECONDS", "1");
        env.put("INBOX_CONNECTION_MAX_PER_USER", "2");
        List<CompletableFuture<PayaraProcess>> starting = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int port = gridPorts[i];
            String name = "cluster-" + (char) ('a' + i);
            starting.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return PayaraProcess.start(name, env,
                            // a killed member is declared dead after a few seconds instead of Hazelcast's 60
                            List.of("-Dhazelcast.max.no.heartbeat.seconds=5", "-Dhazelcast.heartbeat.interval.seconds=1"),
                            List.of("--clustermode", "tcpip:" + members, "--interfaces", "127.0.0.1",
                                    "--startport", Integer.toString(port), "--clustername", clusterName));
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (CompletableFuture<PayaraProcess> instance : starting) {
            INSTANCES.add(instance.join());
        }
        a = INSTANCES.get(0).base();
        b = INSTANCES.get(1).base();
        c = INSTANCES.get(2).base();
        for (PayaraProcess instance : INSTANCES) {
            awaitLog(instance, "cluster of 3 members", 60);
        }
    }

    @AfterAll
    static void stop() throws InterruptedException {
        for (PayaraProcess instance : INSTANCES) {
            instance.close();
        }
    }

    @Test
    @Order(1)
    void messagesAndSignalsReachEveryConnectionOnEveryInstanceOnceAndInOrder() throws Exception {
        long alice = 101;
        long bob = 102;
        long carol = 103;
        try (WsClient aliceOnA = WsClient.open(a, "/ws/inbox/", TestTokens.valid(alice));
             WsClient aliceOnB = WsClient.open(b, "/ws/inbox/", TestTokens.valid(alice));
             WsClient bobOnC = WsClient.open(c, "/ws/inbox/", TestTokens.valid(bob));
             WsClient carolOnB = WsClient.open(b, "/ws/inbox/", TestTokens.valid(carol));
             WsClient strangerOnC = WsClient.open(c, "/ws/inbox/", TestTokens.valid(199))) {
            List<WsClient> everyone = List.of(aliceOnA, aliceOnB, bobOnC, carolOnB);
            long conversation = new Api(a).createConversation(alice, bob, carol);
            for (WsClient client : everyone) {
                JsonObject created = client.next("conversation_created");
                assertEquals(conversation, created.getJsonObject("conversation").getJsonNumber("id").longValueExact());
            }

            // three senders on three instances at once: every connection gets the merged stream in id order
            int perSender = 60;
            List<Thread> senders = new ArrayList<>();
            for (WsClient sender : List.of(aliceOnA, bobOnC, carolOnB)) {
                Thread thread = new Thread(() -> {
                    for (int i = 0; i < perSender; i++) {
                        sender.send("{\"type\":\"TEXT\",\"conversation_id\":" + conversation + ",\"message\":\"m" + i
                                + "\",\"client_id\":\"c-" + i + "\"}");
                    }
                });
                senders.add(thread);
                thread.start();
            }
            for (Thread thread : senders) {
                thread.join(30_000);
            }
            List<Long> history = ids(new Api(b).allMessages(conversation, TestTokens.valid(bob)));
            for (int wait = 0; wait < 100 && history.size() < 3 * perSender; wait++) {
                Thread.sleep(100); // sending is asynchronous: the last messages may still be on their way to the database
                history = ids(new Api(b).allMessages(conversation, TestTokens.valid(bob)));
            }
            assertEquals(3 * perSender, history.size());
            for (WsClient client : everyone) {
                List<Long> received = new ArrayList<>();
                while (received.size() < history.size()) {
                    received.add(client.next(TEXT).getJsonNumber("message_id").longValueExact());
                }
                assertEquals(history, received, "every message once, in id order, on every instance");
            }

            carolOnB.send("{\"type\":\"typing\",\"conversation_id\":" + conversation + ",\"is_typing\":true}");
            for (WsClient client : List.of(aliceOnA, aliceOnB, bobOnC)) {
                JsonObject typing = client.next("typing");
                assertEquals(carol, typing.getJsonNumber("user_id").longValueExact());
                assertTrue(typing.getBoolean("is_typing"));
            }

            long last = history.get(history.size() - 1);
            bobOnC.send("{\"type\":\"read\",\"conversation_id\":" + conversation + ",\"message_id\":" + last + "}");
            for (WsClient client : everyone) {
                JsonObject read = client.next("read");
                assertEquals(bob, read.getJsonNumber("user_id").longValueExact());
                assertEquals(last, read.getJsonNumber("message_id").longValueExact());
            }

            JsonObject first = new Api(a).allMessages(conversation, TestTokens.valid(alice)).stream()
                    .filter(m -> m.getJsonNumber("sender_id").longValueExact() == alice).findFirst().orElseThrow();
            long alicesMessage = first.getJsonNumber("message_id").longValueExact();
            aliceOnA.send("{\"type\":\"edit\",\"message_id\":" + alicesMessage + ",\"message\":\"edited\"}");
            for (WsClient client : everyone) {
                JsonObject updated = client.next("message_updated");
                assertEquals(alicesMessage, updated.getJsonNumber("message_id").longValueExact());
                assertEquals("edited", updated.getString("message"));
            }
            aliceOnB.send("{\"type\":\"delete\",\"message_id\":" + alicesMessage + "}");
            for (WsClient client : everyone) {
                assertEquals(alicesMessage, client.next("message_deleted").getJsonNumber("message_id").longValueExact());
            }
            // the stranger on C, on the same instance as bob, got none of it
            strangerOnC.expectSilence(500);
        }
    }

    @Test
    @Order(2)
    void aUserWithTabsOnTwoInstancesIsOnlineUntilTheLastCloses() throws Exception {
        long dave = 201;
        long erin = 202;
        new Api(a).createConversation(dave, erin);
        WsClient daveOnA = WsClient.open(a, "/ws/inbox/", TestTokens.valid(dave));
        try (WsClient erinOnC = WsClient.openWithPresence(c, "/ws/inbox/", TestTokens.valid(erin))) {
            JsonObject list = erinOnC.next("presence_list");
            JsonObject daveSeen = list.getJsonArray("users").getValuesAs(JsonObject.class).stream()
                    .filter(u -> u.getJsonNumber("user_id").longValueExact() == dave).findFirst().orElseThrow();
            assertEquals("online", daveSeen.getString("status"), "presence_list on C knows dave's tab on A");

            WsClient daveOnB = WsClient.open(b, "/ws/inbox/", TestTokens.valid(dave));
            daveOnA.close();
            erinOnC.expectSilence(2500); // longer than the 1 s grace: the tab on B keeps dave online
            daveOnB.close();
            JsonObject offline = erinOnC.next(f -> "presence".equals(f.getString("type"))
                    && f.getJsonNumber("user_id").longValueExact() == dave);
            assertEquals("offline", offline.getString("status"));
            assertFalse(offline.isNull("last_seen_at"));

            try (WsClient back = WsClient.open(b, "/ws/inbox/", TestTokens.valid(dave))) {
                JsonObject online = erinOnC.next(f -> "presence".equals(f.getString("type"))
                        && f.getJsonNumber("user_id").longValueExact() == dave);
                assertEquals("online", online.getString("status"));
            }
        }
    }

    @Test
    @Order(3)
    void theConnectionLimitCountsConnectionsOnEveryInstance() throws Exception {
        long frank = 301; // inbox.connection.max-per-user is 2 in this cluster
        try (WsClient onA = WsClient.open(a, "/ws/inbox/", TestTokens.valid(frank));
             WsClient onB = WsClient.open(b, "/ws/inbox/", TestTokens.valid(frank))) {
            WsClient third = WsClient.connect(c, "/ws/inbox/", TestTokens.valid(frank));
            assertEquals(4429, third.awaitClose().code());
            onA.close();
            Thread.sleep(500);
            try (WsClient again = WsClient.open(c, "/ws/inbox/", TestTokens.valid(frank))) {
                again.send("{\"type\":\"ping\"}");
                assertEquals("pong", again.next("pong").getString("type"));
            }
            assertTrue(onB.isOpen());
        }
    }

    /** No gap at connect across instances: the receivers connect to B the instant before A's sender speaks. */
    @Test
    @Order(4)
    void everyFrameRaisedAfterThe101ReachesASocketOnAnotherInstanceThanTheSenders() {
        long[] senders = {120, 121};
        long[] receivers = {122, 123, 124, 125};
        long conversation = new Api(a).createConversation(senders[0], senders[1], receivers[0], receivers[1], receivers[2],
                receivers[3]);
        int rounds = 100;
        List<String> misses = new ArrayList<>();
        for (int i = 0; i < senders.length; i++) { // one sender per endpoint: neither reaches the frame rate limit
            try (WsClient senderOnA = WsClient.open(a, "/ws/inbox/", TestTokens.valid(senders[i]))) {
                misses.addAll(new ConnectGapProbe(senderOnA, senders[i], b, conversation, receivers)
                        .run(i == 0 ? "cluster-inbox" : "cluster-chat", rounds, i == 1));
            }
        }
        assertEquals(List.of(), misses, misses.size() + " of " + 2 * rounds + " rounds missed frames");
    }

    @Test
    @Order(5)
    void operatorsAndServicesReachEveryInstance() throws Exception {
        long kate = 501;
        long liam = 502;
        long conversation = new Api(a).createConversation(kate, liam);
        String admin = TestTokens.withGroups(590, "inbox-admin");
        try (WsClient kateOnA = WsClient.open(a, "/ws/inbox/", TestTokens.valid(kate));
             WsClient kateOnB = WsClient.open(b, "/ws/inbox/", TestTokens.valid(kate));
             WsClient liamOnC = WsClient.open(c, "/ws/inbox/", TestTokens.valid(liam))) {
            // a service publishes on C: the participants' connections on A, B and C get the event
            Api.Reply published = new Api(c).post("/api/publish/", TestTokens.withGroups(591, "inbox-service"),
                    "{\"conversation_id\":" + conversation + ",\"event\":{\"type\":\"invoice_paid\",\"amount\":12}}");
            assertEquals(202, published.status(), published.raw().body());
            for (WsClient client : List.of(kateOnA, kateOnB, liamOnC)) {
                assertEquals(12, client.next("invoice_paid").getInt("amount"));
            }

            // an admin asks C about kate, whose connections are on A and B
            List<JsonObject> listed = new Api(c).get("/api/admin/users/" + kate + "/connections/", admin).json()
                    .getJsonArray("results").getValuesAs(JsonObject.class);
            assertEquals(2, listed.size(), listed.toString());
            assertEquals(2, listed.stream().map(l -> l.getString("instance")).distinct().count(), "two instances");

            // and disconnects her from C: both of her sockets close, liam's stays
            assertEquals(202, new Api(c).post("/api/admin/users/" + kate + "/disconnect/", admin, "").status());
            assertEquals(4401, kateOnA.awaitClose().code());
            assertEquals(4401, kateOnB.awaitClose().code());
            liamOnC.send("{\"type\":\"ping\"}");
            assertEquals("pong", liamOnC.next("pong").getString("type"));
        }
    }

    @Test
    @Order(6)
    void aKilledInstanceTakesItsPresenceWithItAndItsClientsRecoverOnAnother() throws Exception {
        long gina = 401;
        long hank = 402;
        long ivan = 403;
        long conversation = new Api(a).createConversation(gina, hank, ivan);
        WsClient ginaOnA = WsClient.openWithPresence(a, "/ws/inbox/", TestTokens.valid(gina));
        WsClient ivanOnB = WsClient.open(b, "/ws/inbox/", TestTokens.valid(ivan));
        WsClient hankOnC = WsClient.open(c, "/ws/inbox/", TestTokens.valid(hank));
        assertEquals("online", ginaOnA.next(f -> "presence".equals(f.getString("type"))
                && f.getJsonNumber("user_id").longValueExact() == hank).getString("status"));

        // hank streams from C; C is killed under the stream
        AtomicBoolean streaming = new AtomicBoolean(true);
        AtomicInteger count = new AtomicInteger();
        Thread stream = new Thread(() -> {
            try {
                while (streaming.get()) {
                    int n = count.getAndIncrement();
                    hankOnC.send("{\"type\":\"TEXT\",\"conversation_id\":" + conversation + ",\"message\":\"h" + n
                            + "\",\"client_id\":\"h-" + n + "\"}");
                    if (n % 10 == 0) {
                        Thread.sleep(5);
                    }
                }
            } catch (InterruptedException | RuntimeException | AssertionError instanceGone) {
                // the instance was killed under the stream: that is the point
            }
        });
        stream.start();
        List<Long> hankReceived = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            hankReceived.add(hankOnC.next(TEXT).getJsonNumber("message_id").longValueExact());
        }
        INSTANCES.get(2).kill();
        streaming.set(false);
        stream.join(10_000);
        Thread.sleep(300);
        hankOnC.drain().stream().filter(f -> TEXT.equals(f.getString("type", null)))
                .forEach(f -> hankReceived.add(f.getJsonNumber("message_id").longValueExact()));

        // C's users go offline without C's help: the oldest remaining member cleans up after it
        List<JsonObject> ginaFrames = new ArrayList<>();
        JsonObject offline = collectUntil(ginaOnA, ginaFrames, f -> "presence".equals(f.getString("type"))
                && f.getJsonNumber("user_id").longValueExact() == hank, 30);
        assertEquals("offline", offline.getString("status"));

        // while hank is away, ivan writes on B
        for (int i = 0; i < 5; i++) {
            ivanOnB.send("{\"type\":\"TEXT\",\"conversation_id\":" + conversation + ",\"message\":\"while away " + i
                    + "\",\"client_id\":\"i-" + i + "\"}");
        }
        List<JsonObject> stored = new Api(a).allMessages(conversation, TestTokens.valid(gina));
        for (int wait = 0; wait < 50 && stored.stream().filter(m -> m.getString("message").startsWith("while away")).count() < 5; wait++) {
            Thread.sleep(100);
            stored = new Api(a).allMessages(conversation, TestTokens.valid(gina));
        }
        List<Long> history = ids(stored);
        assertTrue(history.size() >= 55, "history: " + history.size());

        // everything C committed reached the connections on A and B exactly once, in order, even messages C
        // committed but never published (repaired from the database)
        Map<WsClient, List<JsonObject>> taken = Map.of(ginaOnA, ginaFrames, ivanOnB, List.of());
        for (WsClient survivor : List.of(ginaOnA, ivanOnB)) {
            List<Long> received = new ArrayList<>(taken.get(survivor).stream()
                    .filter(f -> TEXT.equals(f.getString("type", null)))
                    .map(f -> f.getJsonNumber("message_id").longValueExact()).toList());
            while (received.size() < history.size()) {
                received.add(survivor.next(f -> TEXT.equals(f.getString("type", null)), 10)
                        .getJsonNumber("message_id").longValueExact());
            }
            assertEquals(history, received);
            survivor.expectSilence(300);
        }

        // hank reconnects to A and syncs from the last message he saw: nothing is lost, nothing doubled
        long cursor = hankReceived.stream().mapToLong(Long::longValue).max().orElseThrow();
        try (WsClient hankOnA = WsClient.open(a, "/ws/inbox/", TestTokens.valid(hank))) {
            hankOnA.send("{\"type\":\"sync\",\"last_message_id\":" + cursor + "}");
            List<Long> replayed = new ArrayList<>();
            while (true) {
                JsonObject frame = hankOnA.next(f -> TEXT.equals(f.getString("type", null))
                        || "sync_complete".equals(f.getString("type", null)));
                if ("sync_complete".equals(frame.getString("type"))) {
                    break;
                }
                replayed.add(frame.getJsonNumber("message_id").longValueExact());
            }
            List<Long> seen = new ArrayList<>(hankReceived.stream().distinct().sorted().toList());
            seen.addAll(replayed);
            assertEquals(history, seen, "received before the kill + synced after = history");
        } finally {
            ginaOnA.close();
            ivanOnB.close();
            hankOnC.close();
        }
    }

    /** Takes frames until one matches, keeping every frame taken (the waits must not lose messages). */
    private static JsonObject collectUntil(WsClient client, List<JsonObject> taken,
                                           java.util.function.Predicate<JsonObject> wanted, long seconds) {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (true) {
            long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000_000L);
            JsonObject frame = client.next(f -> true, left);
            taken.add(frame);
            if (wanted.test(frame)) {
                return frame;
            }
        }
    }

    private static List<Long> ids(List<JsonObject> messages) {
        return messages.stream().map(m -> m.getJsonNumber("message_id").longValueExact()).toList();
    }

    private static void awaitLog(PayaraProcess instance, String text, int seconds) throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (Files.readString(instance.log()).contains(text)) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no '" + text + "' in " + instance.log() + " within " + seconds + " s");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
