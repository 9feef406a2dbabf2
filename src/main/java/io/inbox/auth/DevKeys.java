package io.inbox.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Logger;

import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

/**
 * The RSA key pair of dev mode: mints RS256 tokens issued by {@value #ISSUER} that a dev-mode
 * {@link TokenVerifier} accepts. {@link #loadOrCreate(Path)} keeps it in a file (the server keeps it in its data
 * directory), so dev tokens survive a restart; {@link #DevKeys()} makes one that lives in memory only.
 * Thread-safe.
 */
public final class DevKeys {
    private static final Logger LOG = Logger.getLogger(DevKeys.class.getName());

    /** The issuer of every dev token. */
    public static final String ISSUER = "inbox-dev";
    /** The name of the key pair's file in the data directory. */
    public static final String FILE_NAME = "dev-signing-key.json";

    private static final int KEY_BITS = 2048;
    private static final int MAX_FILE_BYTES = 64 * 1024;
    private static final Set<PosixFilePermission> OWNER_ONLY =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    private final RsaJsonWebKey signingKey;
    private final PublicJsonWebKey publicKey;

    /** Generates a fresh RSA 2048 key pair with a random key id, kept in memory only. */
    public DevKeys() {
        this(generate());
    }

    private DevKeys(RsaJsonWebKey signingKey) {
        try {
            this.signingKey = signingKey;
            this.publicKey = PublicJsonWebKey.Factory.newPublicJwk(signingKey.getPublicKey());
            this.publicKey.setKeyId(signingKey.getKeyId());
            this.publicKey.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
            this.publicKey.setUse("sig");
        } catch (JoseException e) {
            throw new IllegalStateException("Cannot use the dev RSA key pair", e);
        }
    }

    private static RsaJsonWebKey generate() {
        try {
            RsaJsonWebKey generated = RsaJwkGenerator.generateJwk(KEY_BITS);
            generated.setKeyId(ISSUER + "-" + UUID.randomUUID());
            generated.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
            generated.setUse("sig");
            return generated;
        } catch (JoseException e) {
            throw new IllegalStateException("Cannot generate the dev RSA key pair", e);
        }
    }

    /**
     * The key pair kept in {@code file}: read when the file exists, else generated and written there, readable and
     * writable by the owner only where the file system has POSIX permissions (a file found readable by others is
     * restricted, with a warning). Never overwrites a file.
     *
     * @throws IllegalStateException naming the file when it cannot be read, is not an RSA private JWK, or cannot be
     *                               written
     */
    public static DevKeys loadOrCreate(Path file) {
        if (Files.exists(file)) {
            return read(file);
        }
        DevKeys created = new DevKeys();
        Path temporary = null;
        try {
            Path directory = file.toAbsolutePath().getParent();
            Files.createDirectories(directory);
            temporary = Files.createTempFile(directory, ".dev-signing-key-", ".tmp", ownerOnly(directory));
            restrictToOwner(temporary);
            Files.writeString(temporary, created.signingKey.toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE),
                    StandardCharsets.UTF_8);
            try {
                Files.move(temporary, file); // fails, rather than replace, when another server wrote it meanwhile
            } catch (FileAlreadyExistsException writtenMeanwhile) {
                return read(file);
            }
            return created;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            throw new IllegalStateException("cannot write the dev key pair to " + file.toAbsolutePath() + " (" + e + ")", e);
        } finally {
            deleteQuietly(temporary);
        }
    }

    private static DevKeys read(Path file) {
        String where = file.toAbsolutePath().toString();
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new IllegalStateException("the dev key file " + where + " is too large to be a key; delete it to "
                        + "generate a new dev key pair");
            }
            tightenPermissions(file);
            JsonWebKey key = JsonWebKey.Factory.newJwk(Files.readString(file, StandardCharsets.UTF_8));
            if (key instanceof RsaJsonWebKey rsa && rsa.getPrivateKey() != null && rsa.getKeyId() != null) {
                return new DevKeys(rsa);
            }
        } catch (IOException | JoseException | RuntimeException e) {
            if (e instanceof IllegalStateException state) {
                throw state;
            }
            throw new IllegalStateException("cannot read the dev key pair from " + where + " (" + e.getClass().getSimpleName()
                    + "); delete the file to generate a new dev key pair", e);
        }
        throw new IllegalStateException("the dev key file " + where + " is not an RSA private key with a key id; delete it "
                + "to generate a new dev key pair");
    }

    private static FileAttribute<?>[] ownerOnly(Path directory) throws IOException {
        return Files.getFileStore(directory).supportsFileAttributeView("posix")
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                : new FileAttribute<?>[0];
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

    private static boolean posix(Path file) {
        return Files.getFileAttributeView(file, java.nio.file.attribute.PosixFileAttributeView.class) != null;
    }

    /** Owner-only access on a file system without POSIX permissions (best effort). */
    private static void restrictToOwner(Path file) {
        if (!posix(file)) {
            java.io.File plain = file.toFile();
            boolean restricted = plain.setReadable(false, false) & plain.setReadable(true, true)
                    & plain.setWritable(false, false) & plain.setWritable(true, true);
            if (!restricted) {
                LOG.warning("Cannot restrict the dev key file " + file + " to its owner on this file system");
            }
        }
    }

    /** A key file that others may read is restricted to its owner, with a warning. */
    private static void tightenPermissions(Path file) throws IOException {
        if (posix(file) && !OWNER_ONLY.containsAll(Files.getPosixFilePermissions(file))) {
            Files.setPosixFilePermissions(file, OWNER_ONLY);
            LOG.warning("The dev key file " + file.toAbsolutePath() + " was open to other users; it is now readable and "
                    + "writable by its owner only");
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.fine(() -> "Cannot delete " + file + ": " + e);
            }
        }
    }

    private static void claimIfPresent(JwtClaims claims, String claim, String value) {
        if (value != null) {
            claims.setStringClaim(claim, value);
        }
    }
}
