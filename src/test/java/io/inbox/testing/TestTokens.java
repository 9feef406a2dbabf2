package io.inbox.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.HmacKey;

/**
 * Mints tokens for the integration tests with the TEST-ONLY key pair in src/test/resources/keys, whose
 * public half the test server is configured with (issuer {@link #ISSUER}).
 */
public final class TestTokens {
    public static final String ISSUER = "https://inbox.test";
    /** The legacy Django SECRET_KEY the test server is configured with (test-only). */
    public static final String LEGACY_SECRET = "TEST-ONLY-django-insecure-secret-key-for-integration-tests";

    private static final PrivateKey PRIVATE_KEY = loadPrivateKey();

    private TestTokens() {
    }

    /** A valid RS256 token for the user, with username, display name and avatar claims. */
    public static String valid(long userId) {
        return rs256(claims(userId, ISSUER, Duration.ofHours(1)));
    }

    /** A valid RS256 token whose {@code groups} claim holds these groups (admins, services). */
    public static String withGroups(long userId, String... groups) {
        JwtClaims claims = claims(userId, ISSUER, Duration.ofHours(1));
        claims.setStringListClaim("groups", groups);
        return rs256(claims);
    }

    public static String valid(long userId, String name, String avatar) {
        JwtClaims claims = claims(userId, ISSUER, Duration.ofHours(1));
        claims.setStringClaim("name", name);
        if (avatar != null) {
            claims.setStringClaim("picture", avatar);
        }
        return rs256(claims);
    }

    public static String expired(long userId) {
        JwtClaims claims = claims(userId, ISSUER, Duration.ofHours(1));
        claims.setIssuedAt(NumericDate.fromMilliseconds(System.currentTimeMillis() - 7_200_000));
        claims.setExpirationTime(NumericDate.fromMilliseconds(System.currentTimeMillis() - 3_600_000));
        return rs256(claims);
    }

    public static String wrongIssuer(long userId) {
        return rs256(claims(userId, "https://someone-else.example", Duration.ofHours(1)));
    }

    /** A valid token whose payload was changed afterwards (the signature no longer matches). */
    public static String tampered(long userId, long otherUserId) {
        String[] parts = valid(userId).split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"sub\":\"" + userId + "\"", "\"sub\":\"" + otherUserId + "\"");
        return parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8))
                + "." + parts[2];
    }

    /** An unsigned token ({@code alg: none}). */
    public static String algNone(long userId) {
        String header = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload = Base64.getUrlEncoder().withoutPadding().encodeToString(
                claims(userId, ISSUER, Duration.ofHours(1)).toJson().getBytes(StandardCharsets.UTF_8));
        return header + "." + payload + ".";
    }

    /** HS256 keyed with the server's RSA public key text (the classic key-confusion attack). */
    public static String hs256WithPublicKey(long userId) {
        try (InputStream in = TestTokens.class.getResourceAsStream("/keys/TEST-ONLY-it-public.pem")) {
            byte[] publicKeyPem = in.readAllBytes();
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(claims(userId, ISSUER, Duration.ofHours(1)).toJson());
            jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
            jws.setKey(new HmacKey(publicKeyPem));
            jws.setDoKeyValidation(false);
            return jws.getCompactSerialization();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A token as djangorestframework-simplejwt issues it by default: HS256 with the Django SECRET_KEY,
     * {@code token_type}, {@code user_id} (a number, or a string since simplejwt 5.5.1), {@code exp}, {@code jti}.
     *
     * @param userId      the {@code user_id} claim value: a Long or a String; null leaves it out
     * @param tokenType   the {@code token_type} claim; null leaves it out
     * @param ttl         negative for an expired token
     */
    public static String legacy(Object userId, String tokenType, Duration ttl, String secret) {
        JwtClaims claims = new JwtClaims();
        if (tokenType != null) {
            claims.setStringClaim("token_type", tokenType);
        }
        long now = System.currentTimeMillis();
        claims.setExpirationTime(NumericDate.fromMilliseconds(now + ttl.toMillis()));
        claims.setIssuedAt(NumericDate.fromMilliseconds(Math.min(now, now + ttl.toMillis()) - 60_000));
        claims.setJwtId(UUID.randomUUID().toString().replace("-", ""));
        if (userId != null) {
            claims.setClaim("user_id", userId);
        }
        try {
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(claims.toJson());
            jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
            jws.setHeader("typ", "JWT");
            jws.setKey(new HmacKey(secret.getBytes(StandardCharsets.UTF_8)));
            jws.setDoKeyValidation(false);
            return jws.getCompactSerialization();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A valid legacy access token for the user. */
    public static String legacy(long userId) {
        return legacy(userId, "access", Duration.ofMinutes(5), LEGACY_SECRET);
    }

    private static JwtClaims claims(long userId, String issuer, Duration ttl) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(issuer);
        claims.setSubject(Long.toString(userId));
        claims.setStringClaim("upn", "user" + userId);
        claims.setStringClaim("name", "User " + userId);
        claims.setIssuedAt(NumericDate.fromMilliseconds(System.currentTimeMillis() - 60_000));
        claims.setExpirationTime(NumericDate.fromMilliseconds(System.currentTimeMillis() + ttl.toMillis()));
        claims.setJwtId(UUID.randomUUID().toString());
        return claims;
    }

    private static String rs256(JwtClaims claims) {
        try {
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(claims.toJson());
            jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
            jws.setKey(PRIVATE_KEY);
            return jws.getCompactSerialization();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static PrivateKey loadPrivateKey() {
        try (InputStream in = TestTokens.class.getResourceAsStream("/keys/TEST-ONLY-it-private.pem")) {
            String pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            String base64 = pem.lines().filter(l -> !l.startsWith("-----") && !l.startsWith("#"))
                    .reduce("", String::concat);
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the TEST-ONLY private key", e);
        }
    }
}
