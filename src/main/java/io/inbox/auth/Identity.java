package io.inbox.auth;

import java.util.Set;

/**
 * The user a verified token speaks for.
 *
 * @param userId   the numeric user id, always positive
 * @param username the login name, or {@code null} when the token does not carry one
 * @param name     the display name, or {@code null}
 * @param avatar   the picture URL, or {@code null}
 * @param groups   the token's {@code groups} claim (MicroProfile JWT), empty when it has none
 */
public record Identity(long userId, String username, String name, String avatar, Set<String> groups) {

    /** Rejects a non-positive user id. */
    public Identity {
        if (userId <= 0) {
            throw new IllegalArgumentException("userId must be positive");
        }
        groups = groups == null ? Set.of() : Set.copyOf(groups);
    }

    /** An identity without groups. */
    public Identity(long userId, String username, String name, String avatar) {
        this(userId, username, name, avatar, Set.of());
    }

    public boolean inGroup(String group) {
        return group != null && groups.contains(group);
    }
}
