package io.inbox.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings the database schema to the current version with Flyway (db/migration) while the application
 * starts, before any endpoint takes traffic. An existing database of an earlier version is upgraded in place.
 * Uses the same datasource as the persistence unit: {@code inbox.datasource.jndi-name}.
 */
@ApplicationScoped
public class SchemaMigration {
    private static final Logger LOG = Logger.getLogger(SchemaMigration.class.getName());

    @Inject
    @ConfigProperty(name = "inbox.datasource.jndi-name")
    String jndiName;

    private volatile boolean migrated;

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) throws NamingException {
        DataSource dataSource = (DataSource) new InitialContext().lookup(jndiName);
        MigrateResult result = Flyway.configure(getClass().getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        migrated = true;
        LOG.info(() -> "Database schema at version " + result.targetSchemaVersion + " ("
                + result.migrationsExecuted + " migrations applied now, datasource " + jndiName + ")");
    }

    /** Whether the schema is current (readiness). */
    public boolean migrated() {
        return migrated;
    }
}
