package io.inbox.auth;

import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.jose4j.json.JsonUtil;
import org.jose4j.jwa.AlgorithmConstraints.ConstraintType;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.ErrorCodeValidator;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.keys.HmacKey;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.jose4j.lang.JoseException;

/**
 * The one place where bearer tokens are checked. Routes on the JWS {@code alg} header:
 * <ul>
 *   <li>{@code RS256} / {@code ES256}: signed by a configured public key, by a key of the identity provider's
 *       JWKS ({@link JwksKeys}, chosen by {@code kid}), or, in dev mode, by the {@link DevKeys} key with issuer
 *       {@value DevKeys#ISSUER}; {@code sub} (or the configured {@link VerifierSettings#userIdClaim()}) is the
 *       numeric user id, the username comes from {@code upn} or else {@code preferred_username};</li>
 *   <li>{@code HS256}: legacy djangorestframework-simplejwt access tokens, only when the legacy secret
 *       is configured; the user id comes from {@code user_id};</li>
 *   <li>anything else is refused.</li>
 * </ul>
 * Every path requires {@code exp}. Thread-safe; never logs a token or claim values.
 */
public final class TokenVerifier {

    private static final Logger LOG = Logger.getLogger(TokenVerifier.class.getName());

    /** Longer tokens are refused before any parsing. */
    static final int MAX_TOKEN_CHARS = 16 * 1024;

    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Pattern SIGNATURE_SEGMENT = Pattern.compile("[A-Za-z0-9_-]*");
    private static final Pattern USER_ID = Pattern.compile("[1-9][0-9]{0,18}");

    private static final String RS256 = AlgorithmIdentifiers.RSA_USING_SHA256;
    private static final String ES256 = AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256;
    private static final String HS256 = AlgorithmIdentifiers.HMAC_SHA256;

    private final boolean devMode;
    private final JwksKeys jwks;
    private final String userIdClaim;
    private final JwtConsumer rs256;
    private final JwtConsumer es256;
    private final JwtConsumer hs256;

    /**
     * Builds a verifier.
     *
     * @param settings      the keys (or JWKS URL), issuers, legacy secret and clock skew
     * @param devKeysOrNull the dev keys in dev mode, in which case RS256 tokens are checked against the
     *                      dev key, issuer and {@code sub} instead of the configured ones; {@code null} otherwise
     */
    public TokenVerifier(VerifierSettings settings, DevKeys devKeysOrNull) {
        this.devMode = devKeysOrNull != null;
        this.jwks = devMode || settings.jwks() == null ? null : new JwksKeys(settings.jwks());
        this.userIdClaim = devMode ? VerifierSettings.DEFAULT_USER_ID_CLAIM : settings.userIdClaim();
        List<PublicJsonWebKey> keys = devMode ? List.of(devKeysOrNull.publicKey()) : settings.publicKeys();
        String issuer = devMode ? devKeysOrNull.issuer() : settings.issuer();
        int skew = settings.clockSkewSeconds();

        List<PublicJsonWebKey> rsaKeys = keysWhere(keys, key -> key instanceof RSAPublicKey);
        List<PublicJsonWebKey> p256Keys = keysWhere(keys, TokenVerifier::isP256);
        if (jwks != null) {
            // the set may hold both key types; the resolver picks one of the algorithm's type by kid
            this.rs256 = builder(RS256, issuer, skew).setVerificationKeyResolver(jwks.resolver()).build();
            this.es256 = builder(ES256, issuer, skew).setVerificationKeyResolver(jwks.resolver()).build();
        } else {
            this.rs256 = rsaKeys.isEmpty() ? null : consumer(builder(RS256, issuer, skew), rsaKeys);
            this.es256 = p256Keys.isEmpty() ? null : consumer(builder(ES256, issuer, skew), p256Keys);
        }
        this.hs256 = settings.legacySecret() == null ? null
                : builder(HS256, settings.legacyIssuer(), skew)
                        .setVerificationKey(new HmacKey(settings.legacySecret().getBytes(StandardCharsets.UTF_8)))
                        .setRelaxVerificationKeyValidation()
                        .build();

        if (!devMode && !keys.isEmpty()
                && (RS256.equals(settings.publicKeyAlgorithm()) ? rs256 : es256) == null) {
            LOG.warning(VerifierSettings.PUBLIC_KEY_ALGORITHM + " is " + settings.publicKeyAlgorithm()
                    + " but no configured key has the matching type");
        }
        LOG.config(() -> "Token verifier: devMode=" + devMode + ", RS256=" + (rs256 != null)
                + ", ES256=" + (es256 != null) + ", JWKS=" + (jwks != null) + ", legacy HS256=" + (hs256 != null));
    }

