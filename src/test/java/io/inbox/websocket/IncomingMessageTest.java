package io.inbox.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The size limit on client messages, whole or in parts, in UTF-8 bytes as on the wire. */
class IncomingMessageTest {

    @Test
    void anUnfragmentedFrameUpToTheLimitPassesAsItIs() {
        IncomingMessage incoming = new IncomingMessage(10);
        String frame = "x".repeat(10);
        assertSame(frame, incoming.text(frame, true));
        assertEquals("y", incoming.text("y", true), "the count starts again with each message");
        assertFalse(incoming.tooLarge());
    }

    @Test
    void anUnfragmentedFrameOverTheLimitIsTooLarge() {
        IncomingMessage incoming = new IncomingMessage(10);
        assertNull(incoming.text("x".repeat(11), true));
        assertTrue(incoming.tooLarge());
        assertNull(incoming.text("y", true), "nothing more is passed on: the connection is being closed");
    }

    @Test
    void aFragmentedMessageIsJoinedAndLimitedAsAWhole() {
        IncomingMessage incoming = new IncomingMessage(10);
        assertNull(incoming.text("abcde", false));
        assertEquals("abcdefghij", incoming.text("fghij", true));
        assertNull(incoming.text("abcdef", false));
        assertNull(incoming.text("ghijk", true), "11 bytes in two fragments of 6 and 5");
        assertTrue(incoming.tooLarge());
    }

    @Test
    void theLimitIsInUtf8BytesAndASurrogatePairSplitBetweenPartsCountsFour() {
        String emoji = "\uD83D\uDE00"; // 4 bytes in UTF-8
        assertEquals(4, "\uD83D\uDE00".getBytes(StandardCharsets.UTF_8).length);
        assertEquals(4 + 3 + 2 + 1, IncomingMessage.utf8Length(emoji + "\u20AC" + "\u00E9" + "a", Long.MAX_VALUE));
        IncomingMessage incoming = new IncomingMessage(8);
        assertNull(incoming.text("\uD83D", false));
        assertEquals(emoji + emoji, incoming.text("\uDE00" + emoji, true));
        assertNull(incoming.text("\u20AC\u20AC\u20AC", true), "3 characters, 9 bytes");
        assertTrue(incoming.tooLarge());
    }

    @Test
    void binaryMessagesAreCountedNotKept() {
        IncomingMessage incoming = new IncomingMessage(10);
        assertFalse(incoming.binary(ByteBuffer.allocate(6), false));
        assertTrue(incoming.binary(ByteBuffer.allocate(4), true));
        assertFalse(incoming.binary(ByteBuffer.allocate(6), false));
        assertFalse(incoming.binary(ByteBuffer.allocate(5), true));
        assertTrue(incoming.tooLarge());
    }
}
