package io.inbox.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inbox.testing.Api;
import io.inbox.testing.Await;
import io.inbox.testing.JwksServer;
import io.inbox.testing.PayaraProcess;
import io.inbox.testing.WsClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a server started by an operator authenticates, configured by environment variables only: with no key (and
 * no dev mode) it serves nothing and says why, at startup; with an identity provider's JWKS URL it verifies tokens
 * of the provider's keys, follows a key rotation without restart, waits for a provider that is down at startup and
 * keeps the keys it knows through an outage. (Configured keys: every other integration test; dev mode: RestartIT.)
 */
class KeySetupIT {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String ISSUER = "https://idp.example.test/realms/inbox";
    private static final String NOT_SERVING = "NOT SERVING: no token verification key is configured.";

    @TempDir
    Path dataDir;

    @Test
    void withoutAKeyNothingIsServedAndTheStartupLogSaysWhatToSet() throws Exception {
        try (PayaraProcess server = PayaraProcess.start("no-key", Map.of(
                "INBOX_DATA_DIR", dataDir.toString(),
                "INBOX_DATASOURCE_URL", "jdbc:h2:mem:nokey;DB_CLOSE_DELAY=-1",
                // a typo in the key's variable name: the same as no key at all
                "MP_JWT_VERIFY_PUBLICKEY_LOCATON", Path.of("src/test/resources/keys/TEST-ONLY-it-public.pem").toAbsolutePath().toString()))) {
            URI base = server.base();
            Api api = new Api(base);
            String token = io.inbox.testing.TestTokens.valid(1);

            Api.Reply me = api.get("/api/me/", token);
            assertEquals(503, me.status(), "not 401: the token is not the problem");
            assertTrue(me.json().getString("detail").contains("not configured for authentication"), me.raw().body());
            assertTrue(me.raw().headers().firstValue("WWW-Authenticate").isEmpty());
            assertEquals(503, api.get("/api/conversations/", null).status());
            assertEquals(503, api.post("/api/conversations/", token, "{\"participant_ids\":[2]}").status());
            assertEquals(404, api.get("/api/dev/token/?user_id=1", null).status(), "no dev tokens");
            Api.Reply auth = api.get("/api/auth/", null);
            assertEquals(200, auth.status(), "the sign-in page learns why without an error answer: " + auth.raw().body());
            assertEquals("not-configured", auth.json().getString("authentication"));
            assertTrue(auth.json().getString("detail").contains("not configured for authentication"), auth.raw().body());

            assertEquals(503, WsClient.refusedHandshakeStatus(base, "/ws/inbox/?token=" + token, b -> b));
            assertEquals(503, WsClient.refusedHandshakeStatus(base, "/ws/chat/1/", b -> b.header("Authorization", "Bearer " + token)));

            HttpResponse<String> ready = get(base.resolve("/health/ready"));
            assertEquals(503, ready.statusCode(), ready.body());
            assertTrue(ready.body().contains("not-configured: no verification key is configured and inbox.dev-mode is off"),
                    ready.body());
            assertEquals(200, get(base.resolve("/health/live")).statusCode(), "alive: only not ready");
            assertTrue(get(base.resolve("/metrics?scope=application")).body()
                    .contains("reason=\"http-503-not-configured\""), "refused handshakes are counted");

            String log = Files.readString(server.log());
            assertEquals(log.indexOf(NOT_SERVING), log.lastIndexOf(NOT_SERVING), "one line, once");
            assertTrue(log.indexOf(NOT_SERVING) > 0, log);
            assertTrue(log.indexOf(NOT_SERVING) < log.indexOf(") ready in "), "at startup, before the first request");
            String line = log.substring(log.indexOf(NOT_SERVING), log.indexOf('\n', log.indexOf(NOT_SERVING)));
            for (String named : new String[] {"MP_JWT_VERIFY_PUBLICKEY_LOCATION", "INBOX_AUTH_LEGACY_SECRET", "INBOX_DEV_MODE=true"}) {
                assertTrue(line.contains(named), named + " in " + line);
            }
            String wholeLine = log.substring(log.lastIndexOf('\n', log.indexOf(NOT_SERVING)) + 1, log.indexOf('\n', log.indexOf(NOT_SERVING)));
            assertTrue(wholeLine.contains("SEVERE") && wholeLine.contains("io.inbox.auth.Authenticator"), wholeLine);
            assertFalse(Files.exists(dataDir.resolve("dev-signing-key.json")), "no dev key pair");
        }
    }

