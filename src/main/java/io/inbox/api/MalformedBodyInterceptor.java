package io.inbox.api;

import jakarta.json.JsonException;
import jakarta.json.bind.JsonbException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.NoContentException;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.IOException;

/**
 * Turns a request body that cannot be bound (not JSON, an array for an object, a field of the wrong JSON type)
 * into {@link MalformedBody}, answered 400 {@code {"detail": ...}}. Wraps the reading alone: the same provider
 * exceptions while writing a response are the server's failure (500), never the client's.
 */
@Provider
public class MalformedBodyInterceptor implements ReaderInterceptor {
    static final String EXPECTED_OBJECT = "expected a JSON object";

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        try {
            return context.proceed();
        } catch (NoContentException | ProcessingException | JsonbException | JsonException e) {
            throw malformed(e);
        }
    }

    /**
     * The adapter's own reason when a {@link StrictTypes} field refused its value, "expected a JSON object" for an
     * empty body, else the plain parse error.
     */
    static MalformedBody malformed(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof MalformedBody reason) {
                return reason;
            }
            if (cause instanceof NoContentException) {
                return new MalformedBody(EXPECTED_OBJECT);
            }
        }
        return new MalformedBody(failure);
    }
}
