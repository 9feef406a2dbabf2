package io.inbox.monitoring;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.openapi.OASFilter;

/**
 * Says at startup which operations endpoints this server gives the application, and which are off and why.
 * They come from the server's MicroProfile Health, Metrics and OpenAPI; a server without one of them (GlassFish
 * 7 has none of the three) still runs the messaging, with that endpoint off. The WAR carries the three APIs
 * (no implementation) so that its checks, metrics and filter load everywhere: a server that implements one
 * gives the application its own copy of the API, so an API class loaded from the WAR means the feature is
 * missing. Metrics are known for sure: the server then has no {@link MetricRegistry} bean.
 */
@ApplicationScoped
public class OperationsEndpoints {
    private static final Logger LOG = Logger.getLogger(OperationsEndpoints.class.getName());

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object started, Instance<MetricRegistry> registry) {
        List<String> on = new ArrayList<>();
        if (fromTheServer(HealthCheck.class)) {
            on.add("/health (MicroProfile Health)");
        } else {
            LOG.warning("Operations endpoint /health is off: this server has no MicroProfile Health"
                    + " (liveness and readiness are not served)");
        }
        if (registry.isResolvable()) {
            on.add("/metrics (MicroProfile Metrics)");
        } else {
            LOG.warning("Operations endpoint /metrics is off: this server has no MicroProfile Metrics"
                    + " (the application's metrics are not counted)");
        }
        if (fromTheServer(OASFilter.class)) {
            on.add("/openapi (MicroProfile OpenAPI)");
        } else {
            LOG.warning("Operations endpoint /openapi is off: this server has no MicroProfile OpenAPI"
                    + " (the REST API is not described)");
        }
        if (!on.isEmpty()) {
            LOG.info(() -> "Operations endpoints served by the server: " + String.join(", ", on));
        }
    }

    /** Whether the server gave this API class (it implements the feature), rather than the WAR's own copy. */
    static boolean fromTheServer(Class<?> api) {
        return api.getClassLoader() != OperationsEndpoints.class.getClassLoader();
    }
}
