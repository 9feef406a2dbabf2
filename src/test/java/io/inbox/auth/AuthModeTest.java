package io.inbox.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The three states a server starts in, from its configuration alone: keys configured, dev mode (only when asked
 * for, and only without a key), or not serving, with the startup line that says which and, when nothing is
 * served, what to set. No configuration falls back to dev mode or to an open server.
 */
class AuthModeTest {
    private static final String KEY = "/keys/TEST-ONLY-public.pem";

    @TempDir
    Path dataDir;

    @Test
    void withoutKeyAndWithoutTheSwitchNothingIsServedAndTheLineSaysWhatToSet() {
        AuthMode mode = AuthMode.fromConfig(config(Map.of()));

        AuthMode.NotConfigured notConfigured = assertInstanceOf(AuthMode.NotConfigured.class, mode);
        assertEquals(AuthStatus.NOT_CONFIGURED, mode.status());
        assertFalse(mode.status().serving());
        assertEquals(Level.SEVERE, mode.level());
        for (String named : new String[] {"NOT SERVING", "MP_JWT_VERIFY_PUBLICKEY_LOCATION", "MP_JWT_VERIFY_ISSUER",
                "INBOX_AUTH_LEGACY_SECRET", "INBOX_DEV_MODE=true", "HTTP 503"}) {
            assertTrue(mode.startupLine().contains(named), named + " in: " + mode.startupLine());
        }
        assertFalse(mode.startupLine().contains("\n"), "one line");
        assertEquals("no verification key is configured and inbox.dev-mode is off", notConfigured.reason());
        assertTrue(mode.devKeys().isEmpty());
        assertInstanceOf(Verification.Refused.class, mode.verify(new DevKeys().mint(1, null, null, null, Duration.ofMinutes(5))));
        assertFalse(Files.exists(dataDir.resolve(DevKeys.FILE_NAME)), "no dev key is made");
    }

    @Test
    void aTypoInTheKeysVariableNameLeavesTheServerClosedNotOpen() {
        // MP_JWT_VERIFY_PUBLICKEY_LOCATON: MicroProfile Config never sees it, so no key is configured
        AuthMode mode = AuthMode.fromConfig(config(Map.of("mp.jwt.verify.publickey.locaton", KEY)));

        assertEquals(AuthStatus.NOT_CONFIGURED, mode.status());
        assertTrue(mode.devKeys().isEmpty());
    }

    @Test
    void theSwitchWithoutKeyIsDevModeWithALoudLineAndTheKeyInTheDataDirectory() {
        AuthMode mode = AuthMode.fromConfig(config(Map.of(AuthMode.DEV_MODE, "true")));

        AuthMode.DevMode dev = assertInstanceOf(AuthMode.DevMode.class, mode);
        assertEquals(AuthStatus.DEV_MODE, mode.status());
        assertEquals(Level.WARNING, mode.level());
        assertTrue(mode.startupLine().startsWith("DEV MODE"), mode.startupLine());
        assertTrue(mode.startupLine().contains("Never run it like this in production"), mode.startupLine());
        assertEquals(dataDir.resolve(DevKeys.FILE_NAME).toAbsolutePath(), dev.keyFile());
        assertTrue(mode.startupLine().contains(dev.keyFile().toString()), mode.startupLine());
        assertTrue(Files.exists(dev.keyFile()));
        String token = dev.keys().mint(5, "eve", "Eve", null, Duration.ofMinutes(5));
        assertEquals(5, assertInstanceOf(Verification.Valid.class, mode.verify(token)).identity().userId());
    }

    @Test
    void aDevTokenMintedBeforeARestartIsAcceptedAfterIt() {
        AuthMode first = AuthMode.fromConfig(config(Map.of(AuthMode.DEV_MODE, "true")));
        String token = first.devKeys().orElseThrow().mint(9, "ivy", null, null, Duration.ofHours(1));

        AuthMode restarted = AuthMode.fromConfig(config(Map.of(AuthMode.DEV_MODE, "TRUE")));

        assertEquals(9, assertInstanceOf(Verification.Valid.class, restarted.verify(token)).identity().userId());
    }

    @Test
    void aKeyTogetherWithTheSwitchIsRefusedAsAContradiction() {
        AuthMode mode = AuthMode.fromConfig(config(Map.of(AuthMode.DEV_MODE, "true",
                VerifierSettings.PUBLIC_KEY_LOCATION, KEY, VerifierSettings.LEGACY_SECRET, "TEST-ONLY-secret")));

        assertEquals(AuthStatus.NOT_CONFIGURED, mode.status());
        assertTrue(mode.startupLine().contains("inbox.dev-mode=true (INBOX_DEV_MODE), but a verification key is configured "
                + "(mp.jwt.verify.publickey.location, inbox.auth.legacy-secret)"), mode.startupLine());
        assertFalse(mode.startupLine().contains("TEST-ONLY-secret"), "never the secret");
        assertFalse(Files.exists(dataDir.resolve(DevKeys.FILE_NAME)));
    }

