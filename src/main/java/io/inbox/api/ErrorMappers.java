package io.inbox.api;

import io.inbox.conversation.ConversationNotFound;
import io.inbox.conversation.InvalidInput;
import io.inbox.conversation.MessageNotFound;
import io.inbox.conversation.NotTheAuthor;
import io.inbox.conversation.StorageUnavailable;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * Every REST failure as {@code {"detail": "..."}} with its status, never a stack trace: 400 for a broken rule, a
 * body that is not valid JSON for its request or a field that fails its constraint, 403, 404, 503 (nothing stored),
 * JAX-RS' own statuses, 500 for anything else. The filters' refusals (401, 403, 503) are built here too.
 */
public final class ErrorMappers {
    private static final Logger LOG = Logger.getLogger(ErrorMappers.class.getName());
    static final String NOT_PERMITTED = "You do not have permission to perform this action.";
    private static final String SERVER_ERROR = "A server error occurred.";

    private ErrorMappers() {
    }

    static Response detail(Response.StatusType status, String detail) {
        return builder(status, detail).build();
    }

    static Response.ResponseBuilder builder(Response.StatusType status, String detail) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(new Detail(detail));
    }

    /** 403 for a caller who is authenticated but not allowed. */
    static Response forbidden() {
        return detail(Response.Status.FORBIDDEN, NOT_PERMITTED);
    }

    /** 400: a rule was broken; the message says which. */
    @Provider
    public static class InvalidInputMapper implements ExceptionMapper<InvalidInput> {
        @Override
        public Response toResponse(InvalidInput e) {
            return detail(Response.Status.BAD_REQUEST, e.getMessage());
        }
    }

    /** 400: the body is not JSON, or not of its request's shape and types. */
    @Provider
    public static class MalformedBodyMapper implements ExceptionMapper<MalformedBody> {
        @Override
        public Response toResponse(MalformedBody e) {
            return detail(Response.Status.BAD_REQUEST, e.getMessage());
        }
    }

    /**
     * 400 when a request (a body's field, or the body itself missing) fails its Bean Validation constraint: each
     * constraint's message, sorted, in one detail. A violation of a return value is the server's failure (500).
     */
    @Provider
    public static class ConstraintViolationMapper implements ExceptionMapper<ConstraintViolationException> {
        @Override
        public Response toResponse(ConstraintViolationException e) {
            String detail = describe(e.getConstraintViolations());
            if (detail == null) {
                LOG.log(Level.SEVERE, "A REST response failed its own constraints", e);
                return ErrorMappers.detail(Response.Status.INTERNAL_SERVER_ERROR, SERVER_ERROR);
            }
            return ErrorMappers.detail(Response.Status.BAD_REQUEST, detail);
        }

        /** The 400's detail: each violated constraint's message, sorted; null when the server is at fault. */
        static String describe(Set<? extends ConstraintViolation<?>> violations) {
            if (violations == null || violations.isEmpty()
                    || violations.stream().anyMatch(v -> isReturnValue(v.getPropertyPath()))) {
                return null;
            }
            return violations.stream().map(ConstraintViolation::getMessage).sorted().distinct()
                    .collect(Collectors.joining("; "));
        }

        private static boolean isReturnValue(Path path) {
            return path != null && StreamSupport.stream(path.spliterator(), false)
                    .anyMatch(node -> node.getKind() == ElementKind.RETURN_VALUE);
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
    public static class MessageNotFoundMapper implements ExceptionMapper<MessageNotFound> {
        @Override
        public Response toResponse(MessageNotFound e) {
            return detail(Response.Status.NOT_FOUND, "Not found.");
        }
    }

    /** 403 when someone else's message is edited or deleted. */
    @Provider
    public static class NotTheAuthorMapper implements ExceptionMapper<NotTheAuthor> {
        @Override
        public Response toResponse(NotTheAuthor e) {
            return forbidden();
        }
    }

    /** 503: nothing was stored; retry (with the same client_id). */
    @Provider
    public static class StorageUnavailableMapper implements ExceptionMapper<StorageUnavailable> {
        @Override
        public Response toResponse(StorageUnavailable e) {
            return builder(Response.Status.SERVICE_UNAVAILABLE, "Storage unavailable, nothing was stored: retry.")
                    .header(HttpHeaders.RETRY_AFTER, "1").build();
        }
    }

    /**
     * JAX-RS' own outcomes (404 for unknown paths, 405, 415...) keep their status, with a DRF body. A 400 of the
     * implementation's own with a cause is a body it could not read (Jersey answers an empty body so, before any
     * reader interceptor runs): its detail is the parse error's.
     */
    @Provider
    public static class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {
        @Override
        public Response toResponse(WebApplicationException e) {
            Response original = e.getResponse();
            Response.StatusType status = original.getStatusInfo();
            String detail = switch (status.getStatusCode()) {
                case 404 -> "Not found.";
                case 400 -> e.getCause() == null ? status.getReasonPhrase()
                        : MalformedBodyInterceptor.malformed(e.getCause()).getMessage();
                default -> status.getReasonPhrase();
            };
            Response.ResponseBuilder builder = builder(status, detail);
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
            return detail(Response.Status.INTERNAL_SERVER_ERROR, SERVER_ERROR);
        }
    }
}
