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

import org.jose4j.json.JsonUtil;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.lang.JoseException;

/**
 * The RS256/ES256 public keys that configuration gives (not fetched: an http(s) location is a {@link JwksKeys JWKS}):
 * read from a classpath resource, a file path or a {@code file:} URL, and parsed from PEM or JWK/JWKS text. Errors
 * name the config key and the location, never the content.
 */
final class PublicKeys {
    private static final int MAX_KEY_CHARS = 1 << 20;

    private PublicKeys() {
    }

    /**
     * Reads and parses the public key(s) at {@code location}: a classpath resource
     * ({@code /keys/x.pem}, {@code keys/x.pem} or {@code classpath:keys/x.pem}), a file path or a
     * {@code file:} URL, holding a PEM public key or a JWK/JWKS (an http(s) URL is a {@link JwksSettings JWKS to fetch}).
     *
     * @throws IllegalStateException naming {@link VerifierSettings#PUBLIC_KEY_LOCATION} and the location
     */
    static List<PublicJsonWebKey> load(String location) {
        String where = location.strip();
        String text = read(where);
        if (text == null) {
            throw new IllegalStateException(VerifierSettings.PUBLIC_KEY_LOCATION + ": no readable key at '" + where + "'");
        }
        return parse(text, VerifierSettings.PUBLIC_KEY_LOCATION + " '" + where + "'");
    }

    /**
     * Parses a PEM public key (with or without BEGIN/END lines) or a JWK/JWKS, keeping only the
     * public RSA and EC keys.
     *
     * @param source where the text came from, for the error message: the config key and location
     * @throws IllegalStateException naming {@code source}, never the content
     */
    static List<PublicJsonWebKey> parse(String text, String source) {
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
        return text != null ? text : resource(PublicKeys.class.getClassLoader(), path);
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
}
