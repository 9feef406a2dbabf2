package io.inbox.auth;

import java.util.Objects;

/**
 * The outcome of verifying a token: either {@link Valid} with the identity, or {@link Refused}
 * with the reason.
 */
public sealed interface Verification {

    /** The token is valid and speaks for {@code identity}. */
    record Valid(Identity identity) implements Verification {
        /** Requires an identity. */
        public Valid {
            Objects.requireNonNull(identity, "identity");
        }
    }

    /** The token was refused for {@code reason}. */
    record Refused(RefusalReason reason) implements Verification {
        /** Requires a reason. */
        public Refused {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
