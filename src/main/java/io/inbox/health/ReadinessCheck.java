package io.inbox.health;

import io.inbox.auth.Authenticator;
import io.inbox.cluster.Grid;
import io.inbox.connection.ServerState;
import io.inbox.conversation.MessageRepository;
import io.inbox.persistence.SchemaMigration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when the server can authenticate (a verification key configured and, for a JWKS URL, fetched; or dev mode),
 * the startup has finished, the schema is migrated, the database answers, the grid is reachable (in a cluster), and no graceful shutdown has
 * started. A load balancer takes an instance out on this, never on liveness.
 */
@Readiness
@ApplicationScoped
public class ReadinessCheck implements HealthCheck {

    @Inject
    SchemaMigration schema;
    @Inject
    ServerState state;
    @Inject
    MessageRepository messages;
    @Inject
    Grid grid;
    @Inject
    Authenticator authenticator;

    @Override
    public HealthCheckResponse call() {
        boolean migrated = schema.migrated();
        boolean database = migrated && databaseAnswers();
        boolean cluster = grid.reachable();
        boolean started = state.started();
        boolean accepting = state.accepting();
        boolean authenticating = authenticator.status().serving();
        return HealthCheckResponse.named("inbox")
                .status(started && authenticating && migrated && database && cluster && accepting)
                .withData("started", started)
                .withData("authentication", authenticator.statusDescription())
                .withData("schema-migrated", migrated)
                .withData("database-reachable", database)
                .withData("cluster-reachable", cluster)
                .withData("accepting-connections", accepting)
                .build();
    }

    private boolean databaseAnswers() {
        try {
            messages.lastCommittedId();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
