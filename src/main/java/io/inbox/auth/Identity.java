package io.inbox.auth;

/**
 * The user a verified token speaks for.
 *
 * @param userId   the numeric user id, always positive
 * @param username the login name, or {@code null} when the token does not carry one
 * @param name     the display name, or {@code null}
 * @param avatar   the picture URL, or {@code null}
 */
public record Identity(long userId, String username, String name, String avatar) {

    /** Rejects a non-positive user id. */
    public Identity {
        if (userId <= 0) {
            throw new IllegalArgumentException("userId must be positive");
        }
    }
}