    /** Whether RS256 tokens are checked against the {@link DevKeys}. */
    public boolean devMode() {
        return devMode;
    }

    /** The identity provider's keys, when a JWKS URL is configured (and this is not dev mode). */
    public java.util.Optional<JwksKeys> jwks() {
        return java.util.Optional.ofNullable(jwks);
    }

    /**
     * Verifies a bearer token.
     *
     * @param token the compact JWS, possibly {@code null}
     * @return {@link Verification.Valid} with the identity, or {@link Verification.Refused} with the reason
     */
    public Verification verify(String token) {
        if (token == null || token.isBlank()) {
            return refuse(RefusalReason.MISSING, "no token");
        }
        String compact = token.strip();
        String algorithm = algorithmOf(compact);
        if (algorithm == null) {
            return refuse(RefusalReason.MALFORMED, "not a compact JWS with JSON header and payload");
        }
        return switch (algorithm) {
            case RS256 -> check(rs256, RS256, compact, false);
            case ES256 -> check(es256, ES256, compact, false);
            case HS256 -> check(hs256, HS256, compact, true);
            default -> refuse(RefusalReason.INVALID, "unsupported algorithm");
        };
    }

    private Verification check(JwtConsumer consumer, String algorithm, String token, boolean legacy) {
        if (consumer == null) {
            return refuse(RefusalReason.INVALID, algorithm + " tokens are not accepted by this configuration");
        }
        JwtClaims claims;
        try {
            claims = consumer.processToClaims(token);
        } catch (InvalidJwtException e) {
            return onlyExpired(e)
                    ? refuse(RefusalReason.EXPIRED, algorithm + " token expired")
                    : refuse(RefusalReason.INVALID, algorithm + " token rejected, error codes " + errorCodes(e));
        }
        try {
            Identity identity = legacy ? legacyIdentity(claims) : identity(claims, userIdClaim);
            return identity == null
                    ? refuse(RefusalReason.INVALID, algorithm + " token has no usable user id or token type")
                    : new Verification.Valid(identity);
        } catch (MalformedClaimException e) {
            return refuse(RefusalReason.INVALID, algorithm + " token has a claim of the wrong type");
        }
    }

    /**
     * RS256/ES256: {@code sub} is the user id (a decimal string), or the configured claim (a JSON integer or a
     * decimal string); username from {@code upn}, else {@code preferred_username}.
     */
    private static Identity identity(JwtClaims claims, String userIdClaim) throws MalformedClaimException {
        Long userId = userId(VerifierSettings.DEFAULT_USER_ID_CLAIM.equals(userIdClaim)
                ? claims.getSubject() : claims.getClaimValue(userIdClaim));
        if (userId == null) {
            return null;
        }
        String username = nonBlank(claims.getStringClaimValue("upn"));
        if (username == null) {
            username = nonBlank(claims.getStringClaimValue("preferred_username"));
        }
        return new Identity(userId, username, claims.getStringClaimValue("name"), claims.getStringClaimValue("picture"),
                groups(claims));
    }

    /** HS256 (simplejwt): an access token whose {@code user_id} is a JSON integer or a numeric string. */
    private static Identity legacyIdentity(JwtClaims claims) throws MalformedClaimException {
        if (!"access".equals(claims.getClaimValue("token_type"))) {
            return null;
        }
        Long userId = userId(claims.getClaimValue("user_id"));
        if (userId == null) {
            return null;
        }
        return new Identity(userId, nonBlank(claims.getStringClaimValue("username")),
                claims.getStringClaimValue("name"), null, groups(claims));
    }

