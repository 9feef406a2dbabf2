package io.inbox.api;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * 403 for a {@link RequiresGroup} resource when the authenticated caller's token is not in the group. Runs after
 * {@link BearerAuthenticationFilter} (401 first) and before the body is bound, so a refused caller learns nothing
 * of the body's rules, as with Django REST framework's permission classes.
 */
@Provider
@Priority(Priorities.AUTHORIZATION)
public class GroupAuthorizationFilter implements ContainerRequestFilter {

    /** The group (token {@code groups} claim) of services allowed to publish. */
    @Inject
    @ConfigProperty(name = "inbox.publish.group", defaultValue = "inbox-service")
    String publishGroup;
    /** The group (token {@code groups} claim) of operators allowed to use the admin API. */
    @Inject
    @ConfigProperty(name = "inbox.admin.group", defaultValue = "inbox-admin")
    String adminGroup;
    @Context
    ResourceInfo resource;

    @Override
    public void filter(ContainerRequestContext request) {
        RequiresGroup required = resource.getResourceClass() == null ? null
                : resource.getResourceClass().getAnnotation(RequiresGroup.class);
        if (required == null) {
            return;
        }
        String group = switch (required.value()) {
            case PUBLISH -> publishGroup;
            case ADMIN -> adminGroup;
        };
        if (!request.getSecurityContext().isUserInRole(group)) {
            request.abortWith(ErrorMappers.forbidden());
        }
    }
}
