package io.inbox.connection;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

/**
 * Whether this instance serves: not before the application's startup has finished (every other startup observer
 * has run: the schema migrated, the authentication mode decided, in a cluster the grid joined), and no longer from
 * the start of a graceful shutdown. Until it has started, every API call and handshake that reaches the
 * application is answered 503 (the client should retry), never 500.
 */
@ApplicationScoped
public class ServerState {
    private volatile boolean started;
    private volatile boolean accepting = true;

    /** After the other observers of the start (theirs run at the default priority, before this one). */
    void onStarted(@Observes @Priority(Interceptor.Priority.PLATFORM_AFTER) @Initialized(ApplicationScoped.class)
                   Object event) {
        started = true;
    }

    /** Whether the startup has finished. */
    public boolean started() {
        return started;
    }

    public boolean accepting() {
        return accepting;
    }

    void stopAccepting() {
        accepting = false;
    }
}
