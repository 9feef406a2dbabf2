package io.inbox.api;

/** {@code {"detail": "..."}}, the DRF error body. */
public record Detail(String detail) {
}
