package io.inbox.bench;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.keys.HmacKey;

/** Access tokens for the generated users: signed here (RS256 or legacy HS256) or asked of a dev-mode server. */
final class Tokens {
    private static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"");

    private final Options options;
    private final HttpClient http;
    private final PrivateKey privateKey;

    Tokens(Options options, HttpClient http) throws Exception {
        this.options = options;
        this.http = http;
        this.privateKey = options.privateKey == null ? null : readPrivateKey(options.privateKey);
    }

    /** One token per user id, in the same order. */
    String[] mint(long[] userIds) throws Exception {
        String[] tokens = new String[userIds.length];
        if (privateKey != null || options.legacySecret != null) {
            for (int i = 0; i < userIds.length; i++) {
                tokens[i] = sign(userIds[i]);
            }
            return tokens;
        }
        Semaphore inFlight = new Semaphore(32);
        CompletableFuture<?>[] calls = new CompletableFuture<?>[userIds.length];
        for (int i = 0; i < userIds.length; i++) {
            int index = i;
            inFlight.acquire();
            HttpRequest request = HttpRequest.newBuilder(options.url.resolve("api/dev/token/?user_id=" + userIds[i]))
                    .GET().build();
            calls[i] = http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                    .whenComplete((r, e) -> inFlight.release())
                    .thenAccept(reply -> {
                        Matcher m = TOKEN.matcher(reply.body());
                        if (reply.statusCode() != 200 || !m.find()) {
                            throw new IllegalStateException("GET /api/dev/token/ answered " + reply.statusCode()
                                    + ": is the server in dev mode? Otherwise pass --private-key/--issuer or --legacy-secret");
                        }
                        tokens[index] = m.group(1);
                    });
        }
        CompletableFuture.allOf(calls).join();
        return tokens;
    }

    private String sign(long userId) throws Exception {
        JwtClaims claims = new JwtClaims();
        claims.setSubject(Long.toString(userId));
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(12 * 60);
        JsonWebSignature jws = new JsonWebSignature();
        if (privateKey != null) {
            claims.setIssuer(options.issuer);
            claims.setStringClaim("name", "bench " + userId);
            jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
            jws.setKey(privateKey);
        } else {
            claims.setClaim("user_id", userId);
            claims.setStringClaim("token_type", "access");
            claims.setGeneratedJwtId();
            jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
            jws.setKey(new HmacKey(options.legacySecret.getBytes(StandardCharsets.UTF_8)));
            jws.setDoKeyValidation(false);
        }
        jws.setPayload(claims.toJson());
        return jws.getCompactSerialization();
    }

    private static PrivateKey readPrivateKey(java.nio.file.Path pem) throws IOException, java.security.GeneralSecurityException {
        String base64 = String.join("", Files.readAllLines(pem).stream()
                .filter(line -> !line.startsWith("-----") && !line.startsWith("#") && !line.isBlank()).toList());
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }

}
