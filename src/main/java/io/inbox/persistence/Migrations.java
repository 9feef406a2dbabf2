package io.inbox.persistence;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.resource.LoadableResource;

/**
 * The schema migrations, listed by name rather than found by a class-path scan: a scan depends on how the
 * server's class loader exposes {@code db/migration} (Open Liberty's hides it, and Flyway then finds nothing
 * and applies nothing). Each is read with {@link ClassLoader#getResourceAsStream}, which every server supports.
 * {@code MigrationsTest} checks that this list names every file in {@code db/migration}. (Flyway still looks for
 * callback classes in {@code db/callback} whatever it is told; that folder holds only the empty marker
 * {@code flyway.location}, with which Open Liberty's class loader can serve the lookup: no error logged.)
 */
final class Migrations implements ResourceProvider {
    static final String LOCATION = "db/migration";
    /** Every migration, oldest first; add a new file here too. */
    static final List<String> FILES = List.of(
            "V1__initial_schema.sql",
            "V2__user_last_seen.sql");

    private final ClassLoader loader;

    Migrations(ClassLoader loader) {
        this.loader = loader;
    }

    /** The version the newest migration brings the schema to ("2" for {@code V2__...}). */
    static String latestVersion() {
        String newest = FILES.get(FILES.size() - 1);
        return newest.substring(1, newest.indexOf("__"));
    }

    @Override
    public LoadableResource getResource(String name) {
        String file = name.startsWith(LOCATION + "/") ? name.substring(LOCATION.length() + 1) : name;
        return FILES.contains(file) ? new Migration(file) : null;
    }

    @Override
    public Collection<LoadableResource> getResources(String prefix, String[] suffixes) {
        return FILES.stream()
                .filter(file -> file.startsWith(prefix) && Arrays.stream(suffixes).anyMatch(file::endsWith))
                .<LoadableResource>map(Migration::new)
                .toList();
    }

    /** One SQL file of {@link #LOCATION}. */
    private final class Migration extends LoadableResource {
        private final String file;

        Migration(String file) {
            this.file = file;
        }

        @Override
        public Reader read() {
            InputStream in = loader.getResourceAsStream(getAbsolutePath());
            if (in == null) {
                throw new UncheckedIOException(new java.io.FileNotFoundException("missing from the WAR: " + getAbsolutePath()));
            }
            return new InputStreamReader(in, StandardCharsets.UTF_8);
        }

        @Override
        public String getAbsolutePath() {
            return LOCATION + "/" + file;
        }

        @Override
        public String getAbsolutePathOnDisk() {
            return getAbsolutePath();
        }

        @Override
        public String getFilename() {
            return file;
        }

        @Override
        public String getRelativePath() {
            return file;
        }
    }
}
