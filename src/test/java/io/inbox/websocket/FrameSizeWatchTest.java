package io.inbox.websocket;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The byte-level frame size check: what the WebSocket runtime gets to read. */
class FrameSizeWatchTest {
    private static final int TEXT = 0x1;
    private static final int CONTINUATION = 0x0;
    private static final int PING = 0x9;

    @Test
    void framesWithinTheLimitPassUnchangedWhateverTheReadBoundaries() {
        byte[] wire = concat(frame(TEXT, true, 125), frame(PING, true, 4), frame(TEXT, false, 126),
                frame(CONTINUATION, true, 1000 - 126), frame(TEXT, true, 1000));
        for (int chunk : new int[] {1, 2, 3, 7, 13, 64, wire.length}) {
            FrameSizeWatch watch = new FrameSizeWatch(1000);
            assertArrayEquals(wire, run(watch, wire, chunk), "read " + chunk + " bytes at a time");
            assertFalse(watch.tripped());
        }
    }

    @Test
    void readsOfWholeFramesWithinTheLimitAreCheckedInPlace() {
        byte[] wire = concat(frame(TEXT, true, 100), frame(PING, true, 4), frame(TEXT, false, 300),
                frame(CONTINUATION, true, 500));
        FrameSizeWatch watch = new FrameSizeWatch(1000);
        assertTrue(watch.passesUnchanged(wire, 0, wire.length), "no copy for whole frames");
        byte[] tooLarge = frame(TEXT, true, 1001);
        assertFalse(watch.passesUnchanged(tooLarge, 0, tooLarge.length), "refused by feed, not here");
        byte[] split = frame(TEXT, true, 200);
        assertFalse(watch.passesUnchanged(split, 0, 3), "a header cut by the read is held back by feed");
        assertFalse(watch.tripped());
    }

    @Test
    void anUnfragmentedFrameOverTheLimitBecomesAClose1009AndNothingAfterIt() {
        byte[] before = frame(TEXT, true, 10);
        byte[] wire = concat(before, frame(TEXT, true, 1001), frame(TEXT, true, 5));
        for (int chunk : new int[] {1, 5, 4096}) {
            FrameSizeWatch watch = new FrameSizeWatch(1000);
            assertArrayEquals(concat(before, FrameSizeWatch.CLOSE_TOO_BIG), run(watch, wire, chunk));
            assertTrue(watch.tripped());
            assertEquals(1001, watch.refusedLength());
        }
    }

    @Test
    void aFragmentedMessageIsLimitedAsAWholeAndControlFramesDoNotCount() {
        byte[] accepted = concat(frame(TEXT, false, 600), frame(PING, true, 100));
        byte[] wire = concat(accepted, frame(CONTINUATION, true, 401));
        FrameSizeWatch watch = new FrameSizeWatch(1000);
        assertArrayEquals(concat(accepted, FrameSizeWatch.CLOSE_TOO_BIG), run(watch, wire, 50));
        assertEquals(401, watch.refusedLength());
        assertEquals(600, watch.earlierBytes());
    }

    @Test
    void aSixtyFourBitLengthIsReadWholeAndAHugeOneIsRefused() {
        byte[] big = frame(TEXT, true, 70_000); // 127 + 8 length bytes
        FrameSizeWatch watch = new FrameSizeWatch(70_000);
        assertArrayEquals(big, run(watch, big, 1000));
        byte[] header = Arrays.copyOf(frame(TEXT, true, 0), 14);
        header[1] = (byte) (0x80 | 127);
        header[2] = (byte) 0x80; // top bit set: not a valid length
        watch = new FrameSizeWatch(70_000);
        assertArrayEquals(FrameSizeWatch.CLOSE_TOO_BIG, run(watch, header, 3));
        assertTrue(watch.tripped());
    }

    @Test
    void afterARefusalTheRestOfTheFrameIsSkippedUntilTheClientsCloseFrame() {
        byte[] refused = frame(TEXT, true, 5000);
        FrameSizeWatch watch = new FrameSizeWatch(1000);
        run(watch, Arrays.copyOf(refused, 100), 100);
        assertTrue(watch.tripped());
        byte[] rest = concat(Arrays.copyOfRange(refused, 100, refused.length), frame(TEXT, true, 3));
        assertFalse(watch.discard(rest, 0, rest.length), "the refused frame's payload and a later frame");
        byte[] close = frame(0x8, true, 2);
        assertFalse(watch.discard(close, 0, 1), "half a header");
        assertTrue(watch.discard(close, 1, close.length - 1), "the client's close frame");
        assertTrue(watch.clientClosed());
    }

    @Test
    void aClientCloseInTheSameReadAsTheRefusedFrameIsSeen() {
        byte[] wire = concat(frame(TEXT, true, 1500), frame(0x8, true, 2));
        FrameSizeWatch watch = new FrameSizeWatch(1000);
        assertArrayEquals(FrameSizeWatch.CLOSE_TOO_BIG, run(watch, wire, wire.length));
        assertTrue(watch.clientClosed());
    }

    @Test
    void theCloseFrameIsAMaskedClose1009() {
        byte[] close = FrameSizeWatch.CLOSE_TOO_BIG;
        assertEquals(0x88, close[0] & 0xff);
        assertEquals(0x80, close[1] & 0x80);
        assertEquals(close.length - 6, close[1] & 0x7f);
        assertEquals(1009, (close[6] & 0xff) << 8 | close[7] & 0xff);
    }

    /** Feeds the wire bytes in chunks, as reads would return them, and collects what passes. */
    private static byte[] run(FrameSizeWatch watch, byte[] wire, int chunk) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int at = 0; at < wire.length && !watch.tripped(); at += chunk) {
            int n = Math.min(chunk, wire.length - at);
            byte[] read = Arrays.copyOfRange(wire, at, at + n);
            if (watch.passesUnchanged(read, 0, n)) {
                out.writeBytes(read);
            } else {
                watch.feed(read, 0, n, out);
            }
        }
        return out.toByteArray();
    }

    /** A masked client frame with a payload of {@code length} bytes. */
    private static byte[] frame(int opcode, boolean fin, int length) {
        ByteBuffer frame = ByteBuffer.allocate(14 + length);
        frame.put((byte) ((fin ? 0x80 : 0) | opcode));
        if (length < 126) {
            frame.put((byte) (0x80 | length));
        } else if (length < 65536) {
            frame.put((byte) (0x80 | 126)).putShort((short) length);
        } else {
            frame.put((byte) (0x80 | 127)).putLong(length);
        }
        frame.putInt(0x1234_5678);
        for (int i = 0; i < length; i++) {
            frame.put((byte) i);
        }
        return Arrays.copyOf(frame.array(), frame.position());
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
