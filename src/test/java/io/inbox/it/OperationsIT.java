package io.inbox.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inbox.testing.Api;
import io.inbox.testing.Ids;
import io.inbox.testing.TestTokens;
import io.inbox.testing.WsClient;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The server-side publish API ({@code POST /api/publish/}, service group) and the admin API
 * ({@code /api/admin/}, admin group): what each may do, and that nobody else may.
 */
class OperationsIT extends ServerIT {
    private static final String INBOX = "/ws/inbox/";
    private static final String SERVICE = "inbox-service";
    private static final String ADMIN = "inbox-admin";

    private String service() {
        return TestTokens.withGroups(Ids.user(), SERVICE);
    }

    @Test
    void aServiceEventReachesTheConversationsParticipantsOnly() {
        long alice = Ids.user();
        long bob = Ids.user();
        long conversation = api.createConversation(alice, bob);
        try (WsClient a = WsClient.open(base, INBOX, TestTokens.valid(alice));
             WsClient b = WsClient.open(base, "/ws/chat/" + conversation + "/", TestTokens.valid(bob));
             WsClient stranger = WsClient.open(base, INBOX, TestTokens.valid(Ids.user()))) {
            Api.Reply reply = api.post("/api/publish/", service(), "{\"conversation_id\":" + conversation
                    + ",\"event\":{\"type\":\"order_shipped\",\"order\":{\"id\":42},\"conversation_id\":1}}");
            assertEquals(202, reply.status(), reply.raw().body());
            assertEquals(2, reply.json().getInt("recipients"));
            for (WsClient client : List.of(a, b)) {
                JsonObject event = client.next("order_shipped");
                assertEquals(conversation, event.getJsonNumber("conversation_id").longValueExact(),
                        "the payload cannot move the event to another conversation");
                assertEquals(42, event.getJsonObject("order").getInt("id"));
            }
            stranger.expectSilence(300);
        }
    }

    @Test
    void aServiceEventToAUserReachesTheirInboxConnectionsOnly() {
        long carol = Ids.user();
        long dave = Ids.user();
        long conversation = api.createConversation(carol, dave);
        try (WsClient c1 = WsClient.open(base, INBOX, TestTokens.valid(carol));
             WsClient c2 = WsClient.open(base, INBOX, TestTokens.valid(carol));
             WsClient carolsChat = WsClient.open(base, "/ws/chat/" + conversation + "/", TestTokens.valid(carol));
             WsClient d = WsClient.open(base, INBOX, TestTokens.valid(dave))) {
            Api.Reply reply = api.post("/api/publish/", service(),
                    "{\"user_id\":" + carol + ",\"event\":{\"type\":\"notification\",\"text\":\"hi\"}}");
            assertEquals(202, reply.status(), reply.raw().body());
            for (WsClient client : List.of(c1, c2)) {
                JsonObject event = client.next("notification");
                assertEquals("hi", event.getString("text"));
                assertFalse(event.containsKey("conversation_id"));
            }
            carolsChat.expectSilence(300); // a /ws/chat/ connection takes its conversation's frames only
            d.expectSilence(100);
        }
    }

    @Test
    void aMessagePublishedByAServiceIsStoredAndDeliveredLikeAUsersMessage() {
        long erin = Ids.user();
        long frank = Ids.user();
        long conversation = api.createConversation(erin, frank);
        try (WsClient e = WsClient.open(base, INBOX, TestTokens.valid(erin));
             WsClient f = WsClient.open(base, INBOX, TestTokens.valid(frank))) {
            String body = "{\"conversation_id\":" + conversation + ",\"event\":{\"type\":\"TEXT\",\"sender_id\":" + erin
                    + ",\"message\":\"from the billing service\",\"client_id\":\"svc-1\"}}";
            Api.Reply created = api.post("/api/publish/", service(), body);
            assertEquals(201, created.status(), created.raw().body());
            long id = created.json().getJsonNumber("message_id").longValueExact();
            for (WsClient client : List.of(e, f)) {
                JsonObject message = client.next("TEXT");
                assertEquals(id, message.getJsonNumber("message_id").longValueExact());
                assertEquals(erin, message.getJsonNumber("sender_id").longValueExact());
                assertEquals("svc-1", message.getString("client_id"));
            }
            Api.Reply retry = api.post("/api/publish/", service(), body);
            assertEquals(200, retry.status(), "a retry with the same client_id is stored once");
            assertEquals(id, retry.json().getJsonNumber("message_id").longValueExact());
            assertEquals(1, api.allMessages(conversation, TestTokens.valid(frank)).size());
            Api.Reply notAParticipant = api.post("/api/publish/", service(), "{\"conversation_id\":" + conversation
                    + ",\"event\":{\"type\":\"TEXT\",\"sender_id\":" + Ids.user() + ",\"message\":\"x\"}}");
            assertEquals(404, notAParticipant.status());
        }
    }

