package io.inbox.auth;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.eclipse.microprofile.config.Config;
import org.jose4j.json.JsonUtil;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.lang.JoseException;

/**
 * What {@link TokenVerifier} needs to know: the public keys for RS256/ES256 tokens (given, or published by an
 * identity provider as a JWKS URL), the expected issuer, the claim holding the user id, the legacy HS256 secret
 * (djangorestframework-simplejwt) and the allowed clock skew.
 *
 * @param publicKeys         RSA and EC public keys for RS256/ES256 tokens; empty when none is given (none, or a JWKS URL)
 * @param publicKeyAlgorithm the declared algorithm, {@code RS256} (default) or {@code ES256}; tokens of
 *                           either algorithm are accepted when a key of the matching type is configured
 * @param issuer             the required {@code iss} of RS256/ES256 tokens, or {@code null} for any
 * @param legacySecret       the shared HS256 secret (the Django SECRET_KEY), or {@code null} to refuse HS256
 * @param legacyIssuer       the required {@code iss} of legacy tokens, or {@code null} to not check it
 * @param clockSkewSeconds   the tolerance for {@code exp} and {@code nbf}, not negative
 * @param jwks               the identity provider's JWKS URL and how it is fetched, or {@code null} for none
 * @param userIdClaim        the claim of RS256/ES256 tokens that holds the numeric user id ({@value #DEFAULT_USER_ID_CLAIM}
 *                           unless configured)
 */
