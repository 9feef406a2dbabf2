package io.inbox.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dev key pair kept in a file: made once, private to its owner, the same after a restart. */
class DevKeysTest {

    @TempDir
    Path dir;

    @Test
    void aKeyPairIsWrittenOnceAndReadBackTheSame() throws Exception {
        Path file = dir.resolve("data").resolve(DevKeys.FILE_NAME);

        DevKeys first = DevKeys.loadOrCreate(file);
        String written = Files.readString(file);
        DevKeys again = DevKeys.loadOrCreate(file);

        assertEquals(written, Files.readString(file), "never rewritten");
        assertEquals(first.publicKey().getKeyId(), again.publicKey().getKeyId());
        String token = first.mint(3, "carol", null, null, Duration.ofMinutes(5));
        assertEquals(3, assertInstanceOf(Verification.Valid.class, verifier(again).verify(token)).identity().userId());
        try (var leftovers = Files.list(file.getParent())) {
            assertEquals(List.of(file), leftovers.toList(), "no temporary file left behind");
        }
    }

    @Test
    void theKeyFileIsReadableAndWritableByItsOwnerOnly() throws Exception {
        Path file = dir.resolve(DevKeys.FILE_NAME);
        DevKeys.loadOrCreate(file);
        assumeTrue(Files.getFileStore(dir).supportsFileAttributeView("posix"), "POSIX permissions");

        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void aKeyFileOthersCanReadIsRestrictedToItsOwner() throws Exception {
        assumeTrue(Files.getFileStore(dir).supportsFileAttributeView("posix"), "POSIX permissions");
        Path file = dir.resolve(DevKeys.FILE_NAME);
        DevKeys.loadOrCreate(file);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        DevKeys.loadOrCreate(file);

        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void theFileHoldsThePrivateKeyAsAJwkAndDifferentFilesHoldDifferentKeys() throws Exception {
        DevKeys one = DevKeys.loadOrCreate(dir.resolve("a").resolve(DevKeys.FILE_NAME));
        DevKeys other = DevKeys.loadOrCreate(dir.resolve("b").resolve(DevKeys.FILE_NAME));

        assertNotEquals(one.publicKey().getKeyId(), other.publicKey().getKeyId());
        assertTrue(Files.readString(dir.resolve("a").resolve(DevKeys.FILE_NAME)).contains("\"d\":"), "the private exponent");
    }

    @Test
    void aPublicKeyInTheFileIsRefusedNamingTheFile() throws Exception {
        Path file = dir.resolve(DevKeys.FILE_NAME);
        Files.writeString(file, new DevKeys().publicKey().toJson());

        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> DevKeys.loadOrCreate(file));

        assertTrue(failure.getMessage().contains(file.toAbsolutePath().toString()), failure.getMessage());
        assertTrue(failure.getMessage().contains("delete it"), failure.getMessage());
    }

    @Test
    void anUnwritableDirectoryFailsNamingTheFile() throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("plain-file"), "x");
        Path file = notADirectory.resolve(DevKeys.FILE_NAME);

        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> DevKeys.loadOrCreate(file));

        assertTrue(failure.getMessage().contains(file.toAbsolutePath().toString()), failure.getMessage());
    }

    private static TokenVerifier verifier(DevKeys keys) {
        return new TokenVerifier(new VerifierSettings(List.of(), null, null, null, null, 30), keys);
    }
}
