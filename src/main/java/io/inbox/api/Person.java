package io.inbox.api;

import io.inbox.user.Profile;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbPropertyOrder;

/**
 * A user as {@code /api/me/} describes the caller and a conversation's {@code participants} describe each
 * participant: {@code {"id", "username", "name", "avatar"}}; a bare user's unknown fields are null.
 */
@JsonbNillable
@JsonbPropertyOrder({"id", "username", "name", "avatar"})
public record Person(long id, String username, String name, String avatar) {

    static Person of(Profile p) {
        return new Person(p.id(), p.username(), p.name(), p.avatar());
    }
}
