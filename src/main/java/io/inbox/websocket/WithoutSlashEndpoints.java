package io.inbox.websocket;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpoint;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Adds {@code /ws/inbox} and {@code /ws/chat/{conversation_id}} (no trailing slash) while the application
 * starts, the one moment the WebSocket API allows it. Undertow (WildFly) takes two path templates that differ
 * only by a trailing slash for the same path and then fails the whole application (even when the refusal is
 * caught), yet matches {@code /ws/chat/5} to neither: there {@code /ws/chat/{conversation_id}} without the slash
 * is not served (logged). Undertow is recognised by its WebSocket container's package; it is the one container
 * known to differ here from the specification's exact match.
 */
@WebListener
public class WithoutSlashEndpoints implements ServletContextListener {
    private static final Logger LOG = Logger.getLogger(WithoutSlashEndpoints.class.getName());
    private static final String UNDERTOW = "io.undertow.";

    @Override
    public void contextInitialized(ServletContextEvent event) {
        Object container = event.getServletContext().getAttribute(ServerContainer.class.getName());
        if (!(container instanceof ServerContainer server)) {
            LOG.warning("No WebSocket container: the endpoints without a trailing slash are not deployed");
            return;
        }
        boolean undertow = server.getClass().getName().startsWith(UNDERTOW);
        for (Class<?> endpoint : EndpointSelection.WITHOUT_SLASH) {
            String path = endpoint.getAnnotation(ServerEndpoint.class).value();
            if (undertow && path.contains("{")) {
                LOG.info(() -> path + " (no trailing slash) is not served on Undertow, which cannot tell it from " + path
                        + "/; clients use " + path + "/");
                continue;
            }
            try {
                server.addEndpoint(endpoint);
            } catch (DeploymentException e) {
                LOG.log(Level.WARNING, endpoint.getSimpleName() + " not deployed: its path is served only with a trailing slash", e);
            }
        }
    }
}