public record VerifierSettings(
        List<PublicJsonWebKey> publicKeys,
        String publicKeyAlgorithm,
        String issuer,
        String legacySecret,
        String legacyIssuer,
        int clockSkewSeconds,
        JwksSettings jwks,
        String userIdClaim) {

    /** Config key: inline PEM public key or JWK/JWKS JSON. */
    public static final String PUBLIC_KEY = "mp.jwt.verify.publickey";
    /**
     * Config key: where to read the PEM public key or JWK/JWKS from (classpath, file path or {@code file:} URL), or
     * the http(s) URL of an identity provider's JWKS.
     */
    public static final String PUBLIC_KEY_LOCATION = "mp.jwt.verify.publickey.location";
    /** Config key: the required issuer of RS256/ES256 tokens. */
    public static final String ISSUER = "mp.jwt.verify.issuer";
    /** Config key: the declared public key algorithm, RS256 or ES256. */
    public static final String PUBLIC_KEY_ALGORITHM = "mp.jwt.verify.publickey.algorithm";
    /** Config key: the shared HS256 secret of legacy (Django) tokens. */
    public static final String LEGACY_SECRET = "inbox.auth.legacy-secret";
    /** Config key: the required issuer of legacy tokens. */
    public static final String LEGACY_ISSUER = "inbox.auth.legacy-issuer";
    /** Config key: the allowed clock skew in seconds. */
    public static final String CLOCK_SKEW_SECONDS = "inbox.auth.clock-skew-seconds";
    /** Config key: the claim of RS256/ES256 tokens that holds the numeric user id. */
    public static final String USER_ID_CLAIM = "inbox.auth.user-id-claim";

    /** The algorithm assumed when none is configured. */
    public static final String DEFAULT_ALGORITHM = "RS256";
    /** The clock skew assumed when none is configured. */
    public static final int DEFAULT_CLOCK_SKEW_SECONDS = 30;
    /** The user id claim of RS256/ES256 tokens unless configured (the protocol's). */
    public static final String DEFAULT_USER_ID_CLAIM = "sub";

    private static final List<String> ALGORITHMS = List.of("RS256", "ES256");
    private static final int MAX_KEY_CHARS = 1 << 20;

    /** Normalises blanks to {@code null}, copies the key list and checks the algorithm and skew. */
    public VerifierSettings {
        userIdClaim = blankToNull(userIdClaim) == null ? DEFAULT_USER_ID_CLAIM : userIdClaim.strip();
        publicKeys = publicKeys == null ? List.of() : List.copyOf(publicKeys);
        publicKeyAlgorithm = blankToNull(publicKeyAlgorithm) == null ? DEFAULT_ALGORITHM : publicKeyAlgorithm.strip();
        if (!ALGORITHMS.contains(publicKeyAlgorithm)) {
            throw new IllegalArgumentException("publicKeyAlgorithm must be one of " + ALGORITHMS);
        }
        issuer = blankToNull(issuer);
        legacySecret = blankToNull(legacySecret);
        legacyIssuer = blankToNull(legacyIssuer);
        if (clockSkewSeconds < 0) {
            throw new IllegalArgumentException("clockSkewSeconds must not be negative");
        }
        if (jwks != null && !publicKeys.isEmpty()) {
            throw new IllegalArgumentException("either public keys or a JWKS URL, not both");
        }
    }

    /** Settings with given keys (or none), without a JWKS URL, user id in {@code sub}. */
    public VerifierSettings(List<PublicJsonWebKey> publicKeys, String publicKeyAlgorithm, String issuer,
                            String legacySecret, String legacyIssuer, int clockSkewSeconds) {
        this(publicKeys, publicKeyAlgorithm, issuer, legacySecret, legacyIssuer, clockSkewSeconds, null, null);
    }

    /**
     * Reads the settings from MicroProfile Config.
     *
     * @throws IllegalStateException when a configured key cannot be read or parsed, or a value is
     *                               invalid; the message names the config key and location, never key
     *                               content or secrets
     */
    public static VerifierSettings fromConfig(Config config) {
        Optional<String> inline = string(config, PUBLIC_KEY);
        Optional<String> location = string(config, PUBLIC_KEY_LOCATION);
        if (inline.isPresent() && location.isPresent()) {
            throw new IllegalStateException("Set only one of " + PUBLIC_KEY + " and " + PUBLIC_KEY_LOCATION);
        }
        JwksSettings jwks = location.filter(JwksSettings::isHttp).map(url -> JwksSettings.fromConfig(config, url))
                .orElse(null);
        List<PublicJsonWebKey> keys = inline.map(text -> parseKey(text, PUBLIC_KEY + " (inline value)"))
                .or(() -> location.filter(where -> !JwksSettings.isHttp(where)).map(VerifierSettings::loadKey))
                .orElse(List.of());

        String algorithm = string(config, PUBLIC_KEY_ALGORITHM).map(String::strip).orElse(DEFAULT_ALGORITHM);
        if (!ALGORITHMS.contains(algorithm)) {
            throw new IllegalStateException(PUBLIC_KEY_ALGORITHM + " must be one of " + ALGORITHMS);
        }
        int skew = clockSkew(config);
        return new VerifierSettings(keys, algorithm,
                string(config, ISSUER).orElse(null),
                config.getOptionalValue(LEGACY_SECRET, String.class).orElse(null),
                string(config, LEGACY_ISSUER).orElse(null),
                skew,
                jwks,
                string(config, USER_ID_CLAIM).orElse(null));
    }

    /** Whether RS256/ES256 tokens can be verified: a public key is given, or a JWKS URL. */
    public boolean hasPublicKeys() {
        return !publicKeys.isEmpty() || jwks != null;
    }

    /** Whether legacy HS256 tokens can be verified. */
    public boolean hasLegacySecret() {
        return legacySecret != null;
    }

    /** Whether anything can verify tokens: a public key or the legacy secret. */
    public boolean hasVerificationKey() {
        return hasPublicKeys() || hasLegacySecret();
    }

    /** What verifies tokens, in one sentence for the startup log: no secret, no key material. */
    public String describe() {
        String rs256 = jwks != null
                ? "keys from the JWKS at " + jwks.location() + " (chosen by kid; fetched again after "
                        + jwks.cacheDuration().toSeconds() + " s unless the answer says otherwise, or on an unknown kid"
                        + (jwks.minRefreshInterval().isZero() ? ")" : " at most every " + jwks.minRefreshInterval().toSeconds() + " s)")
                : publicKeys.isEmpty() ? "none" : publicKeys.size() + (publicKeys.size() == 1 ? " public key" : " public keys");
        return "RS256/ES256 tokens: " + rs256
                + (hasPublicKeys() ? ", issuer " + (issuer == null ? "not checked" : issuer)
                        + ", user id from the " + userIdClaim + " claim" : "")
                + "; legacy HS256 tokens: " + (legacySecret == null ? "refused" : "accepted");
    }

    /** Describes the settings without the secret or key material. */
    @Override
    public String toString() {
        return "VerifierSettings[publicKeys=" + publicKeys.size()
                + ", publicKeyAlgorithm=" + publicKeyAlgorithm
                + ", issuer=" + issuer
                + ", legacySecret=" + (legacySecret == null ? "none" : "***")
                + ", legacyIssuer=" + legacyIssuer
                + ", clockSkewSeconds=" + clockSkewSeconds
                + ", jwks=" + (jwks == null ? "none" : jwks.location())
                + ", userIdClaim=" + userIdClaim + "]";
    }

    /**
     * Reads and parses the public key(s) at {@code location}: a classpath resource
     * ({@code /keys/x.pem}, {@code keys/x.pem} or {@code classpath:keys/x.pem}), a file path or a
     * {@code file:} URL, holding a PEM public key or a JWK/JWKS (an http(s) URL is a {@link JwksSettings JWKS to fetch}).
     *
     * @throws IllegalStateException naming {@link #PUBLIC_KEY_LOCATION} and the location
     */
    static List<PublicJsonWebKey> loadKey(String location) {
        String where = location.strip();
        String text = read(where);
        if (text == null) {
            throw new IllegalStateException(PUBLIC_KEY_LOCATION + ": no readable key at '" + where + "'");
        }
        return parseKey(text, PUBLIC_KEY_LOCATION + " '" + where + "'");
    }

    /**
     * Parses a PEM public key (with or without BEGIN/END lines) or a JWK/JWKS, keeping only the
     * public RSA and EC keys.
     *
     * @param source where the text came from, for the error message: the config key and location
     * @throws IllegalStateException naming {@code source}, never the content
     */
    static List<PublicJsonWebKey> parseKey(String text, String source) {
        String trimmed = text.strip();
        List<PublicJsonWebKey> keys = trimmed.startsWith("{") ? parseJwks(trimmed) : parsePem(trimmed);
        if (keys.isEmpty()) {
            throw new IllegalStateException(source
                    + " is not a PEM public key or a JWK/JWKS holding an RSA or EC public key");
        }
        return keys;
    }

    private static List<PublicJsonWebKey> parseJwks(String json) {
        try {
            Map<String, Object> members = JsonUtil.parseJson(json);
            List<JsonWebKey> found = members.containsKey(JsonWebKeySet.JWK_SET_MEMBER_NAME)
                    ? new JsonWebKeySet(json).getJsonWebKeys()
                    : List.of(JsonWebKey.Factory.newJwk(members));
            List<PublicJsonWebKey> keys = new ArrayList<>();
            for (JsonWebKey jwk : found) {
                if (jwk instanceof RsaJsonWebKey || jwk instanceof EllipticCurveJsonWebKey) {
                    // drop any private part: only the public key is ever needed here
                    keys.add(PublicJsonWebKey.Factory.newPublicJwk(
                            jwk.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY)));
                }
            }
            return keys;
        } catch (JoseException | RuntimeException e) {
            return List.of();
        }
    }

    private static List<PublicJsonWebKey> parsePem(String pem) {
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(pemBody(pem));
        } catch (IllegalArgumentException e) {
            return List.of();
        }
        if (der.length == 0) {
            return List.of();
        }
        for (String type : List.of("RSA", "EC")) {
            try {
                PublicKey key = KeyFactory.getInstance(type).generatePublic(new X509EncodedKeySpec(der));
                return List.of(PublicJsonWebKey.Factory.newPublicJwk(key));
            } catch (Exception e) {
                // not this key type: try the next one
            }
        }
        return List.of();
    }

    /** The base64 body of a PEM: between the BEGIN/END PUBLIC KEY lines, or all of it without them. */
    private static String pemBody(String pem) {
        int begin = pem.indexOf("-----BEGIN ");
        if (begin < 0) {
            return pem;
        }
        int headerEnd = pem.indexOf("-----", begin + "-----BEGIN ".length());
        if (headerEnd < 0) {
            return "";
        }
        String label = pem.substring(begin + "-----BEGIN ".length(), headerEnd);
        if (!label.equals("PUBLIC KEY")) {
            return "";
        }
        int bodyStart = headerEnd + "-----".length();
        int end = pem.indexOf("-----END ", bodyStart);
        return end < 0 ? "" : pem.substring(bodyStart, end);
    }

    /** The text at a location (not an http(s) URL: {@link JwksKeys} fetches those), or {@code null} when there is nothing readable there. */
    private static String read(String location) {
        String lower = location.toLowerCase(Locale.ROOT);
        if (lower.startsWith("classpath:")) {
            return resource(location.substring("classpath:".length()));
        }
        if (lower.startsWith("file:")) {
            return file(fileUrlPath(location));
        }
        String fromFile = file(plainPath(location));
        return fromFile != null ? fromFile : resource(location);
    }

    private static Path fileUrlPath(String location) {
        try {
            return Path.of(URI.create(location));
        } catch (IllegalArgumentException | FileSystemNotFoundException e) {
            // an opaque URL such as file:relative/x.pem
            return plainPath(location.substring("file:".length()));
        }
    }

    private static Path plainPath(String location) {
        try {
            return Path.of(location);
        } catch (InvalidPathException e) {
            return null;
        }
    }

    private static String file(Path path) {
        if (path == null || !Files.isRegularFile(path) || !Files.isReadable(path)) {
            return null;
        }
        try {
            if (Files.size(path) > MAX_KEY_CHARS) {
                return null;
            }
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
    }

    private static String resource(String name) {
        String path = name.startsWith("/") ? name.substring(1) : name;
        if (path.isEmpty()) {
            return null;
        }
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        String text = context == null ? null : resource(context, path);
        return text != null ? text : resource(VerifierSettings.class.getClassLoader(), path);
    }

    private static String resource(ClassLoader loader, String path) {
        if (loader == null) {
            return null;
        }
        try (InputStream in = loader.getResourceAsStream(path)) {
            if (in == null) {
                return null;
            }
            byte[] bytes = in.readNBytes(MAX_KEY_CHARS + 1);
            return bytes.length > MAX_KEY_CHARS ? null : new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
    }

    private static Optional<String> string(Config config, String key) {
        return config.getOptionalValue(key, String.class).map(String::strip).filter(s -> !s.isEmpty());
    }

    private static int clockSkew(Config config) {
        Optional<String> value = string(config, CLOCK_SKEW_SECONDS);
        if (value.isEmpty()) {
            return DEFAULT_CLOCK_SKEW_SECONDS;
        }
        try {
            int skew = Integer.parseInt(value.get());
            if (skew >= 0) {
                return skew;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalStateException(CLOCK_SKEW_SECONDS + " must be a non-negative whole number of seconds");
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
