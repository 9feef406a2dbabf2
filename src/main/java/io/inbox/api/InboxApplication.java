package io.inbox.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The REST API lives under {@code /api/}. */
@ApplicationPath("/api")
@ApplicationScoped
public class InboxApplication extends Application {
}