    /** A positive user id from a JSON integer or a decimal string, else {@code null}. */
    private static Long userId(Object value) {
        if (value instanceof Long number) {
            return number > 0 ? number : null;
        }
        if (value instanceof Integer number) {
            return number > 0 ? number.longValue() : null;
        }
        if (value instanceof String text && USER_ID.matcher(text).matches()) {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /**
     * The {@code alg} header of a well-formed compact JWS (three base64url segments, JSON object
     * header and payload); {@code ""} when the header has no string {@code alg}; {@code null} when
     * the token is malformed.
     */
    private static String algorithmOf(String token) {
        if (token.length() > MAX_TOKEN_CHARS) {
            return null;
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3
                || !SEGMENT.matcher(parts[0]).matches()
                || !SEGMENT.matcher(parts[1]).matches()
                || !SIGNATURE_SEGMENT.matcher(parts[2]).matches()) {
            return null;
        }
        Map<String, Object> header = jsonObject(parts[0]);
        if (header == null || jsonObject(parts[1]) == null) {
            return null;
        }
        return header.get("alg") instanceof String alg ? alg : "";
    }

    private static Map<String, Object> jsonObject(String segment) {
        try {
            String json = new String(Base64.getUrlDecoder().decode(segment), StandardCharsets.UTF_8);
            return JsonUtil.parseJson(json);
        } catch (IllegalArgumentException | JoseException e) {
            return null;
        }
    }

    private static boolean onlyExpired(InvalidJwtException e) {
        List<ErrorCodeValidator.Error> details = e.getErrorDetails();
        return !details.isEmpty() && details.stream().allMatch(d -> d.getErrorCode() == ErrorCodes.EXPIRED);
    }

    private static String errorCodes(InvalidJwtException e) {
        return e.getErrorDetails().stream()
                .map(d -> Integer.toString(d.getErrorCode()))
                .collect(Collectors.joining(",", "[", "]"));
    }

    private static JwtConsumerBuilder builder(String algorithm, String issuer, int skewSeconds) {
        JwtConsumerBuilder builder = new JwtConsumerBuilder()
                .setJwsAlgorithmConstraints(ConstraintType.PERMIT, algorithm)
                .setRequireExpirationTime()
                .setAllowedClockSkewInSeconds(skewSeconds)
                .setSkipDefaultAudienceValidation();
        if (issuer != null) {
            builder.setExpectedIssuer(issuer);
        }
        return builder;
    }

    private static List<PublicJsonWebKey> keysWhere(List<PublicJsonWebKey> keys, Predicate<Key> test) {
        List<PublicJsonWebKey> matching = new ArrayList<>();
        for (PublicJsonWebKey key : keys) {
            if (test.test(key.getPublicKey())) {
                matching.add(key);
            }
        }
        return matching;
    }

    /**
     * A single key verifies every token (as with a PEM key, whatever its {@code kid}); several keys
     * (a JWKS) are matched by {@code kid}, or by trying each when the token names none.
     */
    private static JwtConsumer consumer(JwtConsumerBuilder builder, List<PublicJsonWebKey> keys) {
        if (keys.size() == 1) {
            return builder.setVerificationKey(keys.get(0).getPublicKey()).build();
        }
        JwksVerificationKeyResolver resolver = new JwksVerificationKeyResolver(new ArrayList<JsonWebKey>(keys));
        resolver.setDisambiguateWithVerifySignature(true);
        return builder.setVerificationKeyResolver(resolver).build();
    }

    private static boolean isP256(Key key) {
        return key instanceof ECPublicKey ec
                && EllipticCurves.P_256.equals(EllipticCurves.getName(ec.getParams().getCurve()));
    }

    /** The {@code groups} claim: an array of strings (anything else counts as no groups). */
    private static java.util.Set<String> groups(org.jose4j.jwt.JwtClaims claims) {
        Object value = claims.getClaimValue("groups");
        if (!(value instanceof List<?> list)) {
            return java.util.Set.of();
        }
        return list.stream().filter(String.class::isInstance).map(String.class::cast).collect(Collectors.toSet());
    }

    private static String nonBlank(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static Verification refuse(RefusalReason reason, String detail) {
        if (LOG.isLoggable(Level.FINE)) {
            LOG.fine("Token refused (" + reason.description() + "): " + detail);
        }
        return new Verification.Refused(reason);
    }
}
