package io.inbox.api;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.json.bind.config.PropertyNamingStrategy;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;

/**
 * The JSON-B configuration of every REST body, request and response: Java names become snake_case
 * ({@code participantIds} -> {@code participant_ids}). Each record fixes the rest with standard annotations, so that
 * the bytes are those of the wire contract on any JSON-B implementation: its field order
 * ({@code @JsonbPropertyOrder}, Java names), which null fields are written ({@code @JsonbNillable}; all others are
 * left out), its time format and the strict JSON types of its request fields ({@link StrictTypes}).
 */
@Provider
public class JsonBinding implements ContextResolver<Jsonb> {
    private final Jsonb jsonb = JsonbBuilder.create(config());

    /** The configuration, on its own for tests and tools that bind outside a request. */
    public static JsonbConfig config() {
        return new JsonbConfig().withPropertyNamingStrategy(PropertyNamingStrategy.LOWER_CASE_WITH_UNDERSCORES);
    }

    @Override
    public Jsonb getContext(Class<?> type) {
        return jsonb;
    }
}
