package io.inbox.persistence;

import jakarta.persistence.EntityManagerFactory;
import org.eclipse.persistence.sessions.DatabaseLogin;
import org.eclipse.persistence.sessions.Session;

/**
 * EclipseLink retries a query that failed on a broken connection up to three times, five seconds apart.
 * For a messaging server that is the wrong trade: a send must fail within a second with error 4503 (the
 * client retries with its client_id), not hang for fifteen. The connection pool still validates and
 * replaces broken connections, so the next send after an outage works.
 *
 * <p>Loaded only by {@link JpaProviderSettings} after it checked that EclipseLink's API is visible to the
 * application (Payara, GlassFish); other providers do not retry (Hibernate) or hide their API (Open Liberty).
 */
final class EclipseLinkFailFast {
    private EclipseLinkFailFast() {
    }

    /** Turns the retries off; false if the persistence unit's provider is not EclipseLink after all. */
    static boolean apply(EntityManagerFactory factory) {
        Session session;
        try {
            session = factory.unwrap(Session.class);
        } catch (RuntimeException notEclipseLink) {
            return false;
        }
        if (session != null && session.getDatasourceLogin() instanceof DatabaseLogin login) {
            login.setQueryRetryAttemptCount(0);
            login.setDelayBetweenConnectionAttempts(0);
            return true;
        }
        return false;
    }
}