    @Test
    void publishingIsForServicesOnlyAndRefusesProtocolTypesAndBadBodies() {
        long conversation = api.createConversation(Ids.user(), Ids.user());
        String event = "{\"conversation_id\":" + conversation + ",\"event\":{\"type\":\"x\"}}";
        assertEquals(401, api.post("/api/publish/", null, event).status());
        assertEquals(403, api.post("/api/publish/", TestTokens.valid(Ids.user()), event).status());
        assertEquals(403, api.post("/api/publish/", TestTokens.withGroups(Ids.user(), ADMIN), event).status());
        for (String bad : List.of(
                "{\"conversation_id\":" + conversation + ",\"event\":{\"type\":\"presence\",\"user_id\":1}}",
                "{\"conversation_id\":" + conversation + ",\"event\":{\"type\":\"has space\"}}",
                "{\"event\":{\"type\":\"x\"}}",
                "{\"conversation_id\":1,\"user_id\":2,\"event\":{\"type\":\"x\"}}",
                "{\"conversation_id\":" + conversation + "}",
                "not json")) {
            Api.Reply reply = api.post("/api/publish/", service(), bad);
            assertEquals(400, reply.status(), bad);
            assertTrue(reply.json().containsKey("detail"), bad);
        }
        assertEquals(404, api.post("/api/publish/", service(), "{\"conversation_id\":999999999,\"event\":{\"type\":\"x\"}}").status());
    }

    @Test
    void anAdminListsAndDisconnectsAUsersConnectionsAndNoOneElses() {
        long gina = Ids.user();
        long hank = Ids.user();
        long conversation = api.createConversation(gina, hank);
        String admin = TestTokens.withGroups(Ids.user(), ADMIN);
        try (WsClient inbox = WsClient.open(base, INBOX, TestTokens.valid(gina));
             WsClient chat = WsClient.open(base, "/ws/chat/" + conversation + "/", TestTokens.valid(gina));
             WsClient other = WsClient.open(base, INBOX, TestTokens.valid(hank))) {
            JsonArray listed = api.get("/api/admin/users/" + gina + "/connections/", admin).json().getJsonArray("results");
            assertEquals(2, listed.size());
            List<String> endpoints = listed.getValuesAs(JsonObject.class).stream().map(c -> c.getString("endpoint")).sorted().toList();
            assertEquals(List.of("/ws/chat/" + conversation + "/", "/ws/inbox/"), endpoints);
            for (JsonObject c : listed.getValuesAs(JsonObject.class)) {
                assertFalse(c.getString("connection_id").isBlank());
                assertFalse(c.getString("instance").isBlank());
                assertFalse(c.getString("since").isBlank());
                assertEquals(clientAddress(), c.getString("remote_address"), c.toString());
            }

            JsonObject stats = api.get("/api/admin/stats/", admin).json();
            assertTrue(stats.getInt("connections") >= 3, stats.toString());
            assertTrue(stats.getJsonObject("connections_by_endpoint").getInt("/ws/inbox/") >= 2, stats.toString());
            assertEquals(1, stats.getInt("cluster_members"));

            Api.Reply disconnected = api.post("/api/admin/users/" + gina + "/disconnect/", admin, "");
            assertEquals(202, disconnected.status(), disconnected.raw().body());
            assertEquals(2, disconnected.json().getInt("closed_on_this_instance"));
            for (WsClient closed : List.of(inbox, chat)) {
                WsClient.Closed how = closed.awaitClose();
                assertEquals(4401, how.code());
                assertEquals("disconnected by an administrator", how.reason());
            }
            other.send("{\"type\":\"ping\"}");
            assertEquals("pong", other.next("pong").getString("type"), "nobody else was disconnected");
            assertEquals(0, api.get("/api/admin/users/" + gina + "/connections/", admin).json()
                    .getJsonArray("results").size());
        }
    }

