package io.inbox.connection;

import jakarta.enterprise.context.ApplicationScoped;

/** Whether this instance takes new connections: false from the start of a graceful shutdown. */
@ApplicationScoped
public class ServerState {
    private volatile boolean accepting = true;

    public boolean accepting() {
        return accepting;
    }

    void stopAccepting() {
        accepting = false;
    }
}
