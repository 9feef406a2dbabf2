package io.inbox.persistence;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings the database schema to the current version with Flyway before any endpoint takes traffic: during the
 * deployment ({@link EarlySchemaMigration}) where the server allows it, else while the application starts. An
 * existing database of an earlier version is upgraded in place. The migrations are the ones {@link Migrations}
 * lists (no class-path scan), and the schema counts as migrated only when the database reports the newest of them
 * as its version: readiness never says so on a schema Flyway left behind.
 */
@ApplicationScoped
public class SchemaMigration {
    private static final Logger LOG = Logger.getLogger(SchemaMigration.class.getName());

    @Resource(lookup = InboxDataSource.NAME)
    DataSource dataSource;
    @Inject
    EarlySchemaMigration early;

    private volatile boolean migrated;

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        migrated = early.done() ? early.migrated() : migrate(dataSource, getClass().getClassLoader());
    }

    /** Migrates; returns whether the schema is now at the newest version. Fails as Flyway fails. */
    static boolean migrate(DataSource dataSource, ClassLoader loader) {
        Flyway flyway = Flyway.configure(loader)
                .dataSource(dataSource)
                .resourceProvider(new Migrations(loader))
                .javaMigrationClassProvider(List::of)
                .load();
        MigrateResult result = flyway.migrate();
        MigrationInfo current = flyway.info().current();
        String version = current == null ? "none" : current.getVersion().getVersion();
        boolean migrated = Migrations.latestVersion().equals(version);
        if (migrated) {
            LOG.info(() -> "Database schema at version " + version + " (" + result.migrationsExecuted
                    + " migrations applied now)");
        } else {
            LOG.severe(() -> "Database schema at version " + version + ", not " + Migrations.latestVersion() + " after "
                    + result.migrationsExecuted + " migrations: readiness stays down");
        }
        return migrated;
    }

    /** Whether the schema is at the newest version (readiness). */
    public boolean migrated() {
        return migrated;
    }
}
