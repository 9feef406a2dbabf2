package io.inbox.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.junit.jupiter.api.Test;

class EndpointSelectionTest {

    @Test
    void theScanDeploysThePathsWithTheTrailingSlashOnly() {
        Set<Class<?>> scanned = Set.of(InboxEndpoint.class, InboxEndpointWithoutSlash.class, ChatEndpoint.class,
                ChatEndpointWithoutSlash.class);
        assertEquals(Set.of(InboxEndpoint.class, ChatEndpoint.class),
                new EndpointSelection().getAnnotatedEndpointClasses(scanned));
    }
}
