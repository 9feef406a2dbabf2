package io.inbox.conversation;

import java.util.List;

/** One page of results, and whether another page follows in the direction of the query. */
public record Page<T>(List<T> items, boolean more) {
}
