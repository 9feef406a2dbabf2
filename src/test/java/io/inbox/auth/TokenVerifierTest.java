package io.inbox.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import org.jose4j.jwa.AlgorithmConstraints;
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
import org.jose4j.keys.HmacKey;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TokenVerifierTest {

    private static final String ISSUER = "https://auth.example.test";
    /** TEST-ONLY Django-style secret (50 characters). */
    private static final String LEGACY_SECRET = "django-insecure-TEST-ONLY-0123456789abcdefghijklmn";

    private static RsaJsonWebKey rsaKey;
    private static RsaJsonWebKey otherRsaKey;
    private static EllipticCurveJsonWebKey ecKey;
    private static DevKeys devKeys;

    @BeforeAll
    static void generateKeys() throws Exception {
        rsaKey = RsaJwkGenerator.generateJwk(2048);
        rsaKey.setKeyId("test-rsa");
        otherRsaKey = RsaJwkGenerator.generateJwk(2048);
        otherRsaKey.setKeyId("test-rsa");
        ecKey = EcJwkGenerator.generateJwk(EllipticCurves.P256);
        ecKey.setKeyId("test-ec");
        devKeys = new DevKeys();
    }

    // ---- RS256 / ES256 ----

    @Test
    void validRs256TokenWithAllClaimsYieldsTheIdentity() throws Exception {
        JwtClaims claims = claims("7");
        claims.setStringClaim("upn", "alice");
        claims.setStringClaim("name", "Alice Liddell");
        claims.setStringClaim("picture", "https://cdn.example.test/alice.png");

        Verification result = verifier().verify(sign(claims, AlgorithmIdentifiers.RSA_USING_SHA256, rsaKey.getPrivateKey()));

        assertEquals(new Identity(7, "alice", "Alice Liddell", "https://cdn.example.test/alice.png"), identityOf(result));
    }

    @Test
    void validRs256TokenWithOnlySubjectHasNullOptionalFields() throws Exception {
        Verification result = verifier().verify(sign(claims("7"), AlgorithmIdentifiers.RSA_USING_SHA256, rsaKey.getPrivateKey()));

        assertEquals(new Identity(7, null, null, null), identityOf(result));
    }

    @Test
    void validEs256TokenIsAccepted() throws Exception {
        JwtClaims claims = claims("9");
        claims.setStringClaim("preferred_username", "bob");

        Verification result = verifierWith(new VerifierSettings(List.of(ecKey), "ES256", ISSUER, null, null, 30))
                .verify(sign(claims, AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256, ecKey.getPrivateKey()));

        assertEquals(new Identity(9, "bob", null, null), identityOf(result));
    }

    @Test
    void rs256TokenIsAcceptedWhenAKeySetHoldsBothKeyTypes() throws Exception {
        TokenVerifier verifier = verifierWith(settings(List.of(rsaKey, ecKey), ISSUER, null));

        assertEquals(7, identityOf(verifier.verify(sign(claims("7"), AlgorithmIdentifiers.RSA_USING_SHA256, rsaKey.getPrivateKey()))).userId());
    }

    @Test
    void es256TokenIsAcceptedWhenAKeySetHoldsBothKeyTypes() throws Exception {
        TokenVerifier verifier = verifierWith(settings(List.of(rsaKey, ecKey), ISSUER, null));

        assertEquals(8, identityOf(verifier.verify(sign(claims("8"), AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256, ecKey.getPrivateKey()))).userId());
    }

    @Test
    void tokenNamingAnUnknownKeyIdIsRefusedByAKeySet() throws Exception {
        TokenVerifier verifier = verifierWith(settings(List.of(rsaKey, rsaKeyWithId("second")), ISSUER, null));
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims("7").toJson());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setKeyIdHeaderValue("unknown");
        jws.setKey(otherRsaKey.getPrivateKey());

        assertRefused(RefusalReason.INVALID, verifier.verify(jws.getCompactSerialization()));
    }

    @Test
    void tokenWithoutKeyIdIsMatchedAgainstEveryKeyOfAKeySet() throws Exception {
        RsaJsonWebKey second = rsaKeyWithId("second");
        TokenVerifier verifier = verifierWith(settings(List.of(rsaKey, second), ISSUER, null));

        assertEquals(7, identityOf(verifier.verify(sign(claims("7"), AlgorithmIdentifiers.RSA_USING_SHA256, second.getPrivateKey()))).userId());
    }

    @Test
    void es256TokenIsRefusedWhenOnlyAnRsaKeyIsConfigured() throws Exception {
        String token = sign(claims("7"), AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256, ecKey.getPrivateKey());

        assertRefused(RefusalReason.INVALID, verifier().verify(token));
    }

    @Test
    void upnIsPreferredOverPreferredUsername() throws Exception {
        JwtClaims claims = claims("7");
        claims.setStringClaim("preferred_username", "second-choice");
        claims.setStringClaim("upn", "first-choice");

        Verification result = verifier().verify(sign(claims, AlgorithmIdentifiers.RSA_USING_SHA256, rsaKey.getPrivateKey()));

        assertEquals("first-choice", identityOf(result).username());
    }

    @Test
    void issuerIsNotCheckedWhenNoneIsConfigured() throws Exception {
        JwtClaims claims = claims("7");
        claims.setIssuer("anyone");

        Verification result = verifierWith(settings(List.of(rsaKey), null, null))
                .verify(sign(claims, AlgorithmIdentifiers.RSA_USING_SHA256, rsaKey.getPrivateKey()));

        assertEquals(7, identityOf(result).userId());
    }

    // ---- missing and malformed ----

    @Test
    void nullTokenIsMissing() {
        assertRefused(RefusalReason.MISSING, verifier().verify(null));
    }

    @Test
    void blankTokenIsMissing() {
        assertRefused(RefusalReason.MISSING, verifier().verify("   "));
    }

    @Test
    void garbageIsMalformed() {
        assertRefused(RefusalReason.MALFORMED, verifier().verify("this is not a token"));
    }

    @Test
    void twoSegmentTokenIsMalformed() {
        String twoSegments = b64("{\"alg\":\"RS256\"}") + "." + b64("{\"sub\":\"7\"}");

        assertRefused(RefusalReason.MALFORMED, verifier().verify(twoSegments));
    }

    @Test
    void segmentsThatAreNotJsonAreMalformed() {
        String token = b64("not json") + "." + b64("{\"sub\":\"7\"}") + ".c2ln";

        assertRefused(RefusalReason.MALFORMED, verifier().verify(token));
    }

    @Test
    void payloadThatIsNotAJsonObjectIsMalformed() {
        String token = b64("{\"alg\":\"RS256\"}") + "." + b64("[7]") + ".c2ln";

        assertRefused(RefusalReason.MALFORMED, verifier().verify(token));
    }

    @Test
    void oversizedTokenIsMalformed() {
        String token = b64("{\"alg\":\"RS256\"}") + "." + "A".repeat(TokenVerifier.MAX_TOKEN_CHARS) + ".c2ln";

        assertRefused(RefusalReason.MALFORMED, verifier().verify(token));
    }

    // ---- algorithm confusion and forgery ----

    @Test
    void unsignedAlgNoneTokenIsRefused() throws Exception {
        String token = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + b64(claims("7").toJson()) + ".";

        assertRefused(RefusalReason.INVALID, verifier().verify(token));
    }

    @Test
    void unsignedAlgNoneTokenIsRefusedInDevMode() throws Exception {
        JwtClaims claims = claims("7");
        claims.setIssuer(DevKeys.ISSUER);
        String token = b64("{\"alg\":\"none\"}") + "." + b64(claims.toJson()) + ".";

        assertRefused(RefusalReason.INVALID, devVerifier().verify(token));
    }

    @Test
    void hs256TokenSignedWithThePublicKeyPemIsRefusedWithoutLegacySecret() throws Exception {
        String token = signHmac(claims("7"), pem(rsaKey).getBytes(StandardCharsets.US_ASCII));

        assertRefused(RefusalReason.INVALID, verifier().verify(token));
    }

    @Test
    void hs256TokenSignedWithThePublicKeyPemIsRefusedWithLegacySecret() throws Exception {
        JwtClaims claims = legacyClaims(7L);
        claims.setSubject("7");
        claims.setIssuer(ISSUER);
        String token = signHmac(claims, pem(rsaKey).getBytes(StandardCharsets.US_ASCII));

        assertRefused(RefusalReason.INVALID, verifierWith(settings(List.of(rsaKey), ISSUER, LEGACY_SECRET)).verify(token));
    }

    @Test
    void hs256TokenSignedWithThePublicKeyDerIsRefusedWithLegacySecret() throws Exception {
        JwtClaims claims = legacyClaims(7L);
        claims.setSubject("7");
        String token = signHmac(claims, rsaKey.getPublicKey().getEncoded());

        assertRefused(RefusalReason.INVALID, verifierWith(settings(List.of(rsaKey), ISSUER, LEGACY_SECRET)).verify(token));
    }

    @Test
    void rs512TokenIsRefusedEvenWithAGoodSignature() throws Exception {
        String token = sign(claims("7"), AlgorithmIdentifiers.RSA_USING_SHA512, rsaKey.getPrivateKey());

        assertRefused(RefusalReason.INVALID, legacyVerifier().verify(token));
    }

    @Test
    void hs384TokenIsRefusedEvenWithTheLegacySecret() throws Exception {
        String token = signWith(legacyClaims(7L), AlgorithmIdentifiers.HMAC_SHA384, new HmacKey(legacySecretBytes()));

        assertRefused(RefusalReason.INVALID, legacyVerifier().verify(token));
    }

    @Test
    void headerWithoutAlgIsRefused() throws Exception {
        String token = b64("{\"typ\":\"JWT\"}") + "." + b64(claims("7").toJson()) + ".c2ln";

        assertRefused(RefusalReason.INVALID, verifier().verify(token));
    }

    @Test
    void tamperedPayloadIsRefused() throws Exception {
        String[] parts = sign(claims("7"), AlgorithmIdentifiers.RSA_USING_SHA256, rsaKey.getPrivateKey()).split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String forged = payload.replace("\"sub\":\"7\"", "\"sub\":\"1\"");
        assertNotEquals(payload, forged);

        assertRefused(RefusalReason.INVALID, verifier().verify(parts[0] + "." + b64(forged) + "." + parts[2]));
    }

    @Test
    void tokenSignedByAnotherRsaKeyIsRefused() throws Exception {
        String token = sign(claims("7"), AlgorithmIdentifiers.RSA_USING_SHA256, otherRsaKey.getPrivateKey());

        assertRefused(RefusalReason.INVALID, verifier().verify(token));
    }

    // ---- claims ----

    @Test
    void wrongIssuerIsRefused() throws Exception {
        JwtClaims claims = claims("7");
        claims.setIssuer("https://evil.example.test");

        assertRefused(RefusalReason.INVALID, verifier().verify(sign(claims, AlgorithmIdentifiers.RSA_USING_SHA256, rsaKey.getPrivateKey())));
    }

    @Test
    void expiredTokenIsExpired() throws Exception {
        JwtClaims claims = claims("7");
        claims.setExpirationTime(secondsFromNow(-120));

        assertRefused(RefusalReason.EXPIRED, verifier().verify(sign(claims, AlgorithmIdentifiers.RSA_USING_SHA256, rsaKey.getPrivateKey())));
    }

    @Test
    void tokenExpiredWithinTheClockSkewIsAccepted() throws Exception {
        JwtClaims claims = claims("7");
        claims.setExpirationTime(secondsFromNow(-5));

        Verification result = verifier().verify(sign(claims, AlgorithmIdentifiers.RSA_USING_SHA256, rsaKey.getPrivateKey()));

        assertEquals(7, identityOf(result).userId());
    }

    @Test
    void expiredTokenWithABadSignatureIsInvalidNotExpired() throws Exception {
        JwtClaims claims = claims("7");
        claims.setExpirationTime(secondsFromNow(-120));

        assertRefused(RefusalReason.INVALID, verifier().verify(sign(claims, AlgorithmIdentifiers.RSA_USING_SHA256, otherRsaKey.getPrivateKey())));
    }

    @Test
    void expiredTokenFromTheWrongIssuerIsInvalidNotExpired() throws Exception {
        JwtClaims claims = claims("7");
        claims.setIssuer("https://evil.example.test");
        claims.setExpirationTime(secondsFromNow(-120));

        assertRefused(RefusalReason.INVALID, verifier().verify(sign(claims, AlgorithmIdentifiers.RSA_USING_SHA256, rsaKey.getPrivateKey())));
    }

    @Test
    void tokenWithoutExpiryIsRefused() throws Exception {
        JwtClaims claims = claims("7");
        claims.unsetClaim("exp");

        assertRefused(RefusalReason.INVALID, verifier().verify(sign(claims, AlgorithmIdentifiers.RSA_USING_SHA256, rsaKey.getPrivateKey())));
    }

    @Test
    void nonNumericSubjectIsRefused() throws Exception {
        assertRefused(RefusalReason.INVALID, verifier().verify(sign(claims("alice"), AlgorithmIdentifiers.RSA_USING_SHA256, rsaKey.getPrivateKey())));
    }

    @Test
    void zeroSubjectIsRefused() throws Exception {
        assertRefused(RefusalReason.INVALID, verifier().verify(sign(claims("0"), AlgorithmIdentifiers.RSA_USING_SHA256, rsaKey.getPrivateKey())));
    }

    @Test
    void negativeSubjectIsRefused() throws Exception {
        assertRefused(RefusalReason.INVALID, verifier().verify(sign(claims("-7"), AlgorithmIdentifiers.RSA_USING_SHA256, rsaKey.getPrivateKey())));
    }

    @Test
    void subjectBeyondTheLongRangeIsRefused() throws Exception {
        assertRefused(RefusalReason.INVALID, verifier().verify(sign(claims("99999999999999999999"), AlgorithmIdentifiers.RSA_USING_SHA256, rsaKey.getPrivateKey())));
    }

    @Test
    void missingSubjectIsRefused() throws Exception {
        JwtClaims claims = claims("7");
        claims.unsetClaim("sub");

        assertRefused(RefusalReason.INVALID, verifier().verify(sign(claims, AlgorithmIdentifiers.RSA_USING_SHA256, rsaKey.getPrivateKey())));
    }

    @Test
    void noPublicKeyConfiguredRefusesRs256() throws Exception {
        TokenVerifier verifier = verifierWith(settings(List.of(), ISSUER, LEGACY_SECRET));

        assertRefused(RefusalReason.INVALID, verifier.verify(sign(claims("7"), AlgorithmIdentifiers.RSA_USING_SHA256, rsaKey.getPrivateKey())));
    }

    // ---- legacy HS256 (djangorestframework-simplejwt) ----

    @Test
    void legacyTokenWithIntegerUserIdIsAccepted() throws Exception {
        JwtClaims claims = legacyClaims(42L);
        claims.setStringClaim("username", "carol");

        Verification result = legacyVerifier().verify(signHmac(claims, legacySecretBytes()));

        assertEquals(new Identity(42, "carol", null, null), identityOf(result));
    }

    @Test
    void legacyTokenWithStringUserIdIsAccepted() throws Exception {
        Verification result = legacyVerifier().verify(signHmac(legacyClaims("42"), legacySecretBytes()));

        assertEquals(new Identity(42, null, null, null), identityOf(result));
    }

    @Test
    void legacyTokenCarriesNameWhenPresent() throws Exception {
        JwtClaims claims = legacyClaims(42L);
        claims.setStringClaim("name", "Carol");

        assertEquals("Carol", identityOf(legacyVerifier().verify(signHmac(claims, legacySecretBytes()))).name());
    }

    @Test
    void legacyTokenWithNonNumericUserIdIsRefused() throws Exception {
        assertRefused(RefusalReason.INVALID, legacyVerifier().verify(signHmac(legacyClaims("forty-two"), legacySecretBytes())));
    }

    @Test
    void legacyRefreshTokenIsRefused() throws Exception {
        JwtClaims claims = legacyClaims(42L);
        claims.setStringClaim("token_type", "refresh");

        assertRefused(RefusalReason.INVALID, legacyVerifier().verify(signHmac(claims, legacySecretBytes())));
    }

    @Test
    void legacyTokenWithoutTokenTypeIsRefused() throws Exception {
        JwtClaims claims = legacyClaims(42L);
        claims.unsetClaim("token_type");

        assertRefused(RefusalReason.INVALID, legacyVerifier().verify(signHmac(claims, legacySecretBytes())));
    }

    @Test
    void legacyExpiredTokenIsExpired() throws Exception {
        JwtClaims claims = legacyClaims(42L);
        claims.setExpirationTime(secondsFromNow(-120));

        assertRefused(RefusalReason.EXPIRED, legacyVerifier().verify(signHmac(claims, legacySecretBytes())));
    }

    @Test
    void legacyTokenWithoutExpiryIsRefused() throws Exception {
        JwtClaims claims = legacyClaims(42L);
        claims.unsetClaim("exp");

        assertRefused(RefusalReason.INVALID, legacyVerifier().verify(signHmac(claims, legacySecretBytes())));
    }

    @Test
    void legacyTokenWithWrongSecretIsRefused() throws Exception {
        byte[] wrong = "django-insecure-TEST-ONLY-wrong-secret-0123456789".getBytes(StandardCharsets.UTF_8);

        assertRefused(RefusalReason.INVALID, legacyVerifier().verify(signHmac(legacyClaims(42L), wrong)));
    }

    @Test
    void hs256IsRefusedWhenNoLegacySecretIsConfigured() throws Exception {
        assertRefused(RefusalReason.INVALID, verifier().verify(signHmac(legacyClaims(42L), legacySecretBytes())));
    }

    @Test
    void legacyTokenWithAShortSecretIsAccepted() throws Exception {
        String shortSecret = "short-TEST-ONLY";
        TokenVerifier verifier = verifierWith(settings(List.of(rsaKey), ISSUER, shortSecret));

        Verification result = verifier.verify(signHmac(legacyClaims(42L), shortSecret.getBytes(StandardCharsets.UTF_8)));

        assertEquals(42, identityOf(result).userId());
    }

    @Test
    void legacyIssuerIsNotCheckedWhenNotConfigured() throws Exception {
        assertEquals(42, identityOf(legacyVerifier().verify(signHmac(legacyClaimsIssuedBy("django"), legacySecretBytes()))).userId());
    }

    @Test
    void legacyTokenFromTheConfiguredLegacyIssuerIsAccepted() throws Exception {
        TokenVerifier verifier = verifierWith(new VerifierSettings(List.of(rsaKey), null, ISSUER, LEGACY_SECRET, "django", 30));

        assertEquals(42, identityOf(verifier.verify(signHmac(legacyClaimsIssuedBy("django"), legacySecretBytes()))).userId());
    }

    @Test
    void legacyTokenFromAnotherIssuerIsRefusedWhenALegacyIssuerIsConfigured() throws Exception {
        TokenVerifier verifier = verifierWith(new VerifierSettings(List.of(rsaKey), null, ISSUER, LEGACY_SECRET, "other", 30));

        assertRefused(RefusalReason.INVALID, verifier.verify(signHmac(legacyClaimsIssuedBy("django"), legacySecretBytes())));
    }

    // ---- the user id claim ----

    @Test
    void aConfiguredUserIdClaimHoldingANumberIsTheUserId() throws Exception {
        JwtClaims claims = claims("f3c1a2e4-5b6d-4e7f-8a9b-0c1d2e3f4a5b"); // Keycloak: sub is a UUID
        claims.setClaim("inbox_user_id", 42L);
        claims.setStringClaim("preferred_username", "alice");

        Verification result = userIdClaimVerifier().verify(sign(claims, AlgorithmIdentifiers.RSA_USING_SHA256, rsaKey.getPrivateKey()));

        assertEquals(new Identity(42, "alice", null, null), identityOf(result));
    }

    @Test
    void aConfiguredUserIdClaimHoldingADecimalStringIsTheUserId() throws Exception {
        JwtClaims claims = claims("f3c1a2e4-5b6d-4e7f-8a9b-0c1d2e3f4a5b");
        claims.setStringClaim("inbox_user_id", "43");

        assertEquals(43, identityOf(userIdClaimVerifier().verify(sign(claims, AlgorithmIdentifiers.RSA_USING_SHA256,
                rsaKey.getPrivateKey()))).userId());
    }

    @Test
    void aTokenWithoutTheConfiguredClaimIsRefusedEvenWithANumericSub() throws Exception {
        assertRefused(RefusalReason.INVALID, userIdClaimVerifier().verify(sign(claims("7"), AlgorithmIdentifiers.RSA_USING_SHA256,
                rsaKey.getPrivateKey())));
    }

    @Test
    void byDefaultTheUserIdIsSubAndANumericJsonSubIsRefusedAsBefore() throws Exception {
        JwtClaims claims = claims("7");
        claims.setClaim("sub", 7L);

        assertRefused(RefusalReason.INVALID, verifier().verify(sign(claims, AlgorithmIdentifiers.RSA_USING_SHA256, rsaKey.getPrivateKey())));
    }

    @Test
    void devTokensCarryTheirIdInSubWhateverClaimIsConfigured() {
        TokenVerifier dev = new TokenVerifier(new VerifierSettings(List.of(), null, null, null, null, 30, null, "inbox_user_id"), devKeys);

        assertEquals(5, identityOf(dev.verify(devKeys.mint(5, null, null, null, Duration.ofMinutes(5)))).userId());
    }

    private static TokenVerifier userIdClaimVerifier() {
        return verifierWith(new VerifierSettings(List.of(rsaKey), null, ISSUER, null, null, 30, null, "inbox_user_id"));
    }

    // ---- dev mode ----

    @Test
    void devMintedTokenVerifiesAndCarriesItsClaims() {
        String token = devKeys.mint(5, "dave", "Dave", "https://cdn.example.test/dave.png", Duration.ofMinutes(5));

        Verification result = devVerifier().verify(token);

        assertEquals(new Identity(5, "dave", "Dave", "https://cdn.example.test/dave.png"), identityOf(result));
    }

    @Test
    void devMintedTokenOmitsNullClaims() {
        Verification result = devVerifier().verify(devKeys.mint(5, null, null, null, Duration.ofMinutes(5)));

        assertEquals(new Identity(5, null, null, null), identityOf(result));
    }

    @Test
    void devMintedTokenPastItsTtlIsExpired() {
        String token = devKeys.mint(5, "dave", null, null, Duration.ofMinutes(-5));

        assertRefused(RefusalReason.EXPIRED, devVerifier().verify(token));
    }

    @Test
    void nonDevVerifierRefusesADevToken() {
        String token = devKeys.mint(5, "dave", "Dave", null, Duration.ofMinutes(5));

        assertRefused(RefusalReason.INVALID, verifier().verify(token));
    }

    @Test
    void verifierWithDevKeysIsInDevMode() {
        assertTrue(devVerifier().devMode());
    }

    @Test
    void verifierWithoutDevKeysIsNotInDevMode() {
        assertFalse(verifier().devMode());
    }

    // ---- helpers ----

    private static VerifierSettings settings(List<PublicJsonWebKey> keys, String issuer, String legacySecret) {
        return new VerifierSettings(keys, null, issuer, legacySecret, null, 30);
    }

    private static TokenVerifier verifierWith(VerifierSettings settings) {
        return new TokenVerifier(settings, null);
    }

    /** RSA key and issuer configured, no legacy secret. */
    private static TokenVerifier verifier() {
        return verifierWith(settings(List.of(rsaKey), ISSUER, null));
    }

    private static TokenVerifier legacyVerifier() {
        return verifierWith(settings(List.of(rsaKey), ISSUER, LEGACY_SECRET));
    }

    private static TokenVerifier devVerifier() {
        return new TokenVerifier(settings(List.of(), null, null), devKeys);
    }

    private static JwtClaims claims(String subject) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(ISSUER);
        claims.setSubject(subject);
        claims.setIssuedAt(secondsFromNow(-600)); // early enough for tests that move exp into the past
        claims.setExpirationTime(secondsFromNow(300));
        claims.setGeneratedJwtId();
        return claims;
    }

    /** The claims djangorestframework-simplejwt puts in an access token. */
    private static JwtClaims legacyClaims(Object userId) {
        JwtClaims claims = new JwtClaims();
        claims.setStringClaim("token_type", "access");
        claims.setExpirationTime(secondsFromNow(300));
        claims.setIssuedAt(secondsFromNow(-600)); // early enough for tests that move exp into the past
        claims.setStringClaim("jti", "0123456789abcdef0123456789abcdef");
        claims.setClaim("user_id", userId);
        return claims;
    }

    private static RsaJsonWebKey rsaKeyWithId(String kid) throws Exception {
        RsaJsonWebKey key = RsaJwkGenerator.generateJwk(2048);
        key.setKeyId(kid);
        return key;
    }

    private static JwtClaims legacyClaimsIssuedBy(String issuer) {
        JwtClaims claims = legacyClaims(42L);
        claims.setIssuer(issuer);
        return claims;
    }

    private static NumericDate secondsFromNow(long seconds) {
        NumericDate date = NumericDate.now();
        date.addSeconds(seconds);
        return date;
    }

    private static String sign(JwtClaims claims, String algorithm, Key key) throws Exception {
        return signWith(claims, algorithm, key);
    }

    private static String signHmac(JwtClaims claims, byte[] secret) throws Exception {
        return signWith(claims, AlgorithmIdentifiers.HMAC_SHA256, new HmacKey(secret));
    }

    private static String signWith(JwtClaims claims, String algorithm, Key key) throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setAlgorithmHeaderValue(algorithm);
        jws.setAlgorithmConstraints(AlgorithmConstraints.NO_CONSTRAINTS);
        jws.setDoKeyValidation(false);
        jws.setHeader("typ", "JWT");
        jws.setKey(key);
        return jws.getCompactSerialization();
    }

    private static byte[] legacySecretBytes() {
        return LEGACY_SECRET.getBytes(StandardCharsets.UTF_8);
    }

    private static String pem(RsaJsonWebKey key) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getPublicKey().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static Identity identityOf(Verification verification) {
        return assertInstanceOf(Verification.Valid.class, verification).identity();
    }

    private static void assertRefused(RefusalReason expected, Verification verification) {
        assertEquals(expected, assertInstanceOf(Verification.Refused.class, verification).reason());
    }
}