    @Test
    void aConfiguredKeyVerifiesAndDevModeIsOff() {
        AuthMode mode = AuthMode.fromConfig(config(Map.of(VerifierSettings.PUBLIC_KEY_LOCATION, KEY,
                VerifierSettings.ISSUER, "https://auth.example.test")));

        assertInstanceOf(AuthMode.Verifying.class, mode);
        assertEquals(AuthStatus.CONFIGURED, mode.status());
        assertEquals(Level.INFO, mode.level());
        assertEquals("Token verification: RS256/ES256 tokens: 1 public key, issuer https://auth.example.test, user id from "
                + "the sub claim; legacy HS256 tokens: refused; dev mode: off", mode.startupLine());
        assertTrue(mode.devKeys().isEmpty());
    }

    @Test
    void theLegacySecretAloneIsAConfiguredKey() {
        AuthMode mode = AuthMode.fromConfig(config(Map.of(VerifierSettings.LEGACY_SECRET, "TEST-ONLY-secret")));

        assertEquals(AuthStatus.CONFIGURED, mode.status());
        assertFalse(mode.startupLine().contains("TEST-ONLY-secret"));
    }

    @Test
    void aKeyThatCannotBeReadNeverFallsBackToDevModeOrToOpen() {
        String missing = dataDir.resolve("nowhere/public.pem").toString();
        for (String devSwitch : new String[] {"false", "true"}) {
            AuthMode mode = AuthMode.fromConfig(config(Map.of(VerifierSettings.PUBLIC_KEY_LOCATION, missing,
                    AuthMode.DEV_MODE, devSwitch)));

            assertEquals(AuthStatus.NOT_CONFIGURED, mode.status(), devSwitch);
            assertTrue(mode.startupLine().contains("the token verification key cannot be used: "
                    + "mp.jwt.verify.publickey.location: no readable key at '" + missing + "'"), mode.startupLine());
            assertTrue(mode.devKeys().isEmpty());
        }
    }

    @Test
    void aSwitchThatIsNeitherTrueNorFalseIsRefused() {
        AuthMode mode = AuthMode.fromConfig(config(Map.of(AuthMode.DEV_MODE, "yes")));

        assertEquals(AuthStatus.NOT_CONFIGURED, mode.status());
        assertTrue(mode.startupLine().contains("inbox.dev-mode (INBOX_DEV_MODE) must be true or false, not 'yes'"));
    }

    @Test
    void aJwksUrlIsPendingUntilItsKeysAreFetched() {
        AuthMode mode = AuthMode.fromConfig(config(Map.of(
                VerifierSettings.PUBLIC_KEY_LOCATION, "https://idp.example.test/realms/inbox/protocol/openid-connect/certs",
                VerifierSettings.ISSUER, "https://idp.example.test/realms/inbox")));

        assertEquals(AuthStatus.KEYS_PENDING, mode.status(), "nothing fetched yet");
        assertFalse(mode.status().serving());
        assertTrue(mode.jwks().isPresent());
        assertTrue(mode.startupLine().contains("keys from the JWKS at https://idp.example.test/realms/inbox/protocol/"
                + "openid-connect/certs (chosen by kid"), mode.startupLine());
    }

    @Test
    void aDevKeyFileThatCannotBeReadIsNotReplacedAndNothingIsServed() throws Exception {
        Path file = Files.writeString(dataDir.resolve(DevKeys.FILE_NAME), "{not a key", StandardCharsets.UTF_8);

        AuthMode mode = AuthMode.fromConfig(config(Map.of(AuthMode.DEV_MODE, "true")));

        assertEquals(AuthStatus.NOT_CONFIGURED, mode.status());
        assertTrue(mode.startupLine().contains(file.toAbsolutePath().toString()), mode.startupLine());
        assertTrue(mode.startupLine().contains("delete the file"), mode.startupLine());
        assertEquals("{not a key", Files.readString(file), "left as it was");
    }

    private java.util.Map<String, String> withDataDir(Map<String, String> values) {
        Map<String, String> all = new HashMap<>(values);
        all.put(AuthMode.DATA_DIR, dataDir.toString());
        return all;
    }

    private org.eclipse.microprofile.config.Config config(Map<String, String> values) {
        return MapConfig.of(withDataDir(values));
    }
}
