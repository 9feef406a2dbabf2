package io.inbox.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inbox.testing.Api;
import io.inbox.testing.Ids;
import io.inbox.testing.TestTokens;
import io.inbox.testing.WsClient;
import jakarta.json.JsonObject;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Handshake and REST authentication against a server configured with the TEST-ONLY public key and
 * issuer: every kind of bad token is refused (4401 after accept; 401 on REST) and sees nothing.
 */
class AuthenticationIT extends ServerIT {
    private static final String INBOX = "/ws/inbox/";


    /** A bad token of each kind, named for the report. */
    record BadToken(String kind, String token, String reason) {
    }

    private static Stream<BadToken> badTokens(long userId, long otherUserId) {
        return Stream.of(
                new BadToken("missing", null, "missing token"),
                new BadToken("garbage", "not-a-jwt", "malformed token"),
                new BadToken("alg none", TestTokens.algNone(userId), "invalid token"),
                new BadToken("HS256 keyed with the public key", TestTokens.hs256WithPublicKey(userId), "invalid token"),
                new BadToken("wrong issuer", TestTokens.wrongIssuer(userId), "invalid token"),
                new BadToken("expired", TestTokens.expired(userId), "expired token"),
                new BadToken("tampered", TestTokens.tampered(userId, otherUserId), "invalid token"));
    }

    @Test
    void everyBadTokenKindIsClosedWith4401AndReceivesNothing() {
        long victim = Ids.user();
        long bob = Ids.user();
        long conversation = api.createConversation(victim, bob);
        badTokens(Ids.user(), victim).forEach(bad -> {
            try (WsClient ws = WsClient.connect(base, INBOX, bad.token())) {
                WsClient.Closed closed = ws.awaitClose();
                assertEquals(4401, closed.code(), bad.kind());
                assertEquals(bad.reason(), closed.reason(), bad.kind());
                ws.expectSilence(100);
            }
        });
        // the tampered token claimed to be the victim: nothing of the victim's conversation leaked
        try (WsClient b = WsClient.open(base, INBOX, TestTokens.valid(bob))) {
            b.send("{\"type\":\"TEXT\",\"conversation_id\":" + conversation + ",\"message\":\"secret\"}");
            assertEquals("secret", b.next("TEXT").getString("message"));
        }
    }

    /**
     * Refusals close the socket right after the upgrade. Closing it inside the upgrade (in {@code @OnOpen})
     * let the container recycle the HTTP request while its thread still used it, and another client's
     * handshake at that moment got a plain HTTP 200 or a socket that never received a frame.
     */
    @Test
    void refusedHandshakesNeverDisturbOtherClientsHandshakes() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            java.util.List<java.util.concurrent.Future<String>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 160; i++) {
                boolean refused = i % 2 == 0;
                long user = Ids.user();
                results.add(pool.submit(() -> {
                    if (refused) {
                        try (WsClient ws = WsClient.connect(base, INBOX, "not-a-jwt")) {
                            WsClient.Closed closed = ws.awaitClose();
                            return closed.code() == 4401 ? "ok" : "refusal closed with " + closed.code();
                        }
                    }
                    try (WsClient ws = WsClient.open(base, INBOX, TestTokens.valid(user))) {
                        ws.send("{\"type\":\"ping\"}");
                        return "pong".equals(ws.next("pong").getString("type")) ? "ok" : "no pong";
                    }
                }));
            }
            java.util.List<String> failures = new java.util.ArrayList<>();
            for (java.util.concurrent.Future<String> result : results) {
                try {
                    String outcome = result.get(60, java.util.concurrent.TimeUnit.SECONDS);
                    if (!"ok".equals(outcome)) {
                        failures.add(outcome);
                    }
                } catch (java.util.concurrent.ExecutionException e) {
                    failures.add(String.valueOf(e.getCause()));
                }
            }
            assertEquals(java.util.List.of(), failures);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void closeReasonNeverContainsTheToken() {
        String token = TestTokens.expired(Ids.user());
        try (WsClient ws = WsClient.connect(base, INBOX, token)) {
            WsClient.Closed closed = ws.awaitClose();
            assertEquals(4401, closed.code());
            assertFalse(closed.reason().contains(token.substring(0, 20)));
        }
    }

    @Test
    void badTokenInTheAuthorizationHeaderIsRefusedToo() {
        try (WsClient ws = WsClient.connectWithHeader(base, INBOX, TestTokens.wrongIssuer(Ids.user()))) {
            assertEquals(4401, ws.awaitClose().code());
        }
    }

    @Test
    void everyBadTokenKindGets401WithWwwAuthenticateOnRest() {
        badTokens(Ids.user(), Ids.user()).forEach(bad -> {
            Api.Reply reply = api.get("/api/me/", bad.token());
            assertEquals(401, reply.status(), bad.kind());
            assertTrue(reply.raw().headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"), bad.kind());
            assertFalse(reply.json().getString("detail").isBlank(), bad.kind());
        });
    }

    @Test
    void validTokenProvisionsTheUserFromItsClaims() {
        long alice = Ids.user();
        Api.Reply me = api.get("/api/me/", TestTokens.valid(alice, "Alice Doe", "https://img.example/a.png"));
        assertEquals(200, me.status());
        JsonObject body = me.json();
        assertEquals(alice, body.getJsonNumber("id").longValueExact());
        assertEquals("user" + alice, body.getString("username"));
        assertEquals("Alice Doe", body.getString("name"));
        assertEquals("https://img.example/a.png", body.getString("avatar"));
    }

    @Test
    void bareParticipantTakesNameAndAvatarAtFirstLogin() {
        long alice = Ids.user();
        long newcomer = Ids.user();
        long conversation = api.createConversation(alice, newcomer);
        Api.Reply me = api.get("/api/me/", TestTokens.valid(newcomer, "New Comer", "https://img.example/n.png"));
        assertEquals("New Comer", me.json().getString("name"));
        try (WsClient n = WsClient.open(base, INBOX, TestTokens.valid(newcomer, "New Comer", "https://img.example/n.png"));
             WsClient a = WsClient.open(base, INBOX, TestTokens.valid(alice))) {
            n.send("{\"type\":\"TEXT\",\"conversation_id\":" + conversation + ",\"message\":\"hi\"}");
            JsonObject m = a.next("TEXT");
            assertEquals("New Comer", m.getString("sender_name"));
            assertEquals("https://img.example/n.png", m.getString("sender_avatar"));
        }
    }

    @Test
    void devTokensAreNotOfferedWhenAKeyIsConfigured() {
        Api.Reply reply = api.get("/api/dev/token/?user_id=1", null);
        assertEquals(404, reply.status());
    }

    @Test
    void authStatusSaysWithoutATokenThatKeysVerifyAndDevModeIsOff() {
        Api.Reply reply = api.get("/api/auth/", null);
        assertEquals(200, reply.status(), reply.raw().body());
        assertEquals("configured", reply.json().getString("authentication"));
        assertFalse(reply.json().getBoolean("dev_mode"));
        assertTrue(reply.json().isNull("detail"));
    }
}
