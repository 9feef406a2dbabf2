package io.inbox.persistence;

import org.eclipse.persistence.config.SessionCustomizer;
import org.eclipse.persistence.sessions.Session;

/**
 * EclipseLink retries a query that failed on a broken connection up to three times, five seconds apart.
 * For a messaging server that is the wrong trade: a send must fail within a second with error 4503 (the
 * client retries with its client_id), not hang for fifteen. The connection pool still validates and
 * replaces broken connections, so the next send after an outage works. Read only by EclipseLink.
 */
public class FailFastSessionCustomizer implements SessionCustomizer {

    @Override
    public void customize(Session session) {
        if (session.getDatasourceLogin() instanceof org.eclipse.persistence.sessions.DatabaseLogin login) {
            login.setQueryRetryAttemptCount(0);
            login.setDelayBetweenConnectionAttempts(0);
        }
    }
}
