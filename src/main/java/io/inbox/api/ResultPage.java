package io.inbox.api;

import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;

/** A DRF list: {@code {"results": [...], "next": url-or-null}}. */
@JsonbNillable
@JsonbPropertyOrder({"results", "next"})
public record ResultPage<T>(List<T> results, String next) {
}
