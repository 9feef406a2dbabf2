package io.inbox.auth;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Level;

import org.eclipse.microprofile.config.Config;

/**
 * How this server authenticates, decided once at startup from its configuration:
 * <ul>
 *   <li>{@link Verifying}: a verification key is configured (public key, JWKS URL or legacy secret);</li>
 *   <li>{@link DevMode}: no key and {@code inbox.dev-mode=true}: the server signs its own tokens with a key pair
 *       kept in the data directory;</li>
 *   <li>{@link NotConfigured}: anything else (no key without the switch, a key that cannot be used, the switch
 *       beside a key, a dev key file that cannot be used): nothing is served. Never a silent fallback to dev mode
 *       or to an open server.</li>
 * </ul>
 * Each mode says what it logs at startup, in one line.
 */
public sealed interface AuthMode {

    /** Config key: the explicit switch for dev mode. */
    String DEV_MODE = "inbox.dev-mode";
    /** Config key: the data directory (the embedded database's, and dev mode's key pair). */
    String DATA_DIR = "inbox.data.dir";
    /** The data directory when none is configured. */
    String DEFAULT_DATA_DIR = "./data";

    /** Verifies a token, or refuses it. */
    Verification verify(String token);

    /** Whether this mode serves, as decided at startup ({@link Verifying} may still wait for its JWKS). */
    AuthStatus status();

    /** The level of the startup line. */
    Level level();

    /** The startup line: what verifies tokens, or why nothing is served and what to set. */
    String startupLine();

    /** The dev keys, in dev mode. */
    default Optional<DevKeys> devKeys() {
        return Optional.empty();
    }

    /** The identity provider's keys, when a JWKS URL is configured. */
    default Optional<JwksKeys> jwks() {
        return Optional.empty();
    }

    /** Configured keys verify tokens. */
    record Verifying(TokenVerifier verifier, VerifierSettings settings) implements AuthMode {
        public Verifying {
            Objects.requireNonNull(verifier, "verifier");
            Objects.requireNonNull(settings, "settings");
        }

        @Override
        public Verification verify(String token) {
            return verifier.verify(token);
        }

        @Override
        public AuthStatus status() {
            return verifier.jwks().map(keys -> keys.loaded() ? AuthStatus.CONFIGURED : AuthStatus.KEYS_PENDING)
                    .orElse(AuthStatus.CONFIGURED);
        }

        @Override
        public Level level() {
            return Level.INFO;
        }

        @Override
        public String startupLine() {
            return "Token verification: " + settings.describe() + "; dev mode: off";
        }

        @Override
        public Optional<JwksKeys> jwks() {
            return verifier.jwks();
        }
    }

    /** No key and the switch on: the server's own key pair, kept in {@code keyFile}. */
    record DevMode(TokenVerifier verifier, DevKeys keys, Path keyFile) implements AuthMode {
        public DevMode {
            Objects.requireNonNull(verifier, "verifier");
            Objects.requireNonNull(keys, "keys");
            Objects.requireNonNull(keyFile, "keyFile");
        }

        @Override
        public Verification verify(String token) {
            return verifier.verify(token);
        }

        @Override
        public AuthStatus status() {
            return AuthStatus.DEV_MODE;
        }

        @Override
        public Level level() {
            return Level.WARNING;
        }

        @Override
        public String startupLine() {
            return "DEV MODE (inbox.dev-mode=true and no verification key): this server signs and accepts its own tokens "
                    + "for ANY user id (GET /api/dev/token/?user_id=N), so anyone who can reach it can read and write every "
                    + "conversation. Never run it like this in production. The dev signing key is kept in " + keyFile
                    + " (dev tokens survive a restart; delete the file to revoke them all).";
        }

        @Override
        public Optional<DevKeys> devKeys() {
            return Optional.of(keys);
        }
    }

