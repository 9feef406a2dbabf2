package io.inbox.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inbox.testing.JwksServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;

import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.EllipticCurves;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tokens verified with the keys an identity provider publishes at a JWKS URL, fetched over real HTTP from a
 * {@link JwksServer} on 127.0.0.1: keys chosen by kid, a rotation without restart, the old key working until it
 * leaves the set, an unknown kid refetching at most once per interval, the provider down at start and mid-run.
 */
class JwksVerificationTest {
    private static final String ISSUER = "https://idp.example.test/realms/inbox";

    private static RsaJsonWebKey keyA;
    private static RsaJsonWebKey keyB;
    private static RsaJsonWebKey keyC;
    private static EllipticCurveJsonWebKey ecKey;

    private JwksServer provider;
    private final List<LogRecord> logged = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeAll
    static void generateKeys() throws Exception {
        keyA = rsa("key-a");
        keyB = rsa("key-b");
        keyC = rsa("key-c");
        ecKey = EcJwkGenerator.generateJwk(EllipticCurves.P256);
        ecKey.setKeyId("key-ec");
    }

    @BeforeEach
    void startProvider() throws Exception {
        provider = JwksServer.start();
        Logger.getLogger(JwksKeys.class.getName()).addHandler(capture);
    }

    @AfterEach
    void stopProvider() {
        Logger.getLogger(JwksKeys.class.getName()).removeHandler(capture);
        provider.close();
    }

    @Test
    void theKeyIsChosenByKidAmongRsaAndEcKeys() throws Exception {
        provider.publish(keyA, keyB, ecKey);
        TokenVerifier verifier = verifier(Duration.ofSeconds(60));

        assertEquals(1, userOf(verifier.verify(token(keyA, "1"))));
        assertEquals(2, userOf(verifier.verify(token(keyB, "2"))));
        assertEquals(3, userOf(verifier.verify(es256(ecKey, "3"))));
        assertRefused(verifier.verify(tokenNaming(keyA.getKeyId(), keyB, "4")), "signed by B but naming A");
        assertEquals(1, provider.requests(), "fetched once, then cached");
    }

    @Test
    void aTokenWithoutKidIsMatchedBySignature() throws Exception {
        provider.publish(keyA, keyB);
        TokenVerifier verifier = verifier(Duration.ofSeconds(60));

        assertEquals(5, userOf(verifier.verify(tokenNaming(null, keyB, "5"))));
    }

    @Test
    void aNewKeyWorksAtOnceAfterARotationAndTheOldOneUntilItLeavesTheSet() throws Exception {
        provider.publish(keyA);
        TokenVerifier verifier = verifier(Duration.ZERO);
        String oldToken = token(keyA, "7");
        assertEquals(7, userOf(verifier.verify(oldToken)));

        provider.publish(keyA, keyB); // the provider rotates: B signs from now on, A is still published
        assertEquals(8, userOf(verifier.verify(token(keyB, "8"))), "a new kid refetches the set at once");
        assertEquals(7, userOf(verifier.verify(oldToken)), "the old key still verifies its tokens");
        assertEquals(2, provider.requests());

        provider.publish(keyB); // A leaves the set
        assertRefused(verifier.verify(token(keyC, "9")), "a made-up kid; the set is fetched again");
        assertRefused(verifier.verify(oldToken), "A is no longer in the set");
        assertEquals(8, userOf(verifier.verify(token(keyB, "8"))));
        assertTrue(logs(Level.INFO).contains("changed: keys [key-b] (were [key-a, key-b])"), logs(Level.INFO));
    }

    @Test
    void aKeyThatLeftTheSetIsRefusedOnceTheCachedSetExpires() throws Exception {
        provider.publish(keyA, keyB).cacheControl("max-age=1"); // the provider's own cache lifetime is honoured
        TokenVerifier verifier = verifier(Duration.ZERO);
        String oldToken = token(keyA, "7");
        assertEquals(7, userOf(verifier.verify(oldToken)));

        provider.publish(keyB);
        assertTrue(eventually(() -> verifier.verify(oldToken) instanceof Verification.Refused),
                "refused after the expired set is fetched again without A");
        assertEquals(8, userOf(verifier.verify(token(keyB, "8"))));
        assertTrue(provider.requests() >= 2, "fetched again on expiry, with no unknown kid to trigger it");
    }

    @Test
    void unknownKidsRefetchTheSetAtMostOncePerInterval() throws Exception {
        provider.publish(keyA);
        TokenVerifier verifier = verifier(Duration.ofSeconds(60));
        assertEquals(1, userOf(verifier.verify(token(keyA, "1"))));
        provider.publish(keyA, keyC);

        for (int i = 0; i < 20; i++) {
            assertRefused(verifier.verify(token(keyC, "66")), "within the interval the set is not fetched again");
        }
        assertEquals(1, provider.requests(), "made-up key ids cannot make the server hammer the provider");
        assertEquals(1, userOf(verifier.verify(token(keyA, "1"))), "known keys are not affected");
    }

    @Test
    void anUnknownKidRefetchesOnceTheIntervalHasPassed() throws Exception {
        provider.publish(keyA);
        TokenVerifier verifier = verifier(Duration.ofSeconds(2));
        assertEquals(1, userOf(verifier.verify(token(keyA, "1"))));
        provider.publish(keyA, keyC);

        assertTrue(eventually(() -> verifier.verify(token(keyC, "66")) instanceof Verification.Valid),
                "the unknown kid is looked up in a fresh set once the interval has passed");
        assertEquals(2, provider.requests(), "one refetch, however many tokens named the unknown kid meanwhile");
    }

