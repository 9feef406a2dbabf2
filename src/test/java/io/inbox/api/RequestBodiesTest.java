package io.inbox.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.inbox.protocol.ClientId;
import jakarta.json.bind.Jsonb;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each malformed request body and the detail of the 400 {@code {"detail": ...}} it is answered with, through the
 * same steps as on the server: the API's JSON-B binding inside {@link MalformedBodyInterceptor} ({@link MalformedBody},
 * answered with its message), then Bean Validation of the resource method's parameters (what {@code @NotNull @Valid}
 * asks of JAX-RS), whose violations {@link ErrorMappers.ConstraintViolationMapper} describes.
 */
class RequestBodiesTest {
    private static final Jsonb JSONB = new JsonBinding().getContext(Object.class);
    private static final ValidatorFactory VALIDATION = Validation.buildDefaultValidatorFactory();
    private static final Validator VALIDATOR = VALIDATION.getValidator();
    private static final String PARSE = "JSON parse error";
    private static final String PUBLISH_ONE = "{\"conversation_id\":1,\"event\":{\"type\":\"x\"}}";

    @AfterAll
    static void close() {
        VALIDATION.close();
    }

    /** The 400's detail the server answers for {@code body} sent to the resource method, or null when it gets through. */
    private static String answer(Object resource, String methodName, Class<?> type, String body) {
        Method method = Arrays.stream(resource.getClass().getMethods()).filter(m -> m.getName().equals(methodName))
                .findFirst().orElseThrow();
        Object[] arguments = new Object[method.getParameterCount()];
        int bodyIndex = Arrays.asList(method.getParameterTypes()).indexOf(type);
        try {
            arguments[bodyIndex] = read(type, body);
            Set<ConstraintViolation<Object>> violations =
                    VALIDATOR.forExecutables().validateParameters(resource, method, arguments);
            if (!violations.isEmpty()) {
                throw new ConstraintViolationException(violations);
            }
            return null;
        } catch (MalformedBody e) {
            return e.getMessage();
        } catch (ConstraintViolationException e) {
            return ErrorMappers.ConstraintViolationMapper.describe(e.getConstraintViolations());
        }
    }

