package io.inbox.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.Config;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.keys.EllipticCurves;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifierSettingsTest {

    /** A TEST-ONLY public key on the test classpath; its private half was discarded. */
    private static final String CLASSPATH_KEY = "keys/TEST-ONLY-public.pem";

    private static RsaJsonWebKey rsaKey;
    private static EllipticCurveJsonWebKey ecKey;

    @TempDir
    Path dir;

    @BeforeAll
    static void generateKeys() throws Exception {
        rsaKey = RsaJwkGenerator.generateJwk(2048);
        rsaKey.setKeyId("rsa-1");
        ecKey = EcJwkGenerator.generateJwk(EllipticCurves.P256);
        ecKey.setKeyId("ec-1");
    }

    // ---- PublicKeys.load ----

    @Test
    void loadsPemFromAPlainFilePath() throws Exception {
        Path file = write("public.pem", pem(rsaKey.getPublicKey().getEncoded()));

        assertSameRsaKey(single(PublicKeys.load(file.toString())));
    }

    @Test
    void loadsPemFromAFileUrlWithOneSlash() throws Exception {
        Path file = write("public.pem", pem(rsaKey.getPublicKey().getEncoded()));

        assertSameRsaKey(single(PublicKeys.load("file:" + file.toAbsolutePath())));
    }

    @Test
    void loadsPemFromAFileUrlWithThreeSlashes() throws Exception {
        Path file = write("public.pem", pem(rsaKey.getPublicKey().getEncoded()));

        assertSameRsaKey(single(PublicKeys.load(file.toUri().toString())));
    }

    @Test
    void loadsPemFromAClasspathResourceWithLeadingSlash() {
        assertInstanceOf(RSAPublicKey.class, single(PublicKeys.load("/" + CLASSPATH_KEY)).getPublicKey());
    }

    @Test
    void loadsPemFromAClasspathResourceWithoutLeadingSlash() {
        assertInstanceOf(RSAPublicKey.class, single(PublicKeys.load(CLASSPATH_KEY)).getPublicKey());
    }

    @Test
    void loadsPemFromAClasspathUrl() {
        assertInstanceOf(RSAPublicKey.class, single(PublicKeys.load("classpath:" + CLASSPATH_KEY)).getPublicKey());
    }

    @Test
    void loadsAnEcPemKey() throws Exception {
        Path file = write("ec.pem", pem(ecKey.getPublicKey().getEncoded()));

        assertArrayEquals(ecKey.getPublicKey().getEncoded(),
                assertInstanceOf(ECPublicKey.class, single(PublicKeys.load(file.toString())).getPublicKey()).getEncoded());
    }

    @Test
    void loadsAJwksFileKeepingKeyIds() throws Exception {
        Path file = write("jwks.json", new JsonWebKeySet(rsaKey, ecKey).toJson());

        List<PublicJsonWebKey> keys = PublicKeys.load(file.toString());

        assertEquals(List.of("rsa-1", "ec-1"), keys.stream().map(JsonWebKey::getKeyId).toList());
    }

    @Test
    void missingLocationFailsNamingTheLocationAndTheConfigKey() {
        String location = dir.resolve("nowhere/public.pem").toString();

        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> PublicKeys.load(location));

        assertTrue(failure.getMessage().contains(location), failure.getMessage());
        assertTrue(failure.getMessage().contains(VerifierSettings.PUBLIC_KEY_LOCATION), failure.getMessage());
    }

    @Test
    void missingClasspathResourceFailsNamingTheLocation() {
        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> PublicKeys.load("/keys/absent.pem"));

        assertTrue(failure.getMessage().contains("/keys/absent.pem"), failure.getMessage());
    }

    @Test
    void unparseableKeyFileFailsWithoutRevealingItsContent() throws Exception {
        Path file = write("broken.pem", "-----BEGIN PUBLIC KEY-----\nSECRETLOOKINGCONTENT\n-----END PUBLIC KEY-----\n");

        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> PublicKeys.load(file.toString()));

        assertTrue(failure.getMessage().contains(file.toString()), failure.getMessage());
        assertFalse(failure.getMessage().contains("SECRETLOOKINGCONTENT"), failure.getMessage());
    }

    @Test
    void privateKeyPemIsRejected() throws Exception {
        Path file = write("private.pem", "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(rsaKey.getPrivateKey().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");

        assertThrows(IllegalStateException.class, () -> PublicKeys.load(file.toString()));
    }


    // ---- fromConfig ----

    @Test
    void emptyConfigGivesDefaults() {
        VerifierSettings settings = VerifierSettings.fromConfig(config(Map.of()));

        assertEquals(new VerifierSettings(List.of(), "RS256", null, null, null, 30), settings);
    }

    @Test
    void readsEverySetting() {
        VerifierSettings settings = VerifierSettings.fromConfig(config(Map.of(
                VerifierSettings.PUBLIC_KEY_LOCATION, "/" + CLASSPATH_KEY,
                VerifierSettings.ISSUER, "https://auth.example.test",
                VerifierSettings.PUBLIC_KEY_ALGORITHM, "ES256",
                VerifierSettings.LEGACY_SECRET, "TEST-ONLY-secret",
                VerifierSettings.LEGACY_ISSUER, "django",
                VerifierSettings.CLOCK_SKEW_SECONDS, "5")));

        assertEquals(1, settings.publicKeys().size());
        assertEquals("ES256", settings.publicKeyAlgorithm());
        assertEquals("https://auth.example.test", settings.issuer());
        assertEquals("TEST-ONLY-secret", settings.legacySecret());
        assertEquals("django", settings.legacyIssuer());
        assertEquals(5, settings.clockSkewSeconds());
    }

    @Test
    void readsAnInlinePemWithoutBeginAndEndLines() {
        String bare = Base64.getEncoder().encodeToString(rsaKey.getPublicKey().getEncoded());

        VerifierSettings settings = VerifierSettings.fromConfig(config(Map.of(VerifierSettings.PUBLIC_KEY, bare)));

        assertSameRsaKey(single(settings.publicKeys()));
    }

    @Test
    void readsAnInlineJwk() {
        String jwk = rsaKey.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);

        VerifierSettings settings = VerifierSettings.fromConfig(config(Map.of(VerifierSettings.PUBLIC_KEY, jwk)));

        assertSameRsaKey(single(settings.publicKeys()));
    }

    @Test
    void inlinePrivateJwkKeepsOnlyThePublicKey() {
        String jwk = rsaKey.toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE);

        VerifierSettings settings = VerifierSettings.fromConfig(config(Map.of(VerifierSettings.PUBLIC_KEY, jwk)));

        assertNull(single(settings.publicKeys()).getPrivateKey());
    }

    @Test
    void unparseableInlineKeyFailsNamingTheConfigKeyButNotTheContent() {
        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> VerifierSettings.fromConfig(config(Map.of(VerifierSettings.PUBLIC_KEY, "{\"kty\":\"RSA\",\"n\":\"SECRETLOOKING\"}"))));

        assertTrue(failure.getMessage().contains(VerifierSettings.PUBLIC_KEY), failure.getMessage());
        assertFalse(failure.getMessage().contains("SECRETLOOKING"), failure.getMessage());
    }

    @Test
    void configuringBothInlineKeyAndLocationFails() {
        String bare = Base64.getEncoder().encodeToString(rsaKey.getPublicKey().getEncoded());

        assertThrows(IllegalStateException.class, () -> VerifierSettings.fromConfig(config(Map.of(
                VerifierSettings.PUBLIC_KEY, bare,
                VerifierSettings.PUBLIC_KEY_LOCATION, "/" + CLASSPATH_KEY))));
    }

    @Test
    void unsupportedAlgorithmFailsNamingTheConfigKey() {
        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> VerifierSettings.fromConfig(config(Map.of(VerifierSettings.PUBLIC_KEY_ALGORITHM, "HS256"))));

        assertTrue(failure.getMessage().contains(VerifierSettings.PUBLIC_KEY_ALGORITHM), failure.getMessage());
    }

    @Test
    void negativeClockSkewFailsNamingTheConfigKey() {
        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> VerifierSettings.fromConfig(config(Map.of(VerifierSettings.CLOCK_SKEW_SECONDS, "-1"))));

        assertTrue(failure.getMessage().contains(VerifierSettings.CLOCK_SKEW_SECONDS), failure.getMessage());
    }

    // ---- JWKS URL and user id claim ----

    @Test
    void anHttpsLocationIsAJwksUrlReadWithTheDefaults() {
        VerifierSettings settings = VerifierSettings.fromConfig(config(Map.of(
                VerifierSettings.PUBLIC_KEY_LOCATION, "https://idp.example.test/realms/inbox/protocol/openid-connect/certs")));

        assertEquals(JwksSettings.of(java.net.URI.create("https://idp.example.test/realms/inbox/protocol/openid-connect/certs")),
                settings.jwks());
        assertTrue(settings.publicKeys().isEmpty());
        assertTrue(settings.hasPublicKeys(), "a JWKS URL verifies RS256/ES256 tokens");
        assertTrue(settings.hasVerificationKey());
    }

    @Test
    void anHttpLocationIsAJwksUrlToo() {
        VerifierSettings settings = VerifierSettings.fromConfig(config(Map.of(
                VerifierSettings.PUBLIC_KEY_LOCATION, "HTTP://127.0.0.1:8180/jwks.json")));

        assertEquals("127.0.0.1", settings.jwks().location().getHost());
        assertFalse(settings.jwks().plainHttpOverTheNetwork(), "loopback");
    }

    @Test
    void plainHttpToAnotherHostIsFlagged() {
        assertTrue(JwksSettings.of(java.net.URI.create("http://idp.example.test/jwks.json")).plainHttpOverTheNetwork());
        assertFalse(JwksSettings.of(java.net.URI.create("https://idp.example.test/jwks.json")).plainHttpOverTheNetwork());
    }

    @Test
    void readsEveryJwksSetting() {
        VerifierSettings settings = VerifierSettings.fromConfig(config(Map.of(
                VerifierSettings.PUBLIC_KEY_LOCATION, "https://idp.example.test/jwks.json",
                JwksSettings.CONNECT_TIMEOUT_MILLIS, "500",
                JwksSettings.READ_TIMEOUT_MILLIS, "700",
                JwksSettings.CACHE_SECONDS, "120",
                JwksSettings.MIN_REFRESH_INTERVAL_SECONDS, "0",
                JwksSettings.RETAIN_ON_ERROR_SECONDS, "30")));

        assertEquals(new JwksSettings(java.net.URI.create("https://idp.example.test/jwks.json"), java.time.Duration.ofMillis(500),
                java.time.Duration.ofMillis(700), java.time.Duration.ofSeconds(120), java.time.Duration.ZERO,
                java.time.Duration.ofSeconds(30)), settings.jwks());
    }

    @Test
    void aBadJwksSettingFailsNamingItsConfigKey() {
        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> VerifierSettings.fromConfig(config(Map.of(
                VerifierSettings.PUBLIC_KEY_LOCATION, "https://idp.example.test/jwks.json",
                JwksSettings.CONNECT_TIMEOUT_MILLIS, "0"))));

        assertTrue(failure.getMessage().contains(JwksSettings.CONNECT_TIMEOUT_MILLIS), failure.getMessage());
    }

    @Test
    void aJwksUrlWithoutHostFailsNamingTheLocation() {
        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> VerifierSettings.fromConfig(config(Map.of(
                VerifierSettings.PUBLIC_KEY_LOCATION, "https:/jwks.json"))));

        assertTrue(failure.getMessage().contains(VerifierSettings.PUBLIC_KEY_LOCATION), failure.getMessage());
        assertTrue(failure.getMessage().contains("https:/jwks.json"), failure.getMessage());
    }

    @Test
    void theUserIdIsInSubUnlessConfigured() {
        assertEquals("sub", VerifierSettings.fromConfig(config(Map.of())).userIdClaim());
        assertEquals("inbox_user_id", VerifierSettings.fromConfig(config(Map.of(
                VerifierSettings.USER_ID_CLAIM, " inbox_user_id "))).userIdClaim());
    }

    @Test
    void toStringHidesTheLegacySecret() {
        VerifierSettings settings = new VerifierSettings(List.of(rsaKey), null, null, "TEST-ONLY-hidden-secret", null, 30);

        assertFalse(settings.toString().contains("TEST-ONLY-hidden-secret"), settings.toString());
    }

    @Test
    void blankLegacySecretMeansNone() {
        assertFalse(new VerifierSettings(List.of(), null, null, "  ", null, 30).hasLegacySecret());
    }

    // ---- helpers ----

    private Path write(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    private static String pem(byte[] der) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END PUBLIC KEY-----\n";
    }

    private static PublicJsonWebKey single(List<PublicJsonWebKey> keys) {
        assertEquals(1, keys.size());
        return keys.get(0);
    }

    private static void assertSameRsaKey(PublicJsonWebKey key) {
        assertArrayEquals(rsaKey.getPublicKey().getEncoded(), key.getPublicKey().getEncoded());
    }

    private static Config config(Map<String, String> values) {
        return MapConfig.of(values);
    }
}