    @Test
    void aProviderDownAtStartIsRetriedAndTokensWorkOnceItAnswers() throws Exception {
        provider.publish(keyA).failing(true);
        TokenVerifier verifier = verifier(Duration.ZERO);
        JwksKeys keys = verifier.jwks().orElseThrow();

        assertFalse(keys.load(), "the provider answers 503");
        assertFalse(keys.loaded());
        assertRefused(verifier.verify(token(keyA, "1")), "no key is known yet");
        assertTrue(logs(Level.WARNING).contains("cannot be fetched (java.io.IOException: Non 200 status code (503"),
                logs(Level.WARNING));

        provider.failing(false);
        assertTrue(keys.load());
        assertEquals(1, userOf(verifier.verify(token(keyA, "1"))));
        assertTrue(logs(Level.INFO).contains("fetched after 2 failed attempts: keys [key-a]"), logs(Level.INFO));
    }

    @Test
    void aFailedFetchIsNotRepeatedWithinTheInterval() throws Exception {
        provider.publish(keyA).failing(true);
        TokenVerifier verifier = verifier(Duration.ofSeconds(60));
        JwksKeys keys = verifier.jwks().orElseThrow();

        assertFalse(keys.load());
        for (int i = 0; i < 20; i++) {
            assertRefused(verifier.verify(token(keyA, "1")), "no key known");
        }
        assertFalse(keys.load());
        assertEquals(1, provider.requests(), "tokens arriving while the provider is down do not each ask it again");
        assertEquals(1, logs(Level.WARNING).lines().filter(l -> l.contains("cannot be fetched")).count(),
                "one warning, not one per attempt: " + logs(Level.WARNING));
    }

    @Test
    void aProviderThatDoesNotListenIsLoggedWithTheCause() throws Exception {
        provider.publish(keyA).stop();
        TokenVerifier verifier = verifier(Duration.ofSeconds(60));

        assertFalse(verifier.jwks().orElseThrow().load());
        assertTrue(logs(Level.WARNING).contains("cannot be fetched (java.net.ConnectException: Connection refused). "
                + "No RS256/ES256 token can be verified until it is"), logs(Level.WARNING));
    }

    @Test
    void knownKeysKeepWorkingWhileTheProviderIsDownMidRun() throws Exception {
        provider.publish(keyA).cacheControl("max-age=1");
        TokenVerifier verifier = verifier(Duration.ZERO);
        String known = token(keyA, "1");
        assertEquals(1, userOf(verifier.verify(known)));

        provider.stop();
        int before = provider.requests();
        assertTrue(eventually(() -> {
            // the cached set expires after 1 s: the refetch fails, and the known key stays in use
            return verifier.verify(known) instanceof Verification.Valid
                    && logs(Level.WARNING).contains("does not answer");
        }), logs(Level.WARNING));
        assertEquals(before, provider.requests(), "nothing reached the stopped provider");
        assertTrue(logs(Level.WARNING).contains("The keys already known [key-a] stay in use"), logs(Level.WARNING));
        assertEquals(1, userOf(verifier.verify(known)));
        assertRefused(verifier.verify(token(keyB, "2")), "a key not known before the outage");

        provider.publish(keyA, keyB).resume();
        assertTrue(eventually(() -> verifier.verify(token(keyB, "2")) instanceof Verification.Valid),
                "once the provider answers, its new keys work");
        assertTrue(logs(Level.INFO).contains("answers again after"), logs(Level.INFO));
    }

    // ---- helpers ----

    private TokenVerifier verifier(Duration minRefreshInterval) {
        JwksSettings jwks = new JwksSettings(provider.url(), Duration.ofMillis(1000), Duration.ofMillis(2000),
                Duration.ofSeconds(600), minRefreshInterval, Duration.ofSeconds(60));
        return new TokenVerifier(new VerifierSettings(List.<PublicJsonWebKey>of(), null, ISSUER, null, null, 0, jwks, null), null);
    }

    private String logs(Level level) {
        return logged.stream().filter(r -> r.getLevel() == level).map(LogRecord::getMessage).collect(Collectors.joining("\n"));
    }

    /** Polls for up to 5 s (cache lifetimes here are 1 s). */
    private static boolean eventually(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(50);
        }
        return condition.getAsBoolean();
    }

    private static RsaJsonWebKey rsa(String kid) throws Exception {
        RsaJsonWebKey key = RsaJwkGenerator.generateJwk(2048);
        key.setKeyId(kid);
        key.setUse("sig");
        return key;
    }

    private static String token(RsaJsonWebKey key, String subject) {
        return tokenNaming(key.getKeyId(), key, subject);
    }

    private static String tokenNaming(String kid, RsaJsonWebKey signer, String subject) {
        return sign(claims(subject), AlgorithmIdentifiers.RSA_USING_SHA256, kid, signer.getPrivateKey());
    }

    private static String es256(EllipticCurveJsonWebKey key, String subject) {
        return sign(claims(subject), AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256, key.getKeyId(), key.getPrivateKey());
    }

    private static JwtClaims claims(String subject) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(ISSUER);
        claims.setSubject(subject);
        claims.setExpirationTime(NumericDate.fromMilliseconds(System.currentTimeMillis() + 600_000));
        return claims;
    }

    private static String sign(JwtClaims claims, String algorithm, String kid, java.security.Key key) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setAlgorithmHeaderValue(algorithm);
        if (kid != null) {
            jws.setKeyIdHeaderValue(kid);
        }
        jws.setKey(key);
        try {
            return jws.getCompactSerialization();
        } catch (org.jose4j.lang.JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long userOf(Verification verification) {
        return assertInstanceOf(Verification.Valid.class, verification, verification.toString()).identity().userId();
    }

    private static void assertRefused(Verification verification, String why) {
        assertInstanceOf(Verification.Refused.class, verification, why);
    }
}
