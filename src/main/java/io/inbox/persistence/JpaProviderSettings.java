package io.inbox.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceUnit;
import java.util.logging.Logger;

/**
 * The settings of the persistence unit that JPA has no standard property for, applied at startup where the
 * provider allows it. Only one today: EclipseLink's query retries off ({@link EclipseLinkFailFast}). With
 * another provider, or where EclipseLink's API is hidden from applications, nothing is changed (logged).
 */
@ApplicationScoped
public class JpaProviderSettings {
    private static final Logger LOG = Logger.getLogger(JpaProviderSettings.class.getName());
    private static final String ECLIPSELINK_SESSION = "org.eclipse.persistence.sessions.Session";

    @PersistenceUnit(unitName = "inbox")
    EntityManagerFactory factory;

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        if (eclipseLinkVisible() && EclipseLinkFailFast.apply(factory)) {
            LOG.fine("EclipseLink: query retries after a connection failure are off");
        } else {
            LOG.info("JPA provider is not EclipseLink, or hides its API: its own query retry settings apply");
        }
    }

    private static boolean eclipseLinkVisible() {
        try {
            Class.forName(ECLIPSELINK_SESSION, false, JpaProviderSettings.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
