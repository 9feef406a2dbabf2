package io.inbox.auth;

import java.time.Duration;
import java.util.Objects;
import java.util.UUID;

import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

/**
 * An in-memory RSA key pair for development: mints RS256 tokens issued by {@value #ISSUER} that a
 * dev-mode {@link TokenVerifier} accepts. The keys live only as long as this object; nothing is
 * written anywhere. Thread-safe.
 */
public final class DevKeys {

    /** The issuer of every dev token. */
    public static final String ISSUER = "inbox-dev";

    private static final int KEY_BITS = 2048;

    private final RsaJsonWebKey signingKey;
    private final PublicJsonWebKey publicKey;

    /** Generates a fresh RSA 2048 key pair with a random key id. */
    public DevKeys() {
        try {
            RsaJsonWebKey generated = RsaJwkGenerator.generateJwk(KEY_BITS);
            String kid = ISSUER + "-" + UUID.randomUUID();
            generated.setKeyId(kid);
            generated.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
            generated.setUse("sig");
            this.signingKey = generated;
            this.publicKey = PublicJsonWebKey.Factory.newPublicJwk(generated.getPublicKey());
            this.publicKey.setKeyId(kid);
            this.publicKey.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
            this.publicKey.setUse("sig");
        } catch (JoseException e) {
            throw new IllegalStateException("Cannot generate the dev RSA key pair", e);
        }
    }

    /** The issuer of the minted tokens, {@value #ISSUER}. */
    public String issuer() {
        return ISSUER;
    }

    /** The public half of the dev key (no private part), for verification. */
    public PublicJsonWebKey publicKey() {
        return publicKey;
    }

    /**
     * Mints an RS256 token for a user. Null claims are left out.
     *
     * @param userId   becomes {@code sub}
     * @param username becomes {@code upn} and {@code preferred_username}
     * @param name     becomes {@code name}
     * @param avatar   becomes {@code picture}
     * @param ttl      how long the token lives from now; a negative value mints an already expired token
     * @return the compact JWS
     */
    public String mint(long userId, String username, String name, String avatar, Duration ttl) {
        Objects.requireNonNull(ttl, "ttl");
        NumericDate now = NumericDate.now();
        NumericDate expiry = NumericDate.fromSeconds(now.getValue());
        expiry.addSeconds(ttl.toSeconds());

        JwtClaims claims = new JwtClaims();
        claims.setIssuer(ISSUER);
        claims.setSubject(Long.toString(userId));
        claimIfPresent(claims, "upn", username);
        claimIfPresent(claims, "preferred_username", username);
        claimIfPresent(claims, "name", name);
        claimIfPresent(claims, "picture", avatar);
        claims.setIssuedAt(now);
        claims.setExpirationTime(expiry);
        claims.setJwtId(UUID.randomUUID().toString());

        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(signingKey.getPrivateKey());
        jws.setKeyIdHeaderValue(signingKey.getKeyId());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setHeader("typ", "JWT");
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("Cannot sign a dev token", e);
        }
    }

    private static void claimIfPresent(JwtClaims claims, String claim, String value) {
        if (value != null) {
            claims.setStringClaim(claim, value);
        }
    }
}
