package io.inbox.websocket;

import jakarta.websocket.Endpoint;
import jakarta.websocket.server.ServerApplicationConfig;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which annotated endpoints the container deploys from its scan: the two paths as clients call them, with the
 * trailing slash. The variants without it are added by {@link WithoutSlashEndpoints}, only where the container
 * tells them apart: the specification matches paths exactly (Tyrus does: Payara, GlassFish), while Undertow
 * (WildFly) takes {@code /ws/chat/{id}} and {@code /ws/chat/{id}/} for one path and refuses the application
 * if both are deployed.
 */
public class EndpointSelection implements ServerApplicationConfig {
    static final List<Class<?>> WITHOUT_SLASH = List.of(InboxEndpointWithoutSlash.class, ChatEndpointWithoutSlash.class);

    @Override
    public Set<ServerEndpointConfig> getEndpointConfigs(Set<Class<? extends Endpoint>> endpointClasses) {
        return Set.of();
    }

    @Override
    public Set<Class<?>> getAnnotatedEndpointClasses(Set<Class<?>> scanned) {
        return scanned.stream().filter(c -> !WITHOUT_SLASH.contains(c)).collect(Collectors.toSet());
    }
}
