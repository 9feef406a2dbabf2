package io.inbox.api;

import io.inbox.conversation.InvalidInput;

/** Parsing of query parameters with DRF-style 400 answers instead of JAX-RS's 404 on a bad number. */
final class QueryParams {
    private QueryParams() {
    }

    static Long optionalId(String name, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            long id = Long.parseLong(value);
            if (id >= 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new InvalidInput(name + " must be a non-negative integer");
    }

    static int limit(String value, int defaultLimit, int maxLimit) {
        Long limit = optionalId("limit", value);
        if (limit == null) {
            return defaultLimit;
        }
        if (limit < 1) {
            throw new InvalidInput("limit must be at least 1");
        }
        return (int) Math.min(limit, maxLimit);
    }
}
