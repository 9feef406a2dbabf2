package io.inbox.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The client_id rule that WebSocket frames and REST bodies share. */
class ClientIdTest {

    @Test
    void anAbsentClientIdIsAllowed() {
        assertTrue(ClientId.isValid(null));
    }

    @Test
    void oneToSixtyFourCharactersAreAllowed() {
        assertTrue(ClientId.isValid("c"));
        assertTrue(ClientId.isValid("c".repeat(64)));
    }

    @Test
    void anEmptyOrLongerClientIdIsRefusedWithTheRule() {
        assertFalse(ClientId.isValid(""));
        assertFalse(ClientId.isValid("c".repeat(65)));
        assertEquals("client_id must be 1 to 64 characters", ClientId.RULE);
    }
}