    /** The address the test's connections come from: the server's own host address (the same machine). */
    private String clientAddress() {
        try {
            return java.net.InetAddress.getByName(base.getHost()).getHostAddress();
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theAdminApiIsForAdminsOnly() {
        String user = TestTokens.valid(Ids.user());
        String service = service();
        for (String path : List.of("/api/admin/stats/", "/api/admin/users/1/connections/")) {
            assertEquals(401, api.get(path, null).status(), path);
            assertEquals(403, api.get(path, user).status(), path);
            assertEquals(403, api.get(path, service).status(), path);
        }
        long victim = Ids.user();
        try (WsClient ws = WsClient.open(base, INBOX, TestTokens.valid(victim))) {
            assertEquals(403, api.post("/api/admin/users/" + victim + "/disconnect/", user, "").status());
            ws.send("{\"type\":\"ping\"}");
            assertEquals("pong", ws.next("pong").getString("type"));
        }
    }

    @Test
    @Tag(ServerTags.METRICS_ENDPOINT)
    void metricsMoveAsTrafficFlows() {
        long ivan = Ids.user();
        long judy = Ids.user();
        long conversation = api.createConversation(ivan, judy);
        String before = scrape();
        try (WsClient i = WsClient.open(base, INBOX, TestTokens.valid(ivan));
             WsClient j = WsClient.open(base, INBOX, TestTokens.valid(judy))) {
            assertTrue(sum(scrape(), "inbox_connections_open", "endpoint=\"/ws/inbox/\"") >= 2);
            for (int n = 0; n < 3; n++) {
                i.send("{\"type\":\"TEXT\",\"conversation_id\":" + conversation + ",\"message\":\"m" + n + "\"}");
                j.next("TEXT");
            }
            i.send("{\"type\":\"nonsense\"}");
            assertEquals(4400, i.next("error").getInt("code"));
            j.send("{\"type\":\"sync\",\"last_message_id\":0}");
            j.next("sync_complete");
            String after = scrape();
            assertTrue(delta(before, after, "inbox_messages_persisted_total", "") >= 3, after);
            assertTrue(delta(before, after, "inbox_frames_in_total", "type=\"TEXT\"") >= 3, after);
            assertTrue(delta(before, after, "inbox_frames_in_total", "type=\"invalid\"") >= 1, after);
            assertTrue(delta(before, after, "inbox_frames_out_total", "type=\"TEXT\"") >= 6, "3 messages, 2 receivers each");
            assertTrue(delta(before, after, "inbox_errors_total", "code=\"4400\"") >= 1, after);
            assertTrue(delta(before, after, "inbox_handshakes_total", "outcome=\"accepted\"") >= 2, after);
            assertTrue(delta(before, after, "inbox_sync_replays_total", "") >= 1, after);
            assertTrue(delta(before, after, "inbox_delivery_latency_seconds_count", "") >= 3, after);
            assertTrue(after.contains("inbox_outbox_queued_frames"), after);
        }
        WsClient refused = WsClient.connect(base, INBOX, "not-a-jwt");
        assertEquals(4401, refused.awaitClose().code());
        assertTrue(delta(before, scrape(), "inbox_handshakes_total", "reason=\"4401\"") >= 1);
    }

    @Test
    @Tag(ServerTags.OPENAPI_ENDPOINT)
    void theOpenApiDocumentListsEveryResource() {
        Api.Reply reply = api.getText("/openapi");
        assertEquals(200, reply.status());
        String document = reply.raw().body();
        for (String path : List.of("/api/me/", "/api/conversations/", "/api/conversations/{id}/",
                "/api/conversations/{id}/messages/", "/api/conversations/{id}/read/", "/api/dev/token/", "/api/auth/",
                "/api/publish/", "/api/admin/stats/", "/api/admin/users/{id}/connections/",
                "/api/admin/users/{id}/disconnect/")) {
            assertTrue(document.contains(path + ":"), path + " missing from\n" + document);
        }
    }

    /** This server has a verification key (production): the console asks for a token, never offers dev users. */
    @Test
    void theConsoleAsksForATokenAndOffersNoDevUsersWhenAKeyIsConfigured() throws Exception {
        io.inbox.testing.BrowserTest.Outcome outcome = io.inbox.testing.BrowserTest.run(base.toString(), "--token",
                TestTokens.valid(Ids.user()));
        assertEquals(0, outcome.exitCode(), outcome.output());
        assertTrue(outcome.output().contains("ok - no dev users are offered"), outcome.output());
    }

    @Test
    @Tag(ServerTags.HEALTH_ENDPOINT)
    void readinessReportsEachCondition() {
        Api.Reply ready = api.getText("/health/ready");
        assertEquals(200, ready.status());
        String body = ready.raw().body();
        for (String check : List.of("schema-migrated", "database-reachable", "cluster-reachable", "accepting-connections")) {
            assertTrue(body.contains("\"" + check + "\":true") || body.contains("\"" + check + "\":\"true\""), body);
        }
        assertTrue(body.contains("\"authentication\":\"configured\""), body);
    }

    private String scrape() {
        Api.Reply reply = api.getText("/metrics?scope=application");
        assertEquals(200, reply.status(), reply.raw().body());
        return reply.raw().body();
    }

    private static double delta(String before, String after, String name, String label) {
        return sum(after, name, label) - sum(before, name, label);
    }

    /** The sum of a Prometheus metric's samples whose labels contain {@code label}. */
    private static double sum(String text, String name, String label) {
        double total = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                int space = line.lastIndexOf(' ');
                if (line.substring(0, space).contains(label)) {
                    total += Double.parseDouble(line.substring(space + 1));
                }
            }
        }
        return total;
    }
}
