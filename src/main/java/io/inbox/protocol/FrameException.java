package io.inbox.protocol;

/**
 * A client frame that cannot be processed. Carries what the error frame needs; never a stack trace
 * (it is an expected outcome, so it does not fill one in).
 */
public final class FrameException extends RuntimeException {
    private final ErrorCode code;
    private final Long conversationId;
    private final String clientId;

    public FrameException(ErrorCode code, String message, Long conversationId, String clientId) {
        super(message, null, false, false);
        this.code = code;
        this.conversationId = conversationId;
        this.clientId = clientId;
    }

    public FrameException(ErrorCode code, String message) {
        this(code, message, null, null);
    }

    public ErrorCode code() {
        return code;
    }

    public Long conversationId() {
        return conversationId;
    }

    public String clientId() {
        return clientId;
    }

    /** The error frame that answers this failure. */
    public ServerEvent.Error toEvent() {
        return new ServerEvent.Error(code, getMessage(), conversationId, clientId);
    }
}
