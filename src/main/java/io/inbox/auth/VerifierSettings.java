package io.inbox.auth;

import java.util.List;
import java.util.Optional;

import org.eclipse.microprofile.config.Config;
import org.jose4j.jwk.PublicJsonWebKey;

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
        List<PublicJsonWebKey> keys = inline.map(text -> PublicKeys.parse(text, PUBLIC_KEY + " (inline value)"))
                .or(() -> location.filter(where -> !JwksSettings.isHttp(where)).map(PublicKeys::load))
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
