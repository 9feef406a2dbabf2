package io.inbox.it;

/**
 * The JUnit tags that select the tests of each server's integration-test run (pom.xml; docs/deployment.md,
 * "Integration tests on each server"). Every {@link ServerIT} runs on every server, less the tests of a feature that
 * the server does not serve; which server leaves out which tag is written in its failsafe execution.
 */
final class ServerTags {
    /** The real WAR driven over HTTP and WebSocket only, on whichever server the run's Arquillian adapter starts. */
    static final String ANY_SERVER = "any-server";
    /** MicroProfile Health at {@code /health} on the application's port (GlassFish: none; WildFly: on port 9990). */
    static final String HEALTH_ENDPOINT = "health-endpoint";
    /** inbox's own metrics at {@code /metrics} (GlassFish and WildFly: no MicroProfile Metrics). */
    static final String METRICS_ENDPOINT = "metrics-endpoint";
    /** MicroProfile OpenAPI at {@code /openapi} (GlassFish: none). */
    static final String OPENAPI_ENDPOINT = "openapi-endpoint";
    /** {@code /ws/chat/{id}} without the trailing slash (WildFly's Undertow serves only {@code /ws/chat/{id}/}). */
    static final String CHAT_PATH_WITHOUT_SLASH = "chat-path-without-slash";

    private ServerTags() {
    }
}
