package io.inbox.connection;

import io.inbox.auth.Identity;
import io.inbox.protocol.CloseCode;

/**
 * What the handshake decided, before the container answered 101; the connection's open acts on it. A refused
 * handshake is still accepted, then closed with its code, so browsers can read the code.
 */
public sealed interface Admission {

    /** A valid token: the connection is registered for delivery already. */
    record Admitted(Connection connection, Identity identity) implements Admission {
    }

    /** Refused: closed with this code once open. */
    record Refused(CloseCode code, String reason) implements Admission {
    }
}
