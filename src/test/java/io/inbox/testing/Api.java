package io.inbox.testing;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small REST client for the integration tests. */
public final class Api {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;

    /** A response with its parsed JSON body (null when the body is empty). */
    public record Reply(int status, JsonStructure body, HttpResponse<String> raw) {
        public JsonObject json() {
            return (JsonObject) body;
        }
    }

    public Api(URI base) {
        this.base = base;
    }

    public Reply get(String path, String token) {
        return send(request(path, token).GET());
    }

    /** A GET whose body is not JSON (Prometheus text, YAML): {@link Reply#body()} is null, the text is in {@code raw()}. */
    public Reply getText(String path) {
        try {
            HttpResponse<String> response = HTTP.send(request(path, null).GET().build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), null, response);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public Reply post(String path, String token, String json) {
        return send(request(path, token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** Creates a conversation as {@code creatorId} with these other participants and returns its id. */
    public long createConversation(long creatorId, long... others) {
        StringBuilder ids = new StringBuilder();
        for (long id : others) {
            ids.append(ids.length() == 0 ? "" : ",").append(id);
        }
        Reply reply = post("/api/conversations/", TestTokens.valid(creatorId),
                "{\"participant_ids\":[" + ids + "],\"title\":\"test\"}");
        if (reply.status() != 201) {
            throw new AssertionError("create conversation: " + reply.status() + " " + reply.raw().body());
        }
        return reply.json().getJsonNumber("id").longValue();
    }

    /** Every message of a conversation, oldest first, following the {@code after} cursor page by page. */
    public java.util.List<JsonObject> allMessages(long conversationId, String token) {
        java.util.List<JsonObject> all = new java.util.ArrayList<>();
        long after = 0;
        while (true) {
            jakarta.json.JsonArray page = get("/api/conversations/" + conversationId + "/messages/?limit=200&after=" + after,
                    token).json().getJsonArray("results");
            if (page.isEmpty()) {
                return all;
            }
            page.forEach(v -> all.add(v.asJsonObject()));
            after = page.getJsonObject(page.size() - 1).getJsonNumber("message_id").longValueExact();
        }
    }

    private HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private static Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            JsonStructure json = body == null || body.isBlank() ? null
                    : Json.createReader(new StringReader(body)).read();
            return new Reply(response.statusCode(), json, response);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
