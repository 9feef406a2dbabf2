package io.inbox.api;

import io.inbox.conversation.ConversationNotFound;
import io.inbox.conversation.InvalidInput;
import io.inbox.conversation.StorageUnavailable;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Every REST failure as {@code {"detail": "..."}} with its status, never a stack trace. */
public final class ErrorMappers {
    private static final Logger LOG = Logger.getLogger(ErrorMappers.class.getName());

    private ErrorMappers() {
    }

    static Response detail(Response.Status status, String detail) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(ApiJson.detail(detail)).build();
    }

    /** 400: a rule was broken; the message says which. */
    @Provider
    public static class InvalidInputMapper implements ExceptionMapper<InvalidInput> {
        @Override
        public Response toResponse(InvalidInput e) {
            return detail(Response.Status.BAD_REQUEST, e.getMessage());
        }
    }

    /** 404, for a conversation that does not exist and for one the caller is not in alike. */
    @Provider
    public static class ConversationNotFoundMapper implements ExceptionMapper<ConversationNotFound> {
        @Override
        public Response toResponse(ConversationNotFound e) {
            return detail(Response.Status.NOT_FOUND, "Not found.");
        }
    }

    /** 404 for an unknown message. */
    @Provider
    public static class MessageNotFoundMapper implements ExceptionMapper<io.inbox.conversation.MessageNotFound> {
        @Override
        public Response toResponse(io.inbox.conversation.MessageNotFound e) {
            return detail(Response.Status.NOT_FOUND, "Not found.");
        }
    }

    /** 403 when someone else's message is edited or deleted. */
    @Provider
    public static class NotTheAuthorMapper implements ExceptionMapper<io.inbox.conversation.NotTheAuthor> {
        @Override
        public Response toResponse(io.inbox.conversation.NotTheAuthor e) {
            return detail(Response.Status.FORBIDDEN, "You do not have permission to perform this action.");
        }
    }

    /** 503: nothing was stored; retry (with the same client_id). */
    @Provider
    public static class StorageUnavailableMapper implements ExceptionMapper<StorageUnavailable> {
        @Override
        public Response toResponse(StorageUnavailable e) {
            return Response.fromResponse(detail(Response.Status.SERVICE_UNAVAILABLE,
                    "Storage unavailable, nothing was stored: retry.")).header(HttpHeaders.RETRY_AFTER, "1").build();
        }
    }

    /** JAX-RS' own outcomes (404 for unknown paths, 405, 415...) keep their status, with a DRF body. */
    @Provider
    public static class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {
        @Override
        public Response toResponse(WebApplicationException e) {
            Response original = e.getResponse();
            Response.StatusType status = original.getStatusInfo();
            String detail = status.getStatusCode() == 404 ? "Not found." : status.getReasonPhrase();
            Response.ResponseBuilder builder = Response.status(status).type(MediaType.APPLICATION_JSON)
                    .entity(ApiJson.detail(detail));
            original.getHeaders().forEach((name, values) -> {
                if (!HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(name)) {
                    values.forEach(v -> builder.header(name, v));
                }
            });
            return builder.build();
        }
    }

    /** 500 for anything unexpected: logged once with its stack trace, never shown to the caller. */
    @Provider
    public static class UnexpectedMapper implements ExceptionMapper<RuntimeException> {
        @Override
        public Response toResponse(RuntimeException e) {
            LOG.log(Level.SEVERE, "Unexpected REST failure", e);
            return detail(Response.Status.INTERNAL_SERVER_ERROR, "A server error occurred.");
        }
    }
}
