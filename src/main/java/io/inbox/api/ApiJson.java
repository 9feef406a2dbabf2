package io.inbox.api;

import io.inbox.conversation.InvalidInput;
import io.inbox.user.Profile;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonGenerator;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.function.Consumer;

/** Small JSON helpers for REST bodies: parsing request objects with clear 400s, and writing responses. */
final class ApiJson {
    /** Looked up once: every {@code Json.createXxx} call repeats a service-loader scan of the class path. */
    private static final JsonProvider JSON = JsonProvider.provider();

    private ApiJson() {
    }

    /** {@code {"detail": "..."}}, the DRF error shape. */
    static String detail(String detail) {
        return write(g -> g.writeStartObject().write("detail", detail).writeEnd());
    }

    static String write(Consumer<JsonGenerator> body) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            body.accept(g);
        }
        return out.toString();
    }

    /** A user's {@code "id", "username", "name", "avatar"} (the strings null when unknown), as /api/me/ has them. */
    static void writeUserFields(JsonGenerator g, Profile user) {
        g.write("id", user.id());
        nullable(g, "username", user.username());
        nullable(g, "name", user.name());
        nullable(g, "avatar", user.avatar());
    }

    private static void nullable(JsonGenerator g, String key, String value) {
        if (value == null) {
            g.writeNull(key);
        } else {
            g.write(key, value);
        }
    }

    /** Parses a request body that must be a JSON object. */
    static JsonObject object(String body) {
        if (body == null || body.isBlank()) {
            throw new InvalidInput("JSON parse error - expected a JSON object");
        }
        try (JsonReader reader = JSON.createReader(new StringReader(body))) {
            JsonValue value = reader.readValue();
            if (value instanceof JsonObject object) {
                return object;
            }
        } catch (JsonException | IllegalStateException e) {
            throw new InvalidInput("JSON parse error");
        }
        throw new InvalidInput("JSON parse error - expected a JSON object");
    }
}
