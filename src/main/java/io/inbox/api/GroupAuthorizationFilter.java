package io.inbox.api;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;

/**
 * 403 for a {@link RequiresGroup} resource when the authenticated caller's token is not in the group. Runs after
 * {@link BearerAuthenticationFilter} (401 first) and before the body is bound, so a refused caller learns nothing
 * of the body's rules, as with Django REST framework's permission classes.
 */
@Provider
@Priority(Priorities.AUTHORIZATION)
public class GroupAuthorizationFilter implements ContainerRequestFilter {

    @Inject
    CallerGroups groups;
    @Context
    ResourceInfo resource;

    @Override
    public void filter(ContainerRequestContext request) {
        RequiresGroup required = resource.getResourceClass() == null ? null
                : resource.getResourceClass().getAnnotation(RequiresGroup.class);
        if (required == null) {
            return;
        }
        if (!request.getSecurityContext().isUserInRole(groups.of(required.value()))) {
            request.abortWith(ErrorMappers.forbidden());
        }
    }
}
