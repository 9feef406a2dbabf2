package io.inbox.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The token groups ({@code groups} claim) that the publish and admin APIs require. A CDI bean of its own, so that the
 * settings are injected on every server: GlassFish's MicroProfile Config serves {@code @ConfigProperty} only in CDI
 * beans, and a JAX-RS provider such as {@link GroupAuthorizationFilter} is not one there.
 */
@ApplicationScoped
public class CallerGroups {
    /** The group of services allowed to publish. */
    @Inject
    @ConfigProperty(name = "inbox.publish.group", defaultValue = "inbox-service")
    String publishGroup;
    /** The group of operators allowed to use the admin API. */
    @Inject
    @ConfigProperty(name = "inbox.admin.group", defaultValue = "inbox-admin")
    String adminGroup;

    String of(RequiresGroup.Group group) {
        return switch (group) {
            case PUBLISH -> publishGroup;
            case ADMIN -> adminGroup;
        };
    }
}
