package io.inbox.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class InboxMetricsTest {

    @Test
    void theTypeOfAnEncodedFrameIsReadFromItsFirstField() {
        assertEquals("TEXT", InboxMetrics.typeOf("{\"type\":\"TEXT\",\"message\":\"hi\"}"));
        assertEquals("presence", InboxMetrics.typeOf("{\"type\":\"presence\",\"user_id\":1}"));
        assertEquals("other", InboxMetrics.typeOf("{\"message\":\"no type first\"}"));
        assertEquals("other", InboxMetrics.typeOf("{\"type\":\"\"}"));
    }
}
