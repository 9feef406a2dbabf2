package io.inbox.user;

/** What other users see of a user. Any of the strings may be null (a bare user created as a participant). */
public record Profile(long id, String username, String name, String avatar) {

    /** The name shown next to messages: the display name, else the username. */
    public String displayName() {
        return name != null && !name.isBlank() ? name : username;
    }

    public static Profile bare(long id) {
        return new Profile(id, null, null, null);
    }
}
