package io.inbox.health;

import io.inbox.connection.ServerState;
import io.inbox.persistence.SchemaMigration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the schema is migrated, and no longer from the first moment of a graceful shutdown. */
@Readiness
@ApplicationScoped
public class ReadinessCheck implements HealthCheck {

    @Inject
    SchemaMigration schema;
    @Inject
    ServerState state;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("inbox")
                .status(schema.migrated() && state.accepting())
                .withData("schema-migrated", schema.migrated())
                .withData("accepting-connections", state.accepting())
                .build();
    }
}
