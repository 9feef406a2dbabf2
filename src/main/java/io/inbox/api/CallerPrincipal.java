package io.inbox.api;

import io.inbox.auth.Identity;
import java.security.Principal;

/** The authenticated caller of a REST request. */
public record CallerPrincipal(Identity identity) implements Principal {
    @Override
    public String getName() {
        return Long.toString(identity.userId());
    }

    public long userId() {
        return identity.userId();
    }
}
