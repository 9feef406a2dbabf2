package io.inbox.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.inbox.testing.Api;
import io.inbox.testing.Ids;
import io.inbox.testing.InboxDeployment;
import io.inbox.testing.TestTokens;
import io.inbox.testing.WsClient;
import java.net.URI;
import java.net.URL;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Base of the Arquillian integration tests: the real WAR on the server of the run's Arquillian container (Payara
 * Micro by default, one JVM per test class; WildFly, Open Liberty or GlassFish in their runs, one server per run),
 * driven from outside as a client would. {@link #baseUrl} is where the container says the deployment is served.
 * Every subclass runs on every server ({@link ServerTags#ANY_SERVER}), less its tests tagged with a feature that
 * a server does not serve.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@Tag(ServerTags.ANY_SERVER)
abstract class ServerIT {
    /** How long a deployment's first handshake may take (its WebSocket container and CDI beans start lazily). */
    private static final long FIRST_HANDSHAKE_SECONDS = 180;
    /** The deployments of this test JVM that have answered: each is awaited once, before its first test. */
    private static final Set<URI> ANSWERING = ConcurrentHashMap.newKeySet();

    @ArquillianResource
    URL baseUrl;
    URI base;
    Api api;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return InboxDeployment.war();
    }

    @BeforeEach
    void connectToServer() throws Exception {
        base = baseUrl.toURI();
        api = new Api(base);
        if (!ANSWERING.contains(base)) {
            awaitFirstAnswers();
            ANSWERING.add(base);
        }
    }

    /**
     * A deployment that its container reports started can take long to answer its first requests on a busy machine
     * (JAX-RS, CDI and the WebSocket container initialise on first use: over 5 s at a load of 20 on 2 cores), longer
     * than a test waits for a frame. The first REST call (no request timeout) and the first handshake are awaited
     * here, once per deployment, so that the tests' own waits measure the server, not its warm-up.
     */
    private void awaitFirstAnswers() {
        assertEquals(401, api.get("/api/me/", null).status(), "an anonymous call to " + base + "api/me/");
        try (WsClient first = WsClient.connect(base, "/ws/inbox/", TestTokens.valid(Ids.user()), FIRST_HANDSHAKE_SECONDS)) {
            first.next("connection_established", FIRST_HANDSHAKE_SECONDS);
        }
    }
}