    /** The entity provider's reading, wrapped by the interceptor as the server wraps it. */
    private static Object read(Class<?> type, String body) {
        ReaderInterceptorContext context = (ReaderInterceptorContext) Proxy.newProxyInstance(
                RequestBodiesTest.class.getClassLoader(), new Class<?>[] {ReaderInterceptorContext.class},
                (proxy, m, args) -> {
                    if (m.getName().equals("proceed")) {
                        return JSONB.fromJson(body, type);
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
        try {
            return new MalformedBodyInterceptor().aroundReadFrom(context);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void assertRefused(String expected, String detail) {
        assertEquals(expected, detail);
    }

    static Stream<Arguments> badConversations() {
        return Stream.of(
                Arguments.of("not json", PARSE),
                Arguments.of("", PARSE),
                Arguments.of("[]", PARSE),
                Arguments.of("{\"participant_ids\":[2]", PARSE),
                Arguments.of("{}", "participant_ids: a list of user ids is required"),
                Arguments.of("{\"participant_ids\":null}", "participant_ids: a list of user ids is required"),
                Arguments.of("{\"participant_ids\":\"2\"}", PARSE + " - expected a list of integers, got a string"),
                Arguments.of("{\"participant_ids\":{}}", PARSE + " - expected a list of integers, got an object"),
                Arguments.of("{\"participant_ids\":[\"2\"]}", PARSE + " - expected an integer, got a string"),
                Arguments.of("{\"participant_ids\":[2.5]}", PARSE + " - expected an integer, got a number"),
                Arguments.of("{\"participant_ids\":[null]}", PARSE + " - expected an integer, got null"),
                Arguments.of("{\"participant_ids\":[true]}", PARSE + " - expected an integer, got a boolean"),
                Arguments.of("{\"participant_ids\":[99999999999999999999]}", PARSE + " - integer out of range"),
                Arguments.of("{\"participant_ids\":[2],\"title\":5}", PARSE + " - expected a string, got a number"),
                Arguments.of("{\"participant_ids\":[2],\"title\":[]}", PARSE + " - expected a string, got a list"),
                Arguments.of("{\"participant_ids\":[2],\"title\":false}", PARSE + " - expected a string, got a boolean"));
    }

    @ParameterizedTest
    @MethodSource("badConversations")
    void aBadNewConversationIs400WithItsDetail(String body, String detail) {
        assertRefused(detail, answer(new ConversationResource(), "create", ConversationRequest.class, body));
    }

    @Test
    void aNewConversationBindsItsIdsAndTitle() {
        assertEquals(new ConversationRequest(List.of(2L, 3L), "Lunch"),
                read(ConversationRequest.class, "{\"participant_ids\":[2,3],\"title\":\"Lunch\",\"extra\":1}"));
        assertEquals(new ConversationRequest(List.of(2L), null),
                read(ConversationRequest.class, "{\"participant_ids\":[2],\"title\":null}"));
        assertNull(answer(new ConversationResource(), "create", ConversationRequest.class, "{\"participant_ids\":[]}"),
                "an empty list is the conversation's rule to judge");
    }

    static Stream<Arguments> badMessages() {
        return Stream.of(
                Arguments.of("{}", "message: a string is required"),
                Arguments.of("{\"message\":null}", "message: a string is required"),
                Arguments.of("{\"message\":3}", PARSE + " - expected a string, got a number"),
                Arguments.of("{\"message\":{\"text\":\"x\"}}", PARSE + " - expected a string, got an object"),
                Arguments.of("{\"message\":\"x\",\"client_id\":4}", PARSE + " - expected a string, got a number"),
                Arguments.of("{\"message\":\"x\",\"client_id\":\"\"}", ClientId.RULE),
                Arguments.of("{\"message\":\"x\",\"client_id\":\"" + "c".repeat(ClientId.MAX_LENGTH + 1) + "\"}",
                        ClientId.RULE),
                Arguments.of("{\"client_id\":\"\"}", "client_id must be 1 to 64 characters; message: a string is required"),
                Arguments.of("\"x\"", PARSE));
    }

    @ParameterizedTest
    @MethodSource("badMessages")
    void aBadMessageIs400WithItsDetail(String body, String detail) {
        assertRefused(detail, answer(new ConversationResource(), "post", MessageRequest.class, body));
    }

    @Test
    void aMessageTakesAClientIdUpToTheLimit() {
        String longest = "c".repeat(ClientId.MAX_LENGTH);
        String body = "{\"message\":\"x\",\"client_id\":\"" + longest + "\"}";
        assertNull(answer(new ConversationResource(), "post", MessageRequest.class, body));
        assertEquals(new MessageRequest("x", longest), read(MessageRequest.class, body));
        assertEquals(new MessageRequest("", null), read(MessageRequest.class, "{\"message\":\"\",\"client_id\":null}"),
                "an empty text is the conversation's rule to judge");
    }

    @ParameterizedTest
    @MethodSource("badReads")
    void aBadReadPositionIs400WithItsDetail(String body, String detail) {
        assertRefused(detail, answer(new ConversationResource(), "read", ReadRequest.class, body));
    }

    static Stream<Arguments> badReads() {
        return Stream.of(
                Arguments.of("{}", ReadRequest.RULE),
                Arguments.of("{\"message_id\":0}", ReadRequest.RULE),
                Arguments.of("{\"message_id\":-4}", ReadRequest.RULE),
                Arguments.of("{\"message_id\":\"5\"}", PARSE + " - expected an integer, got a string"),
                Arguments.of("{\"message_id\":5.5}", PARSE + " - expected an integer, got a number"),
                Arguments.of("{\"message_id\":1E3}", PARSE + " - expected an integer, got a number"),
                Arguments.of("{\"message_id\":true}", PARSE + " - expected an integer, got a boolean"));
    }

    @Test
    void aReadPositionBindsItsId() {
        assertEquals(new ReadRequest(789L), read(ReadRequest.class, "{\"message_id\":789}"));
    }

    static Stream<Arguments> badPublications() {
        return Stream.of(
                Arguments.of("{\"event\":{\"type\":\"x\"}}", "exactly one of conversation_id and user_id is required"),
                Arguments.of("{\"conversation_id\":1,\"user_id\":2,\"event\":{\"type\":\"x\"}}",
                        "exactly one of conversation_id and user_id is required"),
                Arguments.of("{\"conversation_id\":1}", PublishRequest.EVENT_RULE),
                Arguments.of("{\"conversation_id\":1,\"event\":{\"text\":\"no type\"}}", PublishRequest.EVENT_RULE),
                Arguments.of("{\"conversation_id\":1,\"event\":{\"type\":5}}", PublishRequest.EVENT_RULE),
                Arguments.of("{\"conversation_id\":1,\"event\":5}", PARSE),
                Arguments.of("{\"conversation_id\":1,\"event\":[]}", PARSE),
                Arguments.of("{\"conversation_id\":0,\"event\":{\"type\":\"x\"}}",
                        "conversation_id: a positive integer is required"),
                Arguments.of("{\"user_id\":-1,\"event\":{\"type\":\"x\"}}", "user_id: a positive integer is required"),
                Arguments.of("{\"conversation_id\":\"1\",\"event\":{\"type\":\"x\"}}",
                        PARSE + " - expected an integer, got a string"),
                Arguments.of("not json", PARSE));
    }

    @ParameterizedTest
    @MethodSource("badPublications")
    void aBadPublicationIs400WithItsDetail(String body, String detail) {
        assertRefused(detail, answer(new PublishResource(), "publish", PublishRequest.class, body));
    }

    @Test
    void aPublicationKeepsItsEventAsItCame() {
        assertNull(answer(new PublishResource(), "publish", PublishRequest.class, PUBLISH_ONE));
        PublishRequest request = (PublishRequest) read(PublishRequest.class,
                "{\"user_id\":7,\"event\":{\"type\":\"order_shipped\",\"order\":{\"id\":12,\"items\":[1,2]}}}");
        assertEquals("order_shipped", request.type());
        assertEquals("{\"type\":\"order_shipped\",\"order\":{\"id\":12,\"items\":[1,2]}}", request.event().toString());
    }

    static Stream<Arguments> badTextEvents() {
        return Stream.of(
                Arguments.of("{\"type\":\"TEXT\",\"message\":\"x\"}", PublishRequest.Text.SENDER_RULE),
                Arguments.of("{\"type\":\"TEXT\",\"sender_id\":0,\"message\":\"x\"}", PublishRequest.Text.SENDER_RULE),
                Arguments.of("{\"type\":\"TEXT\",\"sender_id\":3}", "message: a string is required"),
                Arguments.of("{\"type\":\"TEXT\",\"sender_id\":3,\"message\":4}", PARSE + " - expected a string, got a number"),
                Arguments.of("{\"type\":\"TEXT\",\"sender_id\":3,\"message\":\"x\",\"client_id\":\"\"}", ClientId.RULE));
    }

    @ParameterizedTest
    @MethodSource("badTextEvents")
    void aBadPublishedMessageIs400WithItsDetail(String event, String detail) {
        String answer;
        try {
            PublishRequest.Text text = (PublishRequest.Text) read(PublishRequest.Text.class, event);
            answer = ErrorMappers.ConstraintViolationMapper.describe(VALIDATOR.validate(text));
        } catch (MalformedBody e) {
            answer = e.getMessage();
        }
        assertRefused(detail, answer);
    }

    @Test
    void aMissingBodyIs400() {
        assertRefused(ConversationResource.MISSING_BODY,
                answer(new ConversationResource(), "post", MessageRequest.class, "null"));
    }
}
