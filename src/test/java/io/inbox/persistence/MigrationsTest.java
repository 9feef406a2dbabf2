package io.inbox.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.Reader;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.flywaydb.core.api.resource.LoadableResource;
import org.junit.jupiter.api.Test;

class MigrationsTest {
    private final Migrations migrations = new Migrations(getClass().getClassLoader());

    @Test
    void listsEveryFileOfTheMigrationFolderInVersionOrder() throws IOException, URISyntaxException {
        Path folder = Path.of(getClass().getClassLoader().getResource(Migrations.LOCATION).toURI());
        try (Stream<Path> files = Files.list(folder)) {
            List<String> onDisk = files.map(f -> f.getFileName().toString()).sorted().toList();
            assertEquals(onDisk, Migrations.FILES.stream().sorted().toList());
        }
    }

    @Test
    void latestVersionIsTheNewestFilesVersion() {
        assertEquals("2", Migrations.latestVersion());
    }

    @Test
    void findsVersionedSqlMigrationsByPrefixAndSuffix() throws IOException {
        List<String> names = migrations.getResources("V", new String[] {".sql"}).stream()
                .map(LoadableResource::getFilename).toList();
        assertEquals(Migrations.FILES, names);
        assertEquals(List.of(), migrations.getResources("R", new String[] {".sql"}).stream().toList());
        LoadableResource first = migrations.getResource("db/migration/V1__initial_schema.sql");
        assertNotNull(first);
        try (Reader reader = first.read()) {
            assertEquals('-', (char) reader.read());
        }
    }
}
