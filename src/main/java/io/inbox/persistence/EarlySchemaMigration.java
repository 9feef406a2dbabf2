package io.inbox.persistence;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterDeploymentValidation;
import jakarta.enterprise.inject.spi.Extension;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

/**
 * Migrates the schema while the application is being deployed, before its web context starts. On Payara the web
 * context replaces the server's default module at {@code /} when it starts, and until it has started the server
 * itself answers every request with 500 (empty body, no application code involved): work done in the context's own
 * start (the {@code @Initialized} observers) lengthens that window, work done here falls in the time the server still
 * answers 404. Where the datasource cannot be looked up this early (another server), {@link SchemaMigration}
 * migrates when the application starts instead, as before.
 */
public class EarlySchemaMigration implements Extension {
    private static final Logger LOG = Logger.getLogger(EarlySchemaMigration.class.getName());

    private volatile boolean done;
    private volatile boolean migrated;

    void afterDeploymentValidation(@Observes AfterDeploymentValidation validated) {
        DataSource dataSource;
        try {
            dataSource = (DataSource) new InitialContext().lookup(InboxDataSource.NAME);
        } catch (NamingException | RuntimeException | LinkageError notYet) {
            LOG.log(Level.FINE, "Datasource not available during deployment: the schema is migrated at startup", notYet);
            return;
        }
        try {
            migrated = SchemaMigration.migrate(dataSource, getClass().getClassLoader());
            done = true;
        } catch (RuntimeException e) {
            validated.addDeploymentProblem(e); // as a failed migration at startup: the deployment fails and says why
        }
    }

    /** Whether the schema was migrated (or found at an older version, logged) during deployment. */
    boolean done() {
        return done;
    }

    /** Whether the schema reached the newest version during deployment. */
    boolean migrated() {
        return migrated;
    }
}
