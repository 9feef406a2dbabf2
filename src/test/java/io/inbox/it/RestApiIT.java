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
import jakarta.json.JsonValue;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The REST API (PROTOCOL section 5) on a real Payara Micro. */
class RestApiIT extends ServerIT {


    private List<Long> post(long conversation, long sender, int count) {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Api.Reply reply = api.post("/api/conversations/" + conversation + "/messages/", TestTokens.valid(sender),
                    "{\"message\":\"m" + i + "\"}");
            assertEquals(201, reply.status(), reply.raw().body());
            ids.add(reply.json().getJsonNumber("message_id").longValueExact());
        }
        return ids;
    }

    private static List<Long> ids(JsonArray results) {
        return results.stream().map(v -> v.asJsonObject().getJsonNumber("message_id").longValueExact()).toList();
    }

    @Test
    void createIncludesTheCallerAndAnswers201WithTheConversation() {
        long alice = Ids.user();
        long bob = Ids.user();
        Api.Reply reply = api.post("/api/conversations/", TestTokens.valid(alice),
                "{\"participant_ids\":[" + bob + "],\"title\":\"Lunch\"}");
        assertEquals(201, reply.status());
        JsonObject c = reply.json();
        assertTrue(c.getJsonNumber("id").longValueExact() > 0);
        assertEquals("Lunch", c.getString("title"));
        assertEquals(List.of(alice, bob), c.getJsonArray("participant_ids").getValuesAs(v -> ((jakarta.json.JsonNumber) v).longValueExact()));
    }

    @Test
    void conversationsNameTheirParticipantsAndABareOneOnceSignedIn() {
        long alice = Ids.user();
        long bob = Ids.user();
        String aliceToken = TestTokens.valid(alice, "Alice", "https://img.example/a.png");
        Api.Reply created = api.post("/api/conversations/", aliceToken, "{\"participant_ids\":[" + bob + "]}");
        assertEquals(201, created.status(), created.raw().body());
        JsonArray before = created.json().getJsonArray("participants");
        assertEquals(2, before.size(), created.raw().body());
        assertEquals(alice, before.getJsonObject(0).getJsonNumber("id").longValueExact());
        assertEquals("Alice", before.getJsonObject(0).getString("name"));
        assertEquals("https://img.example/a.png", before.getJsonObject(0).getString("avatar"));
        assertEquals(bob, before.getJsonObject(1).getJsonNumber("id").longValueExact());
        assertTrue(before.getJsonObject(1).isNull("name"), "a bare participant has no name yet: " + before);
        long conversation = created.json().getJsonNumber("id").longValueExact();

        assertEquals(200, api.get("/api/me/", TestTokens.valid(bob, "Bob", null)).status());
        JsonObject one = api.get("/api/conversations/" + conversation + "/", aliceToken).json();
        assertEquals("Bob", one.getJsonArray("participants").getJsonObject(1).getString("name"), one.toString());
        JsonObject listed = api.get("/api/conversations/", aliceToken).json().getJsonArray("results").stream()
                .map(JsonValue::asJsonObject).filter(c -> c.getJsonNumber("id").longValueExact() == conversation)
                .findFirst().orElseThrow();
        assertEquals(List.of("Alice", "Bob"), listed.getJsonArray("participants").stream()
                .map(p -> p.asJsonObject().getString("name")).toList(), listed.toString());
        assertEquals(List.of(alice, bob), listed.getJsonArray("participant_ids")
                .getValuesAs(v -> ((jakarta.json.JsonNumber) v).longValueExact()), "participant_ids is unchanged");
    }

    @Test
    void createRefusesBadBodiesWith400AndADetail() {
        String token = TestTokens.valid(Ids.user());
        for (String body : new String[] {"not json", "[]", "{}", "{\"participant_ids\":\"2\"}",
                "{\"participant_ids\":[\"2\"]}", "{\"participant_ids\":[-3]}", "{\"participant_ids\":[2],\"title\":5}"}) {
            Api.Reply reply = api.post("/api/conversations/", token, body);
            assertEquals(400, reply.status(), body);
            assertFalse(reply.json().getString("detail").isBlank(), body);
        }
    }

    @Test
    void aConversationTheCallerIsNotInLooksExactlyLikeOneThatDoesNotExist() {
        long alice = Ids.user();
        long conversation = api.createConversation(alice, Ids.user());
        String stranger = TestTokens.valid(Ids.user());
        Api.Reply foreign = api.get("/api/conversations/" + conversation + "/", stranger);
        Api.Reply missing = api.get("/api/conversations/999999999/", stranger);
        assertEquals(404, foreign.status());
        assertEquals(404, missing.status());
        assertEquals(missing.raw().body(), foreign.raw().body());
        assertEquals(404, api.get("/api/conversations/" + conversation + "/messages/", stranger).status());
        assertEquals(404, api.post("/api/conversations/" + conversation + "/messages/", stranger, "{\"message\":\"x\"}").status());
        assertEquals(200, api.get("/api/conversations/" + conversation + "/", TestTokens.valid(alice)).status());
    }

    @Test
    void historyPagesBackwardsWithBeforeAndForwardsWithAfter() {
        long alice = Ids.user();
        long conversation = api.createConversation(alice, Ids.user());
        List<Long> all = post(conversation, alice, 7);
        String token = TestTokens.valid(alice);
        String path = "/api/conversations/" + conversation + "/messages/";

        JsonObject latest = api.get(path + "?limit=3", token).json();
        assertEquals(all.subList(4, 7), ids(latest.getJsonArray("results")), "the latest 3, oldest first");
        String next = latest.getString("next");
        assertTrue(next.contains("before=" + all.get(4)), next);

        JsonObject older = api.get(URI.create(next).getRawPath() + "?" + URI.create(next).getRawQuery(), token).json();
        assertEquals(all.subList(1, 4), ids(older.getJsonArray("results")));
        JsonObject oldest = api.get(path + "?before=" + all.get(1) + "&limit=3", token).json();
        assertEquals(all.subList(0, 1), ids(oldest.getJsonArray("results")));
        assertEquals(JsonValue.NULL, oldest.get("next"));

        JsonObject after = api.get(path + "?after=" + all.get(1) + "&limit=2", token).json();
        assertEquals(all.subList(2, 4), ids(after.getJsonArray("results")));
        assertTrue(after.getString("next").contains("after=" + all.get(3)));
        JsonObject end = api.get(path + "?after=" + all.get(6), token).json();
        assertEquals(0, end.getJsonArray("results").size());
        assertEquals(JsonValue.NULL, end.get("next"));

        JsonObject everything = api.get(path, token).json();
        assertEquals(all, ids(everything.getJsonArray("results")), "default limit 50 holds all 7");
    }

    @Test
    void historyRefusesBadCursorsWith400() {
        long alice = Ids.user();
        long conversation = api.createConversation(alice, Ids.user());
        String path = "/api/conversations/" + conversation + "/messages/";
        for (String query : new String[] {"?after=1&before=5", "?limit=abc", "?limit=0", "?after=-1", "?before=x"}) {
            assertEquals(400, api.get(path + query, TestTokens.valid(alice)).status(), query);
        }
    }

    @Test
    void postedMessageIsDeliveredOverWebSocketsLikeOneSentThere() {
        long alice = Ids.user();
        long bob = Ids.user();
        long conversation = api.createConversation(alice, bob);
        try (WsClient a = WsClient.open(base, "/ws/inbox/", TestTokens.valid(alice));
             WsClient b = WsClient.open(base, "/ws/inbox/", TestTokens.valid(bob))) {
            Api.Reply reply = api.post("/api/conversations/" + conversation + "/messages/", TestTokens.valid(alice),
                    "{\"message\":\"from rest\",\"client_id\":\"r-1\"}");
            assertEquals(201, reply.status());
            JsonObject stored = reply.json();
            assertEquals("TEXT", stored.getString("type"));
            assertEquals("r-1", stored.getString("client_id"));

            assertEquals(stored, b.next("TEXT"));
            assertEquals(stored, a.next("TEXT"), "the sender's sockets get the echo too");

            Api.Reply retry = api.post("/api/conversations/" + conversation + "/messages/", TestTokens.valid(alice),
                    "{\"message\":\"from rest\",\"client_id\":\"r-1\"}");
            assertEquals(200, retry.status(), "a retry answers the stored message");
            assertEquals(stored.getJsonNumber("message_id"), retry.json().getJsonNumber("message_id"));
            b.expectSilence(500);
        }
    }

    @Test
    void postRefusesAnEmptyOrMissingMessageWith400() {
        long alice = Ids.user();
        long conversation = api.createConversation(alice, Ids.user());
        for (String body : new String[] {"{\"message\":\"\"}", "{}", "{\"message\":3}", "{\"message\":\"x\",\"client_id\":4}"}) {
            assertEquals(400, api.post("/api/conversations/" + conversation + "/messages/", TestTokens.valid(alice), body).status(), body);
        }
    }

    @Test
    void listShowsMostRecentActivityFirstWithLastMessageAndUnreadCount() {
        long alice = Ids.user();
        long bob = Ids.user();
        long first = api.createConversation(alice, bob);
        long second = api.createConversation(alice, bob);
        long quiet = api.createConversation(bob, alice);
        post(second, bob, 2);
        post(first, bob, 3);
        post(first, alice, 1);

        JsonObject list = api.get("/api/conversations/", TestTokens.valid(alice)).json();
        JsonArray results = list.getJsonArray("results");
        assertEquals(3, results.size());
        assertEquals(List.of(first, second, quiet), results.stream()
                .map(v -> v.asJsonObject().getJsonNumber("id").longValueExact()).toList());
        JsonObject top = results.getJsonObject(0);
        assertEquals(3, top.getInt("unread_count"), "bob's 3 messages; alice's own does not count");
        assertEquals("m0", top.getJsonObject("last_message").getString("message"));
        assertEquals(alice, top.getJsonObject("last_message").getJsonNumber("sender_id").longValueExact());
        assertEquals(2, results.getJsonObject(1).getInt("unread_count"));
        assertEquals(JsonValue.NULL, results.getJsonObject(2).get("last_message"));
        assertEquals(0, results.getJsonObject(2).getInt("unread_count"));
        assertEquals(JsonValue.NULL, list.get("next"));

        JsonObject page = api.get("/api/conversations/?limit=2", TestTokens.valid(alice)).json();
        assertEquals(2, page.getJsonArray("results").size());
        assertTrue(page.getString("next").contains("offset=2"));
    }

    @Test
    void unknownPathsAnswer404WithADetail() {
        Api.Reply reply = api.get("/api/nothing-here/", TestTokens.valid(Ids.user()));
        assertEquals(404, reply.status());
        assertEquals("Not found.", reply.json().getString("detail"));
    }
}