    @Test
    void jwksKeysAreFetchedWhenTheProviderAnswersFollowARotationAndOutliveAnOutage() throws Exception {
        RsaJsonWebKey a = key("key-a");
        RsaJsonWebKey b = key("key-b");
        RsaJsonWebKey stranger = key("key-x");
        try (JwksServer provider = JwksServer.start()) {
            provider.publish(a).stop(); // the provider is down when the server starts
            try (PayaraProcess server = PayaraProcess.start("jwks", Map.of(
                    "MP_JWT_VERIFY_PUBLICKEY_LOCATION", provider.url().toString(),
                    "MP_JWT_VERIFY_ISSUER", ISSUER,
                    "INBOX_AUTH_JWKS_MIN_REFRESH_INTERVAL_SECONDS", "0",
                    "INBOX_DATASOURCE_URL", "jdbc:h2:mem:jwks;DB_CLOSE_DELAY=-1"))) {
                URI base = server.base();
                Api api = new Api(base);

                // down at startup: the server starts, says so, and serves nothing until it has the keys
                Api.Reply pending = api.get("/api/me/", token(a, 31));
                assertEquals(503, pending.status(), pending.raw().body());
                assertTrue(pending.raw().headers().firstValue("Retry-After").isPresent());
                assertEquals(503, WsClient.refusedHandshakeStatus(base, "/ws/inbox/?token=" + token(a, 31), o -> o));
                HttpResponse<String> notReady = get(base.resolve("/health/ready"));
                assertEquals(503, notReady.statusCode());
                assertTrue(notReady.body().contains("keys-pending: the JWKS at " + provider.url()), notReady.body());
                assertTrue(Files.readString(server.log()).contains("JWKS at " + provider.url() + " cannot be fetched"
                        + " (java.net.ConnectException: Connection refused)"));

                provider.resume(); // retried in the background: no token needed to bring it in
                Await.until("ready once fetched", Duration.ofSeconds(30), () -> get(base.resolve("/health/ready")).statusCode() == 200);
                assertEquals(31, api.get("/api/me/", token(a, 31)).json().getJsonNumber("id").longValueExact());
                try (WsClient socket = WsClient.open(base, "/ws/inbox/", token(a, 31))) {
                    socket.send("{\"type\":\"ping\"}");
                    assertEquals("pong", socket.next("pong").getString("type"));
                }

                // rotation: B is added and signs new tokens at once; A's tokens work until A leaves the set
                provider.publish(a, b);
                assertEquals(200, api.get("/api/me/", token(b, 32)).status(), "a new kid is fetched at once");
                assertEquals(200, api.get("/api/me/", token(a, 31)).status());
                provider.publish(b);
                assertEquals(401, api.get("/api/me/", token(stranger, 33)).status(), "unknown kid: refused (and refetched)");
                assertEquals(401, api.get("/api/me/", token(a, 31)).status(), "A left the set");
                assertEquals(200, api.get("/api/me/", token(b, 32)).status());

                // outage mid-run: the keys known keep working after the cached set expires
                provider.cacheControl("max-age=1").publish(b, stranger);
                assertEquals(200, api.get("/api/me/", token(stranger, 33)).status(), "fetched with a 1 s lifetime");
                provider.stop();
                Await.until("the set expired, the refetch failed", Duration.ofSeconds(30), () -> api.get("/api/me/", token(b, 32)).status() == 200
                        && Files.readString(server.log()).contains("does not answer"));
                assertEquals(200, api.get("/api/me/", token(b, 32)).status(), "known keys keep working");
                try (WsClient socket = WsClient.open(base, "/ws/inbox/", token(b, 32))) {
                    socket.send("{\"type\":\"ping\"}");
                    assertEquals("pong", socket.next("pong").getString("type"));
                }
                assertEquals(401, api.get("/api/me/", token(a, 31)).status(), "a key not known before the outage");
                assertEquals(200, get(base.resolve("/health/ready")).statusCode(), "still ready");

                String log = Files.readString(server.log());
                assertTrue(log.contains("Token verification: RS256/ES256 tokens: keys from the JWKS at " + provider.url()), log);
                assertTrue(log.contains("JWKS at " + provider.url() + " fetched after"), log);
                assertTrue(log.contains("changed: keys [key-a, key-b] (were [key-a])"), log);
                assertTrue(log.contains("JWKS at " + provider.url() + " does not answer (java.net.ConnectException"), log);
                assertFalse(log.contains("fetched over plain http"), "loopback http is not flagged");
            }
        }
    }

    private static HttpResponse<String> get(URI uri) {
        try {
            return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static RsaJsonWebKey key(String kid) throws Exception {
        RsaJsonWebKey key = RsaJwkGenerator.generateJwk(2048);
        key.setKeyId(kid);
        key.setUse("sig");
        return key;
    }

    /** An access token as the identity provider issues it: RS256, its kid, its issuer, the numeric user id in sub. */
    private static String token(RsaJsonWebKey key, long userId) throws Exception {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(ISSUER);
        claims.setSubject(Long.toString(userId));
        claims.setStringClaim("preferred_username", "user" + userId);
        claims.setExpirationTime(NumericDate.fromMilliseconds(System.currentTimeMillis() + 600_000));
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setKeyIdHeaderValue(key.getKeyId());
        jws.setKey(key.getPrivateKey());
        return jws.getCompactSerialization();
    }
}