    /**
     * Nothing is served.
     *
     * @param problem what is wrong and what to set, for the log (may name keys, files and URLs, never secrets)
     * @param reason  the same in a few words, safe for readiness data
     */
    record NotConfigured(String problem, String reason) implements AuthMode {
        public NotConfigured {
            Objects.requireNonNull(problem, "problem");
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public Verification verify(String token) {
            return new Verification.Refused(token == null || token.isBlank() ? RefusalReason.MISSING : RefusalReason.INVALID);
        }

        @Override
        public AuthStatus status() {
            return AuthStatus.NOT_CONFIGURED;
        }

        @Override
        public Level level() {
            return Level.SEVERE;
        }

        @Override
        public String startupLine() {
            return "NOT SERVING: " + problem + " Until then every WebSocket handshake and API call is refused with "
                    + "HTTP 503 and /health/ready is down.";
        }
    }

    /** Decides the mode from MicroProfile Config. Never throws for a bad configuration: that is {@link NotConfigured}. */
    static AuthMode fromConfig(Config config) {
        String devSwitch = string(config, DEV_MODE).orElse("false").toLowerCase(Locale.ROOT);
        if (!devSwitch.equals("true") && !devSwitch.equals("false")) {
            return new NotConfigured(DEV_MODE + " (INBOX_DEV_MODE) must be true or false, not '"
                    + string(config, DEV_MODE).orElse("") + "'.", DEV_MODE + " is neither true nor false");
        }
        boolean devMode = devSwitch.equals("true");
        VerifierSettings settings;
        try {
            settings = VerifierSettings.fromConfig(config);
        } catch (IllegalStateException | IllegalArgumentException e) {
            return new NotConfigured("the token verification key cannot be used: " + e.getMessage() + ".",
                    "the configured verification key cannot be used (see the server log)");
        }
        if (settings.hasVerificationKey()) {
            if (devMode) {
                return new NotConfigured(DEV_MODE + "=true (INBOX_DEV_MODE), but a verification key is configured ("
                        + String.join(", ", keySettings(config)) + "). Dev mode is only for a server without keys: in "
                        + "production remove " + DEV_MODE + "; on a development machine remove the key.",
                        DEV_MODE + "=true and a verification key are both set");
            }
            return new Verifying(new TokenVerifier(settings, null), settings);
        }
        if (!devMode) {
            return new NotConfigured("no token verification key is configured. Set "
                    + VerifierSettings.PUBLIC_KEY_LOCATION + " (MP_JWT_VERIFY_PUBLICKEY_LOCATION: a PEM or JWKS file, or "
                    + "an identity provider's JWKS https URL) with " + VerifierSettings.ISSUER + " (MP_JWT_VERIFY_ISSUER), or "
                    + VerifierSettings.PUBLIC_KEY + ", or " + VerifierSettings.LEGACY_SECRET + " (INBOX_AUTH_LEGACY_SECRET); on "
                    + "a development machine only, " + DEV_MODE + "=true (INBOX_DEV_MODE=true).",
                    "no verification key is configured and " + DEV_MODE + " is off");
        }
        Path keyFile;
        try {
            keyFile = Path.of(string(config, DATA_DIR).orElse(DEFAULT_DATA_DIR)).resolve(DevKeys.FILE_NAME)
                    .toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            return new NotConfigured("dev mode: " + DATA_DIR + " (INBOX_DATA_DIR) is not a valid path.",
                    "the data directory is not a valid path");
        }
        try {
            DevKeys keys = DevKeys.loadOrCreate(keyFile);
            return new DevMode(new TokenVerifier(settings, keys), keys, keyFile);
        } catch (IllegalStateException e) {
            return new NotConfigured("dev mode: " + e.getMessage() + ".", "the dev key file cannot be used (see the server log)");
        }
    }

    /** The verification key settings that are set, by name (never their values). */
    private static List<String> keySettings(Config config) {
        List<String> set = new ArrayList<>();
        for (String key : List.of(VerifierSettings.PUBLIC_KEY, VerifierSettings.PUBLIC_KEY_LOCATION, VerifierSettings.LEGACY_SECRET)) {
            if (string(config, key).isPresent()) {
                set.add(key);
            }
        }
        return set;
    }

    private static Optional<String> string(Config config, String key) {
        return config.getOptionalValue(key, String.class).map(String::strip).filter(s -> !s.isEmpty());
    }
}
