package io.inbox.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A resource for the members of a group only (the token's {@code groups} claim); everyone else gets 403 before the
 * request body is read. {@link GroupAuthorizationFilter} checks it.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface RequiresGroup {
    Group value();

    /** The configured groups. */
    enum Group {
        /** {@code inbox.publish.group}: backend services that publish events. */
        PUBLISH,
        /** {@code inbox.admin.group}: operators. */
        ADMIN
    }
}
